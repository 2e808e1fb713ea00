package mail

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-desk/parley"
)

func TestOutbox(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "outbox")
	m, err := Compose("fi", KindProposal, Letter{
		From: Address{"Anna Määttä", "anna@freelance.example"}, To: Address{"Jörö", "joro@yritys.example"},
		DealTitle: "käännös", Body: "Hei,\n\ntässä tarjous.", PortalURL: "https://desk.example/p/t", Signature: "Anna Määttä",
		MessageID: "<a/b:c@freelance.example>",
	})
	if err != nil {
		t.Fatal(err)
	}
	var s Sender = Outbox{Dir: dir}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	path, err := Outbox{Dir: dir}.Save(context.Background(), m) // the same letter again replaces its file
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || filepath.Join(dir, entries[0].Name()) != path {
		t.Fatalf("outbox holds %v, want only %s (no temporary files)", entries, path)
	}
	name := filepath.Base(path)
	if !strings.HasSuffix(name, "-a_b_c_freelance.example.eml") || !strings.HasPrefix(name, m.Date.UTC().Format("20060102T")) {
		t.Errorf("file name %q, want the date and the sanitized Message-ID", name)
	}
	for p, want := range map[string]os.FileMode{path: 0o600, dir: 0o700} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", p, st.Mode().Perm(), want)
		}
	}
	in, errs := ReadPath(context.Background(), path)
	if len(errs) > 0 || len(in) != 1 {
		t.Fatalf("reading the outbox file: %d messages, errors %v", len(in), errs)
	}
	if in[0].Subject != "Tarjous: käännös" || in[0].Text != m.Text || in[0].MessageID != "a/b:c@freelance.example" {
		t.Errorf("read back %+v", in[0])
	}
}

func TestOutboxRefuses(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	m, err := Compose("en", KindReply, testLetter())
	if err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		dir  string
		ctx  context.Context
		want string
	}{
		{"no folder", "", context.Background(), "no outbox folder"},
		{"folder is a file", file, context.Background(), "cannot be created"},
		{"cancelled", t.TempDir(), cancelled, "canceled"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := Outbox{Dir: tc.dir}.Send(tc.ctx, m)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one with %q", err, tc.want)
			}
			if tc.name != "cancelled" && parley.ErrorCode(err) != parley.EINVALID {
				t.Errorf("code %s, want EINVALID", parley.ErrorCode(err))
			}
		})
	}
}
