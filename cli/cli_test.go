package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func run(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" },
		Now: func() time.Time { return time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC) }}
	code = Main(context.Background(), args, env)
	return out.String(), errb.String(), code
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestScreenCommand(t *testing.T) {
	inquiry := writeFile(t, "inq.txt", "Hello, I need 20 slides designed by tomorrow morning. We pay only after the work is approved, no advance.")
	tests := []struct {
		name       string
		stdin      string
		args       []string
		code       int
		want, not  []string
		wantStderr string
	}{
		{"text from file", "", []string{"screen", inquiry}, 0, []string{"Verdict: NEGOTIATE", "rush (negotiate)", "postpayment (negotiate)", "Reply draft", "Friday 4 December", "up to 4 stages"}, []string{"\x1b["}, ""},
		{"json from stdin", "We can't pay now, but you'll get 10% of the profit once we launch.", []string{"screen", "--format", "json", "-"}, 0, []string{`"verdict": "decline"`, `"code": "pay_from_future_profit"`, `"quote":`}, nil, ""},
		{"flags after file", "", []string{"screen", inquiry, "--format", "json"}, 0, []string{`"language": "en"`}, nil, ""},
		{"clean inquiry", "Hi, we're a bakery in Leeds and need a landing page text, budget £600, within four weeks. No rush.", []string{"screen"}, 0, []string{"PROCEED", "No red flags"}, []string{"rush ("}, ""},
		{"color always", "", []string{"screen", "--color", "always", inquiry}, 0, []string{"\x1b["}, nil, ""},
		{"empty stdin", "", []string{"screen"}, 2, nil, nil, "stdin: the inquiry is empty"},
		{"missing file", "", []string{"screen", "/nonexistent/x.txt"}, 2, nil, nil, "no such file"},
		{"folder", "", []string{"screen", t.TempDir()}, 2, nil, nil, "is a folder"},
		{"bad format", "", []string{"screen", "--format", "xml", inquiry}, 2, nil, nil, "use text or json"},
		{"bad lang", "", []string{"screen", "--lang", "de", inquiry}, 2, nil, nil, "use en, fi or ru"},
		{"bad today", "", []string{"screen", "--today", "27.11.2026", inquiry}, 2, nil, nil, "YYYY-MM-DD"},
		{"unknown flag", "", []string{"screen", "--bogus", inquiry}, 2, nil, nil, "flag provided but not defined"},
		{"two files", "", []string{"screen", inquiry, inquiry}, 2, nil, nil, "one FILE"},
		{"invalid utf8", "abc \xff", []string{"screen"}, 2, nil, nil, "not valid UTF-8"},
		{"binary", "\x00\x01\x02", []string{"screen"}, 2, nil, nil, "binary"},
		{"help", "", []string{"screen", "-h"}, 0, []string{"Usage: parley screen", "--jsonl", "Examples:"}, nil, ""},
		{"help command", "", []string{"help", "screen"}, 0, []string{"Usage: parley screen"}, nil, ""},
		{"top help", "", []string{"help"}, 0, []string{"Commands:", "screen", "eval"}, nil, ""},
		{"no command", "", nil, 2, nil, nil, "Usage:"},
		{"unknown command", "", []string{"frobnicate"}, 2, nil, nil, "unknown command"},
		{"trace", "", []string{"screen", "--trace", inquiry}, 0, []string{"Tokens", "en.rules:"}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := run(t, tt.stdin, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("stdout lacks %q:\n%s", w, stdout)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(stdout, n) {
					t.Errorf("stdout has %q:\n%s", n, stdout)
				}
			}
			if tt.wantStderr != "" && !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("stderr lacks %q: %s", tt.wantStderr, stderr)
			}
			if tt.code == 2 && strings.Count(strings.TrimSpace(stderr), "\n") > 0 && !strings.Contains(stderr, "Usage:") {
				t.Errorf("error is not one line: %q", stderr)
			}
		})
	}
}

func TestScreenBatch(t *testing.T) {
	in := strings.Join([]string{
		`{"id": 1, "text": "Need it ASAP, we pay after delivery."}`,
		`not json`,
		`{"id": "b", "txt": "no text field"}`,
		`{"id": "c", "text": ""}`,
		`{"id": {"x": 2}, "text": "A clear brief: a logo for our cafe, budget 500 EUR, within three weeks."}`,
	}, "\n") + "\n"
	stdout, stderr, code := run(t, in, "screen", "--jsonl")
	if code != 1 {
		t.Fatalf("exit %d, want 1 (some lines failed); stderr %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 5 {
		t.Fatalf("%d result lines, want 5:\n%s", len(lines), stdout)
	}
	type result struct {
		ID      json.RawMessage `json:"id"`
		Verdict string          `json:"verdict"`
		Line    int             `json:"line"`
		Error   string          `json:"error"`
	}
	want := []struct{ id, verdict, err string }{
		{`1`, "negotiate", ""}, {`null`, "", "not a JSON object"}, {`"b"`, "", `no "text" field`}, {`"c"`, "", "empty"}, {`{"x":2}`, "proceed", ""},
	}
	for i, l := range lines {
		var r result
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("line %d is not JSON: %v", i+1, err)
		}
		if string(r.ID) != want[i].id || r.Verdict != want[i].verdict || !strings.Contains(r.Error, want[i].err) {
			t.Errorf("line %d: %s; want id %s verdict %q error %q", i+1, l, want[i].id, want[i].verdict, want[i].err)
		}
		if want[i].err != "" && r.Line != i+1 {
			t.Errorf("line %d: error result names line %d", i+1, r.Line)
		}
	}
	if !strings.Contains(stderr, "stdin:2: not a JSON object") || !strings.Contains(stderr, "3 of 5 lines failed") {
		t.Errorf("stderr: %s", stderr)
	}
}

