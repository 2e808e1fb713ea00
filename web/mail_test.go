package web

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	pmail "github.com/parley-desk/parley/mail"
	"github.com/parley-desk/parley/store"
)

// mailDesk is a desk whose letters go to an outbox folder.
func mailDesk(t *testing.T) (*httptest.Server, *store.DB, string) {
	outbox := filepath.Join(t.TempDir(), "outbox")
	d := newDesk(t, func(s *Server) {
		s.SetMailer(pmail.Outbox{Dir: outbox}, outbox)
		s.SetBaseURL("https://desk.example.com")
	})
	return d.ts, d.db, outbox
}

// upload posts a file to the import form.
func upload(t *testing.T, ts *httptest.Server, c *http.Client, name string, data []byte) (int, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, _ := mw.CreateFormFile("mail", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", ts.URL+"/leads/import", &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	page, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(page)
}

const inquiryEML = "From: Liisa Korhonen <liisa@example.fi>\r\nTo: anna@example.fi\r\nSubject: =?utf-8?q?Tarjouspyynt=C3=B6?=\r\nMessage-ID: <q1@example.fi>\r\nDate: Mon, 30 Nov 2026 08:00:00 +0200\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHei! Tarvitsemme viisi laskeutumissivua. Maksamme vasta kun kaikki on valmista.\r\n"

// E-mail in and out of the desk: an inquiry imported from an .eml becomes
// a screened lead with its client; the proposal goes out to the outbox as
// a letter in the client's language with a link to their page; the
// client's reply, threaded by In-Reply-To, lands in the deal.
func TestMailInAndOut(t *testing.T) {
	ts, _, outbox := mailDesk(t)
	c := browser(t)
	run(t, ts, c, []step{setUpA, {method: "GET", path: "/leads/import", status: 200, has: []string{"Import e-mail"}}})
	code, page := upload(t, ts, c, "inquiry.eml", []byte(inquiryEML))
	if code != 200 || !strings.Contains(page, "New lead #1") {
		t.Fatalf("import: %d\n%s", code, page)
	}
	if code, page := upload(t, ts, c, "inquiry.eml", []byte(inquiryEML)); code != 200 || !strings.Contains(page, "Already imported") {
		t.Errorf("second import: %d\n%s", code, page)
	}
	if code, page := upload(t, ts, c, "notes.pdf", []byte("%PDF-1.4 not mail")); code != 400 || !strings.Contains(page, "Not imported") {
		t.Errorf("a PDF: %d\n%s", code, page)
	}
	run(t, ts, c, []step{
		{method: "GET", path: "/leads/1", status: 200, has: []string{"postpayment", "Tarjouspyyntö"}},
		{method: "GET", path: "/deals/new?lead=1", status: 200, has: []string{`value="Liisa Korhonen"`, `value="liisa@example.fi"`}},
		{method: "POST", path: "/deals", form: url.Values{"lead": {"1"}, "title": {"Laskeutumissivut"}, "client": {"Liisa Korhonen"}, "email": {"liisa@example.fi"}, "language": {"fi"}, "service": {"landing"}, "quantity": {"5"}}, status: 303},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"Send: the proposal", "liisa@example.fi"}},
		{method: "POST", path: "/deals/1/letters", form: url.Values{"kind": {"proposal"}, "to": {"not an address"}, "body": {"x"}}, status: 400, has: []string{"not an e-mail address"}},
		{method: "POST", path: "/deals/1/letters", form: url.Values{"kind": {"poem"}, "to": {"liisa@example.fi"}, "body": {"x"}}, status: 400},
		{method: "POST", path: "/deals/1/letters", form: url.Values{"kind": {"proposal"}, "to": {"liisa@example.fi"}, "body": {"Tarjous: viisi laskeutumissivua, 4500 EUR."}}, status: 303},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"Sent the proposal to the outbox "}, not: []string{"Send: the terms to confirm"}},
		{method: "POST", path: "/deals/1/agreements", status: 303},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"Send: the terms to confirm", "versio 1"}},
	})
	files, _ := os.ReadDir(outbox)
	if len(files) != 1 {
		t.Fatalf("%d letters in the outbox", len(files))
	}
	raw, _ := os.ReadFile(filepath.Join(outbox, files[0].Name()))
	sent, errs := pmail.Read(files[0].Name(), bytes.NewReader(raw))
	if len(errs) > 0 || len(sent) != 1 {
		t.Fatalf("the letter reads back: %v", errs)
	}
	link := regexp.MustCompile(`https://desk\.example\.com/p/cp_[A-Za-z0-9_-]+`).FindString(sent[0].Text)
	if link == "" || !strings.Contains(sent[0].Subject, "Laskeutumissivut") || sent[0].To[0].Email != "liisa@example.fi" {
		t.Fatalf("the letter: subject %q, to %v, text:\n%s", sent[0].Subject, sent[0].To, sent[0].Text)
	}
	// The link in the letter opens the client's page.
	run(t, ts, browser(t), []step{{method: "GET", path: strings.TrimPrefix(link, "https://desk.example.com"), status: 200, has: []string{"Laskeutumissivut"}}})
	reply := "From: Liisa Korhonen <liisa@example.fi>\r\nTo: anna@example.fi\r\nSubject: Re: tarjous\r\nMessage-ID: <r1@example.fi>\r\nIn-Reply-To: <" + sent[0].MessageID + ">\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVoimmeko maksaa 50 % nyt ja 50 % toimituksen jälkeen?\r\n"
	if code, page := upload(t, ts, c, "reply.eml", []byte(reply)); code != 200 || !strings.Contains(page, "on deal #1") {
		t.Fatalf("reply import: %d\n%s", code, page)
	}
	run(t, ts, c, []step{{method: "GET", path: "/deals/1", status: 200, has: []string{"Voimmeko maksaa", "staged_prepayment"}}})
}

