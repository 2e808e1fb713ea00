package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// parley serve refuses bad mail and address settings before it opens
// anything, with a message that says what to write.
func TestServeRefusesBadSettings(t *testing.T) {
	home := t.TempDir()
	db := filepath.Join(home, "desk.db")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--smtp", "smtp.example.com"}, "write HOST:PORT"},
		{[]string{"--smtp", "smtp.example.com:0"}, "write HOST:PORT"},
		{[]string{"--smtp", "localhost:2525", "--smtp-tls", "sometimes"}, "mandatory, opportunistic or none"},
		{[]string{"--url", "desk.example.com"}, "give the full address"},
		{[]string{"--addr", "127.0.0.1:99999"}, "cannot listen"},
		{[]string{"extra"}, "takes no arguments"},
	} {
		_, errOut, code := runHome(t, home, "", append([]string{"serve", "--addr", "127.0.0.1:0", "--db", db}, tt.args...)...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
}