func TestEvalCommand(t *testing.T) {
	data := writeFile(t, "l.jsonl", `{"id":"x1","lang":"en","text":"We need this by tomorrow morning.","flags":["rush"],"verdict":"negotiate"}
{"id":"x2","lang":"en","text":"Hi, a logo for our cafe, budget 500 EUR, in three weeks.","flags":[],"verdict":"proceed"}
`)
	stdout, _, code := run(t, "", "eval", "screen", "--verbose", data)
	if code != 0 || !strings.Contains(stdout, "micro-F1 1.000") || !strings.Contains(stdout, "verdict accuracy 1.000") {
		t.Fatalf("exit %d:\n%s", code, stdout)
	}
	bad := writeFile(t, "b.jsonl", `{"id":"x1","lang":"en","text":"We need this by tomorrow morning.","flags":[],"verdict":"proceed"}`+"\n")
	stdout, stderr, code := run(t, "", "eval", "screen", "--verbose", "--min-f1", "0.9", bad)
	if code != 1 || !strings.Contains(stdout, "miss x1") || !strings.Contains(stderr, "below the bar") {
		t.Fatalf("exit %d:\n%s\n%s", code, stdout, stderr)
	}
	_, stderr, code = run(t, "", "eval", "screen", writeFile(t, "c.jsonl", "{oops\n"))
	if code != 2 || !strings.Contains(stderr, "c.jsonl:1: not a JSON object") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}

func TestRulesOverride(t *testing.T) {
	dir := t.TempDir()
	if _, stderr, code := run(t, "", "rules", "dump", dir); code != 0 {
		t.Fatalf("dump: %s", stderr)
	}
	if _, _, code := run(t, "", "rules", "dump", dir); code == 0 {
		t.Fatalf("dump over existing files succeeded without --force")
	}
	// A new rule in the override folder changes the screening.
	path := filepath.Join(dir, "en.rules")
	b, _ := os.ReadFile(path)
	if err := os.WriteFile(path, append(b, []byte("\nflag rush\n+ whenever ..0 convenient\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := run(t, "A logo for our cafe whenever convenient.", "screen", "--rules", dir, "--format", "json")
	if code != 0 || !strings.Contains(stdout, `"code": "rush"`) {
		t.Fatalf("exit %d: %s %s", code, stdout, stderr)
	}
	// A broken rule is reported with file and line, exit 2.
	if err := os.WriteFile(path, []byte("language en\nflag rush\n+ [a|b\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = run(t, "x", "screen", "--rules", dir)
	if code != 2 || !strings.Contains(stderr, "en.rules:3") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}

// TestBinary builds the real binary and drives it like a user: the README
// example, a 20 MB file, a binary file and a streamed batch.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "parley")
	// The release build, as README.md gives it: without the symbol table
	// and DWARF, which only a debugger reads.
	build := exec.Command("go", "build", "-ldflags=-s -w", "-o", bin, "../cmd/parley")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	if st, err := os.Stat(bin); err != nil || st.Size() > 25<<20 {
		t.Fatalf("binary size: %v %v (limit 25 MB)", st.Size(), err)
	}
	big := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(big, bytes.Repeat([]byte("please write it fast "), 20<<20/21), 0o644); err != nil {
		t.Fatal(err)
	}
	bin2 := filepath.Join(t.TempDir(), "blob.bin")
	os.WriteFile(bin2, []byte{0x7f, 'E', 'L', 'F', 0, 0, 1, 2}, 0o644)
	tests := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"screen", "../examples/inquiry-en.txt"}, 0, "Verdict: CAUTION", ""},
		{[]string{"screen", "--jsonl", "../examples/batch.jsonl"}, 0, `"id":"d-en-016"`, ""},
		{[]string{"screen", big}, 2, "", "big.txt: over the 256 KB limit"},
		{[]string{"screen", bin2}, 2, "", "blob.bin: the input holds a NUL byte"},
	}
	for _, tt := range tests {
		cmd := exec.Command(bin, tt.args...)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		if code != tt.code || !strings.Contains(out.String(), tt.stdout) || !strings.Contains(errb.String(), tt.stderr) {
			t.Errorf("parley %v: exit %d\nstdout: %.300s\nstderr: %s", tt.args, code, out.String(), errb.String())
		}
	}
}
