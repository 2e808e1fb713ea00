package cli

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/store"
)

// parley import mail: new inquiries become screened leads, a message
// already imported is skipped, a file that is not mail is named while the
// rest import (exit 1), a missing desk says how to make one (exit 2).
func TestImportMail(t *testing.T) {
	home := t.TempDir()
	desk := filepath.Join(home, "desk.db")
	if _, errOut, code := runHome(t, home, "", "import", "--db", desk, "mail", "../examples/inquiry-fi.eml"); code != 2 || !strings.Contains(errOut, "no desk at") {
		t.Errorf("no desk: %d %s", code, errOut)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, desk)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := db.SetUp(ctx, "Anna", "anna@example.fi", "Anna", "correct horse battery")
	db.Close()
	mbox := writeFile(t, "inbox.mbox", "From a@example.com Mon Nov 30 08:00:00 2026\nFrom: Ann <a@example.com>\nSubject: Logo\nMessage-ID: <m1@example.com>\n\nWe need a logo, budget 800 EUR, no rush.\n\n"+
		"From b@example.com Mon Nov 30 09:00:00 2026\nSubject: no sender\n\nHello\n\n"+
		"From c@example.com Mon Nov 30 10:00:00 2026\nFrom: Cyril <c@example.com>\nSubject: =?utf-8?b?0KLQtdC60YHRgtGL?=\nMessage-ID: <m3@example.com>\nContent-Type: text/plain; charset=utf-8\n\nНужны тексты для сайта, оплата только после сдачи.\n")
	tests := []struct {
		args []string
		code int
		has  []string
	}{
		{[]string{"../examples/inquiry-fi.eml"}, 0, []string{"lead 1: Laskeutumissivut verkkokauppaan (mikko@example.fi): negotiate"}},
		{[]string{"../examples/inquiry-fi.eml"}, 0, []string{"skipped: Laskeutumissivut verkkokauppaan"}},
		{[]string{mbox, "../examples/inquiry-en.txt"}, 1, []string{"lead 2: Logo", "inbox.mbox: message 2", "lead 3: Тексты", "inquiry-en.txt", "2 of 4 messages were not imported"}},
		{[]string{}, 2, []string{"needs a file or a folder"}},
	}
	for _, tt := range tests {
		out, errOut, code := runHome(t, home, "", append([]string{"import", "--db", desk, "mail"}, tt.args...)...)
		if code != tt.code {
			t.Errorf("%v: exit %d, want %d\n%s%s", tt.args, code, tt.code, out, errOut)
		}
		for _, h := range tt.has {
			if !strings.Contains(out+errOut, h) {
				t.Errorf("%v: output lacks %q:\n%s%s", tt.args, h, out, errOut)
			}
		}
	}
	db, _ = store.Open(ctx, desk)
	defer db.Close()
	ls, _, _ := db.Leads(ctx, u.WorkspaceID, "", parley.Page{})
	if len(ls) != 3 || ls[0].ClientID == 0 || ls[0].Source != "email" {
		t.Errorf("leads: %+v", ls)
	}
	if c, err := db.ClientNamed(ctx, u.WorkspaceID, "Cyril"); err != nil || c.Email != "c@example.com" || c.Language != "ru" {
		t.Errorf("client from the mail: %+v %v", c, err)
	}
}
