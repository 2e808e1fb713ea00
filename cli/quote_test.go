package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/store"
)

// runHome runs a command with HOME set to home, so that the default policy
// path is inside the test's folder.
func runHome(t *testing.T, home, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(k string) string {
			if k == "HOME" {
				return home
			}
			return ""
		},
		Now: func() time.Time { return time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC) }}
	code = Main(context.Background(), args, env)
	return out.String(), errb.String(), code
}

func TestPolicyCommands(t *testing.T) {
	home := t.TempDir()
	path := filepath.Join(home, ".config", "parley", "policy.toml")

	out, errOut, code := runHome(t, home, "", "policy", "init")
	if code != 0 || !strings.Contains(out, path) {
		t.Fatalf("init: exit %d, %s %s", code, out, errOut)
	}
	_, errOut, code = runHome(t, home, "", "policy", "init")
	if code == 0 || !strings.Contains(errOut, "--force") {
		t.Errorf("second init: exit %d, %s", code, errOut)
	}
	out, _, code = runHome(t, home, "", "policy", "check")
	if code != 0 || !strings.Contains(out, "is valid: 3 services in EUR") {
		t.Errorf("check: exit %d, %s", code, out)
	}
	out, _, code = runHome(t, home, "", "policy", "show")
	if code != 0 || !strings.Contains(out, "NDA: 20%–40%, default 30%") || !strings.Contains(out, "firm: boundaries, prepayment, price_floor, revisions") {
		t.Errorf("show: exit %d\n%s", code, out)
	}

	// A broken policy: every error with its file, line and field; exit 2.
	data, _ := os.ReadFile(path)
	broken := strings.Replace(string(data), "floor = 500\n", "floor = 5000\n", 1)
	broken = strings.Replace(broken, "max_stages = 4", "max_stages = 40", 1)
	bad := filepath.Join(home, "bad.toml")
	os.WriteFile(bad, []byte(broken), 0o644)
	_, errOut, code = runHome(t, home, "", "policy", "check", bad)
	if code != 2 {
		t.Fatalf("check broken: exit %d", code)
	}
	for _, want := range []string{bad + ":15: payment.max_stages: is 40", "services[0].floor: (5000.00) is above the rate", "has 3 errors"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	for _, args := range [][]string{{"policy", "init", "--example", "plumber"}, {"policy", "init", "--lang", "de", "--policy", filepath.Join(home, "x.toml")}} {
		if _, errOut, code := runHome(t, home, "", args...); code != 2 || !strings.Contains(errOut, "no example policy") {
			t.Errorf("%v: exit %d %s", args, code, errOut)
		}
	}
	if _, errOut, code := runHome(t, t.TempDir(), "", "policy", "check"); code != 2 || !strings.Contains(errOut, "parley policy init") {
		t.Errorf("missing policy: exit %d %s", code, errOut)
	}
}

func TestQuoteCommand(t *testing.T) {
	home := t.TempDir()
	if _, errOut, code := runHome(t, home, "", "policy", "init"); code != 0 {
		t.Fatal(errOut)
	}
	request := writeFile(t, "req.json", `{"services":[{"service":"landing","quantity":2},{"service":"article","quantity":"7.5","repeat":true}],
		"nda":true,"stages":2,"client_kind":"small_business","client":"Kuusi Oy","options":true}`)
	pdf := filepath.Join(home, "p.pdf")
	tests := []struct {
		name      string
		args      []string
		code      int
		want, not []string
		stderr    string
	}{
		{"text", []string{"quote", "--service", "landing"}, 0, []string{"Landing page copy: 1 item × €900.00", "Total", "€900.00", "Friday 4 December 2026", "Included:", "How we keep in touch"}, nil, ""},
		{"json", []string{"quote", "--service", "landing=2", "--stages", "2", "--format", "json"}, 0, []string{`"total": "1800.00"`, `"stage": 2`, `"amount": "900.00"`, `"delivery": "2026-12-09"`, `"refund_amount": "900.00"`, `"valid_until": "2026-12-14"`, `"response_hours": 24`}, nil, ""},
		{"request file", []string{"quote", "--request", request, "--format", "json"}, 0, []string{`"kind": "nda"`, `"kind": "repeat_structure"`, `"variant": "express"`}, nil, ""},
		{"markdown in finnish wording", []string{"quote", "--service", "landing", "--format", "markdown"}, 0, []string{"# Proposal", "| **Total** | **€900.00** |"}, nil, ""},
		{"html", []string{"quote", "--service", "landing", "--format", "html", "--client", "<b>x</b>"}, 0, []string{"<!doctype html>", "&lt;b&gt;x&lt;/b&gt;"}, []string{"<b>x</b>"}, ""},
		{"agency note", []string{"quote", "--service", "landing", "--client-kind", "agency"}, 0, nil, nil, "note (M1)"},
		{"pdf", []string{"quote", "--service", "landing", "--pdf", pdf}, 0, nil, nil, ""},
		{"rush refused", []string{"quote", "--service", "landing", "--rush", "2026-11-30", "--pdf", filepath.Join(home, "no.pdf")}, 2, nil, nil, "earliest honest date is Fri 4 Dec 2026"},
		{"unknown service", []string{"quote", "--service", "logo"}, 2, nil, nil, `unknown service "logo" (line 1); the policy has: landing, article, consult`},
		{"zero quantity", []string{"quote", "--service", "landing=0"}, 2, nil, nil, "must be more than zero"},
		{"bad quantity", []string{"quote", "--service", "landing=two"}, 2, nil, nil, "write ID=QTY"},
		{"overflow", []string{"quote", "--service", "landing=999999999999999999999"}, 2, nil, nil, "amount too large"},
		{"too many decimals", []string{"quote", "--service", "landing=1.0001"}, 2, nil, nil, "more than 3 decimals"},
		{"past start", []string{"quote", "--service", "landing", "--start", "2026-01-05"}, 2, nil, nil, "in the past"},
		{"too many stages", []string{"quote", "--service", "landing=3", "--stages", "9"}, 2, nil, nil, "allows 1 to 4"},
		{"future volume", []string{"quote", "--service", "landing", "--discount", "10", "--reason", "future_volume"}, 2, nil, nil, "(P4)"},
		{"nda out of range", []string{"quote", "--service", "landing", "--nda", "--nda-percent", "15"}, 2, nil, nil, "outside your policy's range 20.00–40.00"},
		{"bad format", []string{"quote", "--service", "landing", "--format", "pdf"}, 2, nil, nil, "--format"},
		{"no service", []string{"quote"}, 2, nil, nil, "no service"},
		{"bad request json", []string{"quote", "--request", writeFile(t, "bad.json", `{"servics":[]}`)}, 2, nil, nil, "unknown field"},
		{"help", []string{"quote", "-h"}, 0, []string{"Usage: parley quote", "--options", "Examples:"}, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runHome(t, home, "", tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s\n%s", code, tt.code, out, errOut)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(out, n) {
					t.Errorf("stdout has %q", n)
				}
			}
			if !strings.Contains(errOut, tt.stderr) {
				t.Errorf("stderr lacks %q: %s", tt.stderr, errOut)
			}
		})
	}
	if b, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Errorf("no PDF written: %v", err)
	}
	if _, err := os.Stat(filepath.Join(home, "no.pdf")); !os.IsNotExist(err) {
		t.Error("a refused quote wrote its PDF")
	}
}