// The calendar feed: a secret address, valid iCalendar with the promises,
// the stages due and the deliveries; a wrong address is 404.
func TestCalendarFeed(t *testing.T) {
	ts, _, _ := mailDesk(t)
	c := browser(t)
	run(t, ts, c, []step{
		setUpA,
		{method: "POST", path: "/deals", form: url.Values{"title": {"Sivut"}, "client": {"Liisa"}, "language": {"fi"}, "service": {"landing"}, "quantity": {"4"}, "stages": {"2"}}, status: 303},
		{method: "POST", path: "/deals/1/stages", status: 303},
		{method: "POST", path: "/deals/1/commitments", form: url.Values{"owner": {"client"}, "what": {"lähettää brief; pilkut, ja puolipisteet"}, "due": {"2026-12-02"}}, status: 303},
		{method: "POST", path: "/deals/1/stages/1/paid", status: 303},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"deliver stage 1"}},
		{method: "POST", path: "/settings/calendar", status: 303},
	})
	resp, err := c.Get(ts.URL + "/settings/calendar")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`<code id="feed">https://desk\.example\.com(/calendar/cf_[^<]+\.ics)</code>`).FindStringSubmatch(string(b))
	if m == nil {
		t.Fatalf("no feed address:\n%s", b)
	}
	resp, err = http.Get(ts.URL + m[1])
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("feed: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("the feed does not parse: %v\n%s", err, body)
	}
	var summaries []string
	for _, e := range cal.Events() {
		summaries = append(summaries, e.GetProperty(ics.ComponentPropertySummary).Value)
	}
	all := strings.Join(summaries, "\n")
	for _, want := range []string{"lähettää brief", "deliver stage 1", "Sivut"} {
		if !strings.Contains(all, want) {
			t.Errorf("feed lacks %q:\n%s", want, all)
		}
	}
	if resp, _ := http.Get(ts.URL + "/calendar/cf_wrong.ics"); resp.StatusCode != 404 {
		t.Errorf("wrong feed: %d", resp.StatusCode)
	}
}

// M8: a planned price change's notice goes to the client by e-mail.
func TestNoticeByMail(t *testing.T) {
	ts, _, outbox := mailDesk(t)
	c := browser(t)
	run(t, ts, c, []step{
		setUpA,
		{method: "POST", path: "/deals", form: url.Values{"title": {"Статьи"}, "client": {"Мария"}, "email": {"maria@example.ru"}, "language": {"ru"}, "service": {"landing"}, "quantity": {"1"}}, status: 303},
		{method: "POST", path: "/clients/1/price-changes", form: url.Values{"service": {"landing"}, "old_rate": {"900"}, "new_rate": {"1000"}, "effective": {"2027-01-15"}, "reason": {"Исследования занимают больше времени."}}, status: 303},
		{method: "POST", path: "/clients/1/price-changes/1/send", status: 303},
		{method: "GET", path: "/clients/1", status: 200, has: []string{"Sent the price-change notice to the outbox"}},
		{method: "POST", path: "/clients/1/price-changes/9/send", status: 404},
	})
	files, _ := os.ReadDir(outbox)
	if len(files) != 1 {
		t.Fatalf("%d letters", len(files))
	}
	raw, _ := os.ReadFile(filepath.Join(outbox, files[0].Name()))
	got, _ := pmail.Read("notice.eml", bytes.NewReader(raw))
	if len(got) != 1 || !strings.Contains(got[0].Text, "Исследования занимают больше времени.") || got[0].To[0].Email != "maria@example.ru" {
		t.Errorf("the notice: %+v", got)
	}
}
