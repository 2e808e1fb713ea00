package mail

import (
	"strings"
	"testing"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/locale"
)

func testLetter() Letter {
	return Letter{
		From:      Address{"Anna", "anna@freelance.example"},
		To:        Address{"Tom", "tom@client.example"},
		DealTitle: "Website copy",
		Body:      "Hello Tom,\n\nthe draft is below.",
		PortalURL: "https://desk.example/p/abc",
		Signature: "Anna",
	}
}

// Every kind in every language has a subject with the title, the portal
// sentence and link, a closing and the signature, in both parts.
func TestComposeEveryKind(t *testing.T) {
	for _, lang := range locale.Languages {
		cat, err := loadCatalog(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, kind := range kinds() {
			t.Run(lang+"/"+kind, func(t *testing.T) {
				m, err := Compose(lang, kind, testLetter())
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(m.Subject, "Website copy") || strings.Contains(m.Subject, "[") {
					t.Errorf("Subject %q lacks the deal title or shows a wording error", m.Subject)
				}
				portal := cat.T("portal_"+kind, nil)
				wantText := "Hello Tom,\n\nthe draft is below.\n\n" + portal + "\nhttps://desk.example/p/abc\n\n" + cat.List("closings")[0] + "\nAnna\n"
				if m.Text != wantText {
					t.Errorf("Text:\n%q\nwant\n%q", m.Text, wantText)
				}
				for _, w := range []string{portal, `<a href="https://desk.example/p/abc">`, "<p>Hello Tom,</p>", `<html lang="` + lang + `">`} {
					if !strings.Contains(m.HTML, w) {
						t.Errorf("HTML lacks %q:\n%s", w, m.HTML)
					}
				}
				if m.Language != lang || m.MessageID == "" || m.Date.IsZero() {
					t.Errorf("Language %q MessageID %q Date %v", m.Language, m.MessageID, m.Date)
				}
				// Without a title the subject still reads well.
				l := testLetter()
				l.DealTitle = ""
				m2, err := Compose(lang, kind, l)
				if err != nil || m2.Subject == "" || strings.Contains(m2.Subject, "[") || strings.HasSuffix(m2.Subject, ": ") {
					t.Errorf("Subject without a title: %q (%v)", m2.Subject, err)
				}
			})
		}
	}
}

// P10: no pressure in anything the catalogs say to a client.
func TestCatalogsDoNotPush(t *testing.T) {
	pressure := map[string][]string{
		"en": {"urgent", "hurry", "last chance", "only today", "expires", "limited", "act now", "don't miss", "countdown", "left to", "before it's too late", "asap"},
		"fi": {"kiire", "viimeinen", "vain tänään", "heti", "rajoitettu", "älä missaa", "umpeutuu", "ehdi"},
		"ru": {"срочно", "успейте", "последний шанс", "только сегодня", "осталось", "ограничен", "не упустите", "немедленно", "истекает"},
	}
	for _, lang := range locale.Languages {
		cat, err := loadCatalog(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, kind := range kinds() {
			for _, s := range []string{cat.T("subject_"+kind, struct{ Title string }{"X"}), cat.T("portal_"+kind, nil)} {
				for _, w := range pressure[lang] {
					if strings.Contains(strings.ToLower(s), w) {
						t.Errorf("%s %s: %q pushes the client (%q)", lang, kind, s, w)
					}
				}
			}
		}
	}
}

func TestComposeRefuses(t *testing.T) {
	tests := []struct {
		name, lang, kind string
		edit             func(*Letter)
		want             string
	}{
		{"unknown language", "de", KindProposal, nil, `language "de"`},
		{"language as a path", "../text/en", KindProposal, nil, "write en, fi or ru"},
		{"unknown kind", "en", "invoice", nil, `kind "invoice"`},
		{"empty body", "en", KindReply, func(l *Letter) { l.Body = " \n\n " }, "no text"},
		{"bad recipient", "en", KindReply, func(l *Letter) { l.To.Email = "tom at client" }, "recipient address"},
		{"recipient with a name inside", "en", KindReply, func(l *Letter) { l.To.Email = "Tom <tom@client.example>" }, "recipient address"},
		{"no sender", "fi", KindReply, func(l *Letter) { l.From.Email = "" }, "sender address is missing"},
		{"script link", "en", KindProposal, func(l *Letter) { l.PortalURL = "javascript:alert(1)" }, "portal link"},
		{"relative link", "en", KindProposal, func(l *Letter) { l.PortalURL = "/p/abc" }, "portal link"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := testLetter()
			if tc.edit != nil {
				tc.edit(&l)
			}
			_, err := Compose(tc.lang, tc.kind, l)
			if parley.ErrorCode(err) != parley.EINVALID || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want EINVALID with %q", err, tc.want)
			}
		})
	}
}

