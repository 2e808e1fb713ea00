package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNegotiateCommands(t *testing.T) {
	home := t.TempDir()
	if _, errOut, code := runHome(t, home, "", "policy", "init"); code != 0 {
		t.Fatal(errOut)
	}
	deal := filepath.Join(home, "deal.json")
	out, errOut, code := runHome(t, home, "", "negotiate", "new", "--deal", deal, "--service", "landing=5", "--client", "Anna Smith", "--lang", "en", "--batna", "agency retainer")
	if code != 0 || !strings.Contains(out, "4500.00 EUR") {
		t.Fatalf("new: exit %d %s %s", code, out, errOut)
	}
	if _, errOut, code := runHome(t, home, "", "negotiate", "new", "--deal", deal, "--service", "landing"); code == 0 || !strings.Contains(errOut, "--force") {
		t.Errorf("new over an existing deal: exit %d %s", code, errOut)
	}

	// The client's message: asks, moves and the reply; recorded.
	msg := "Thanks for the quote! Can we pay 50% now and 50% after delivery? Also we need an NDA."
	out, errOut, code = runHome(t, home, msg, "negotiate", "--deal", deal, "--format", "json", "-")
	if code != 0 {
		t.Fatalf("message: exit %d %s", code, errOut)
	}
	var an struct {
		Language string
		Asks     []struct{ Code string }
		Moves    []struct{ ID, Kind string }
		Reply    string
		Whose    string `json:"whose_move"`
	}
	if err := json.Unmarshal([]byte(out), &an); err != nil {
		t.Fatal(err)
	}
	if an.Language != "en" || len(an.Asks) != 2 || an.Moves[0].Kind != "staged_prepayment" || an.Whose != "me" || !strings.Contains(an.Reply, "€1,125.00") {
		t.Errorf("analysis: %+v", an)
	}

	// A move that does not exist: exit 2, the file untouched.
	before, _ := os.ReadFile(deal)
	if _, errOut, code := runHome(t, home, "", "negotiate", "accept", "free_lunch", "--deal", deal); code != 2 || !strings.Contains(errOut, "not one of the pending moves") {
		t.Errorf("bogus move: exit %d %s", code, errOut)
	}
	if after, _ := os.ReadFile(deal); string(after) != string(before) {
		t.Error("a refused move changed the deal file")
	}
	out, errOut, code = runHome(t, home, "", "negotiate", "accept", "nda_surcharge", "--deal", deal)
	if code != 0 || !strings.Contains(out, "price now 5850.00 EUR") {
		t.Errorf("accept: exit %d %s %s", code, out, errOut)
	}
	out, _, code = runHome(t, home, "", "negotiate", "status", "--deal", deal)
	if code != 0 || !strings.Contains(out, "the client's move") || !strings.Contains(out, "staged_prepayment") || !strings.Contains(out, "nda_surcharge") {
		t.Errorf("status: %s", out)
	}

	// Drafts: the notice needs 30 days; the follow-up goes once.
	if _, errOut, code := runHome(t, home, "", "negotiate", "draft", "notice", "--deal", deal, "--new-total", "7000", "--effective", "2026-12-10"); code != 2 || !strings.Contains(errOut, "at least 30") {
		t.Errorf("short notice: exit %d %s", code, errOut)
	}
	if out, errOut, code := runHome(t, home, "", "negotiate", "draft", "followup", "--deal", deal, "--at", "2026-12-10"); code != 0 || !strings.Contains(out, "still relevant") {
		t.Errorf("followup: exit %d %s %s", code, out, errOut)
	}
	if _, errOut, code := runHome(t, home, "", "negotiate", "draft", "followup", "--deal", deal, "--at", "2026-12-17"); code != 2 || !strings.Contains(errOut, "one reminder") {
		t.Errorf("second followup: exit %d %s", code, errOut)
	}
	notes := writeFile(t, "notes.txt", "landing pages for the winter sale\nfour stages\n")
	if out, _, code := runHome(t, home, "", "negotiate", "draft", "summary", "--deal", deal, "--notes", notes); code != 0 || !strings.Contains(out, "- four stages") {
		t.Errorf("summary: %s", out)
	}

	// A message in another language: said so, amounts and dates still read.
	out, _, code = runHome(t, home, "Можете сделать за 3000 евро до 15 декабря?", "negotiate", "--deal", deal, "--dry-run")
	if code != 0 || !strings.Contains(out, "other_language") || !strings.Contains(out, "3000.00 EUR") {
		t.Errorf("foreign message: exit %d\n%s", code, out)
	}
}

func TestNegotiateBadInput(t *testing.T) {
	home := t.TempDir()
	runHome(t, home, "", "policy", "init")
	corrupt := writeFile(t, "corrupt.json", "{\n  \"version\": 1,\n  \"client\": {,\n}")
	wrongType := writeFile(t, "type.json", "{\"version\": \"one\"}")
	tests := []struct {
		name   string
		args   []string
		stdin  string
		stderr string
	}{
		{"no deal flag", []string{"negotiate", "-"}, "hello", "--deal FILE"},
		{"missing deal", []string{"negotiate", "--deal", filepath.Join(home, "nope.json"), "-"}, "hello", "no deal file"},
		{"corrupt deal", []string{"negotiate", "--deal", corrupt, "-"}, "hello", "corrupt.json:3: the deal file is not valid JSON"},
		{"wrong type", []string{"negotiate", "--deal", wrongType, "-"}, "hello", "version should be int"},
		{"unknown draft", []string{"negotiate", "draft", "poem", "--deal", corrupt}, "", "not valid JSON"},
		{"bad at", []string{"negotiate", "status", "--deal", corrupt, "--at", "yesterday"}, "", "not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := runHome(t, home, tt.stdin, tt.args...)
			if code != 2 || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tt.stderr)
			}
		})
	}
	// An empty message is refused before anything is written.
	deal := filepath.Join(home, "d.json")
	runHome(t, home, "", "negotiate", "new", "--deal", deal, "--service", "landing")
	before, _ := os.ReadFile(deal)
	if _, errOut, code := runHome(t, home, "  ", "negotiate", "--deal", deal, "-"); code != 2 || !strings.Contains(errOut, "empty") {
		t.Errorf("empty message: exit %d %s", code, errOut)
	}
	if after, _ := os.ReadFile(deal); string(after) != string(before) {
		t.Error("an empty message changed the deal")
	}
}