// The JSON interface of DESIGN.md: stages add up, options are ordered.
func TestQuoteJSONShape(t *testing.T) {
	home := t.TempDir()
	runHome(t, home, "", "policy", "init", "--lang", "ru", "--example", "copywriter")
	out, errOut, code := runHome(t, home, "", "quote", "--service", "landing=6", "--stages", "4", "--options", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var q struct {
		Currency, Total, Delivery string
		Schedule                  []struct{ Amount, Due string }
		Options                   []struct{ Variant, Total string }
	}
	if err := json.Unmarshal([]byte(out), &q); err != nil {
		t.Fatal(err)
	}
	if q.Currency != "RUB" || len(q.Schedule) != 4 || len(q.Options) < 2 || q.Options[0].Variant != "full" {
		t.Errorf("%+v", q)
	}
}

func TestBackupCommands(t *testing.T) {
	home := t.TempDir()
	db := filepath.Join(home, "desk.db")
	backup := filepath.Join(home, "b.db")
	if out, errOut, code := runHome(t, home, "", "backup", "--db", db, backup); code != 0 || !strings.Contains(out, "backed up") {
		t.Fatalf("backup: %d %s %s", code, out, errOut)
	}
	if _, errOut, code := runHome(t, home, "", "backup", "--db", db, backup); code != 1 || !strings.Contains(errOut, "exists") {
		t.Errorf("backup over a file: %d %s", code, errOut)
	}
	if out, errOut, code := runHome(t, home, "", "restore", "--db", db, backup); code != 0 || !strings.Contains(out, "restored") {
		t.Errorf("restore: %d %s %s", code, out, errOut)
	}
	if _, errOut, code := runHome(t, home, "", "restore", "--db", db, filepath.Join(home, "none.db")); code != 2 {
		t.Errorf("restore of nothing: %d %s", code, errOut)
	}
	if _, errOut, code := runHome(t, home, "", "backup", "--db", "postgres://x@127.0.0.1:1/x", backup+"2"); code != 2 {
		t.Errorf("backup of an unreachable PostgreSQL: %d %s", code, errOut)
	}
}

func TestExportImport(t *testing.T) {
	home := t.TempDir()
	src, dst := filepath.Join(home, "src.db"), filepath.Join(home, "dst.db")
	ctx := context.Background()
	db, err := store.Open(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := db.SetUp(ctx, "Anna's desk", "a@example.fi", "Anna", "correct horse battery")
	c := &parley.Client{WorkspaceID: u.WorkspaceID, Name: "Kuusi Oy", Language: "fi", Kind: "small_business"}
	db.CreateClient(ctx, c)
	l := &parley.Lead{WorkspaceID: u.WorkspaceID, ClientID: c.ID, Inquiry: "Tarvitsemme tekstin, \"kiire\", 5 000 €", Language: "fi", Verdict: "negotiate", Screening: []byte(`{"flags":[]}`)}
	db.CreateLead(ctx, l)
	db.Close()
	runHome(t, home, "", "policy", "init")
	deal := filepath.Join(home, "deal.json")
	runHome(t, home, "", "negotiate", "new", "--deal", deal, "--service", "landing=2", "--client", "Kuusi")
	dealJSON, _ := os.ReadFile(deal)
	db, _ = store.Open(ctx, src)
	db.CreateDeal(ctx, &parley.DealRecord{WorkspaceID: u.WorkspaceID, LeadID: l.ID, ClientID: c.ID, Title: "Texts", Data: dealJSON})
	db.Close()

	out := filepath.Join(home, "desk.json")
	if _, errOut, code := runHome(t, home, "", "export", "--db", src, out); code != 0 || !strings.Contains(errOut, "exported 1 clients, 1 leads, 1 deals") {
		t.Fatalf("export: %d %s", code, errOut)
	}
	csvOut, _, code := runHome(t, home, "", "export", "--db", src, "--format", "csv", "--what", "deals")
	if code != 0 || !strings.Contains(csvOut, "id,title,status,client,currency,quoted,price,delivery,concessions") || !strings.Contains(csvOut, "Texts,open,Kuusi,EUR,1800.00,1800.00") {
		t.Errorf("csv: %s", csvOut)
	}
	// Into a new desk: the links are kept.
	db, _ = store.Open(ctx, dst)
	u2, _ := db.SetUp(ctx, "New desk", "b@example.fi", "B", "correct horse battery")
	db.Close()
	if msg, errOut, code := runHome(t, home, "", "import", "--db", dst, out); code != 0 || !strings.Contains(msg, "imported 1 clients, 1 leads, 1 deals") {
		t.Fatalf("import: %d %s %s", code, msg, errOut)
	}
	db, _ = store.Open(ctx, dst)
	defer db.Close()
	ls, _, _ := db.Leads(ctx, u2.WorkspaceID, "", parley.Page{})
	ds, _, _ := db.Deals(ctx, u2.WorkspaceID, parley.Page{})
	if len(ls) != 1 || len(ds) != 1 || ds[0].LeadID != ls[0].ID || ls[0].ClientID == 0 || ds[0].ClientID != ls[0].ClientID {
		t.Errorf("imported leads %+v deals %+v", ls, ds)
	}
	// Bad files: nothing is written.
	bad := writeFile(t, "bad.csv", "name,kind\nA,startup\n")
	if _, errOut, code := runHome(t, home, "", "import", "--db", dst, bad); code != 2 || !strings.Contains(errOut, "bad.csv:2: kind") {
		t.Errorf("bad csv: %d %s", code, errOut)
	}
	if _, errOut, code := runHome(t, home, "", "import", "--db", dst, writeFile(t, "x.json", `{"version":1,"clients":[{"name":""}]}`)); code != 2 || !strings.Contains(errOut, "no name") {
		t.Errorf("bad json: %d %s", code, errOut)
	}
	if cs, _, _ := db.Clients(ctx, u2.WorkspaceID, parley.Page{}); len(cs) != 1 {
		t.Errorf("a refused import wrote clients: %d", len(cs))
	}
	good := writeFile(t, "clients.csv", "name,email,language\nMikko,m@example.fi,fi\nOlga,o@example.ru,ru\n")
	if msg, errOut, code := runHome(t, home, "", "import", "--db", dst, good); code != 0 || !strings.Contains(msg, "imported 2 clients") {
		t.Errorf("csv import: %d %s %s", code, msg, errOut)
	}
}