// Whatever the freelancer or the client typed is text in the HTML part,
// never markup.
func TestComposeEscapesHTML(t *testing.T) {
	l := testLetter()
	l.DealTitle = `</title><script>alert("t")</script>`
	l.Body = "Price <b>1 000 €</b> & more\n<script>alert('x')</script>"
	l.Signature = `Anna <img src=x onerror=alert(1)>`
	l.PortalURL = `https://desk.example/p/a?x="><script>alert(1)</script>`
	m, err := Compose("en", KindProposal, l)
	if err == nil {
		t.Fatalf("a link with quotes and tags was accepted: %s", m.HTML)
	}
	l.PortalURL = "https://desk.example/p/a?x=1&y=2"
	m, err = Compose("en", KindProposal, l)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script", "<img", "<b>"} {
		if strings.Contains(m.HTML, bad) {
			t.Errorf("HTML holds %q unescaped:\n%s", bad, m.HTML)
		}
	}
	for _, want := range []string{"&lt;b&gt;1 000 €&lt;/b&gt; &amp; more<br>", "&lt;img src=x onerror=alert(1)&gt;", `href="https://desk.example/p/a?x=1&amp;y=2"`} {
		if !strings.Contains(m.HTML, want) {
			t.Errorf("HTML lacks %q:\n%s", want, m.HTML)
		}
	}
	if !strings.Contains(m.Text, "<script>alert('x')</script>") {
		t.Errorf("the text part should keep the draft as written:\n%s", m.Text)
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		t.Errorf("Subject spans lines: %q", m.Subject)
	}
}

// A draft that already ends with a closing (and the name) keeps it once,
// after the portal link.
func TestComposeClosing(t *testing.T) {
	tests := []struct {
		lang, body, want string
	}{
		{"en", "Hello,\n\nthe text.\n\nBest regards", "Hello,\n\nthe text.\n\nP\nhttps://desk.example/p/abc\n\nBest regards\nAnna\n"},
		{"en", "Hello,\n\nthe text.\n\nKind regards,\nAnna", "Hello,\n\nthe text.\n\nP\nhttps://desk.example/p/abc\n\nKind regards,\nAnna\n"},
		{"en", "Hello,\nthe text.\nThanks!", "Hello,\nthe text.\n\nP\nhttps://desk.example/p/abc\n\nThanks!\nAnna\n"},
		{"fi", "Hei,\n\nteksti.\n\nYstävällisin terveisin\nAnna", "Hei,\n\nteksti.\n\nP\nhttps://desk.example/p/abc\n\nYstävällisin terveisin\nAnna\n"},
		{"ru", "Добрый день!\r\n\r\nТекст.\r\n\r\nС уважением,", "Добрый день!\n\nТекст.\n\nP\nhttps://desk.example/p/abc\n\nС уважением,\nAnna\n"},
		{"ru", "Текст без подписи.", "Текст без подписи.\n\nP\nhttps://desk.example/p/abc\n\nС уважением\nAnna\n"},
	}
	for _, tc := range tests {
		l := testLetter()
		l.Body = tc.body
		m, err := Compose(tc.lang, KindReply, l)
		if err != nil {
			t.Fatal(err)
		}
		cat, _ := loadCatalog(tc.lang)
		want := strings.Replace(tc.want, "P\n", cat.T("portal_reply", nil)+"\n", 1)
		if m.Text != want {
			t.Errorf("%s %q:\n got %q\nwant %q", tc.lang, tc.body, m.Text, want)
		}
	}
}

func TestComposeKeepsThread(t *testing.T) {
	l := testLetter()
	l.MessageID, l.InReplyTo, l.References = "mine@freelance.example", "<theirs@client.example>", []string{"<a@x>", "theirs@client.example"}
	m, err := Compose("en", KindReply, l)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := Bytes(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Message-ID: <mine@freelance.example>\r\n", "In-Reply-To: <theirs@client.example>\r\n", "References: <a@x> <theirs@client.example>\r\n"} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("message lacks %q:\n%s", want, raw)
		}
	}
	m.InReplyTo = "two words@x"
	if _, err := Bytes(m); parley.ErrorCode(err) != parley.EINVALID {
		t.Errorf("a message ID with a space: error %v, want EINVALID", err)
	}
}
