package screen

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOwnCases runs the hand-written cases of testdata/cases-*.txt: for
// each code in each language, inquiries that must raise it and harmless or
// negated uses that must not.
func TestOwnCases(t *testing.T) {
	s := newTestScreener(t)
	files, _ := filepath.Glob("testdata/cases-*.txt")
	if len(files) == 0 {
		t.Fatal("no testdata/cases-*.txt files")
	}
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		n := 0
		for sc.Scan() {
			n++
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			head, text, ok := strings.Cut(line, " | ")
			if !ok {
				t.Fatalf("%s:%d: want \"+ code | text\", \"- code | text\" or \"0 | text\"", file, n)
			}
			res, err := s.Screen(text, Options{})
			if err != nil {
				t.Fatalf("%s:%d: %v", file, n, err)
			}
			checkResult(t, text, res)
			fields := strings.Fields(head)
			switch {
			case fields[0] == "0":
				if len(res.Flags) > 0 {
					t.Errorf("%s:%d: want no flags, got %v in %q", file, n, codes(res), text)
				}
			case fields[0] == "+" && len(fields) == 2:
				if !res.Has(fields[1]) {
					t.Errorf("%s:%d: want %s, got %v in %q", file, n, fields[1], codes(res), text)
				}
			case fields[0] == "-" && len(fields) == 2:
				if res.Has(fields[1]) {
					t.Errorf("%s:%d: want no %s in %q", file, n, fields[1], text)
				}
			default:
				t.Fatalf("%s:%d: bad head %q", file, n, head)
			}
		}
		f.Close()
	}
}

func codes(r Result) []string {
	var out []string
	for _, f := range r.Flags {
		out = append(out, f.Code)
	}
	return out
}
