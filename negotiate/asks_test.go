package negotiate

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestAskCases runs testdata/asks-*.txt: "+ ask | message" must find the
// ask, "- ask | message" must not (a negated or harmless use).
func TestAskCases(t *testing.T) {
	a := newTestAssistant(t)
	files, _ := filepath.Glob("testdata/asks-*.txt")
	if len(files) < 1 {
		t.Fatalf("want testdata/asks-{en,fi,ru}.txt, found %v", files)
	}
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			head, text, ok := strings.Cut(line, " | ")
			fields := strings.Fields(head)
			if !ok || len(fields) != 2 || (fields[0] != "+" && fields[0] != "-") {
				t.Fatalf("%s:%d: want \"+ ask | message\" or \"- ask | message\"", file, n)
			}
			asks, _, err := a.asks(text, "")
			if err != nil {
				t.Fatalf("%s:%d: %v", file, n, err)
			}
			var got []string
			for _, k := range asks {
				got = append(got, k.Code)
			}
			if has := slices.Contains(got, fields[1]); has != (fields[0] == "+") {
				t.Errorf("%s:%d: %s %s, got %v in %q", file, n, fields[0], fields[1], got, text)
			}
		}
		f.Close()
	}
}
