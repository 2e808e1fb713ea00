package e2e

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/chromedp/chromedp"
	"github.com/emersion/go-smtp"

	pmail "github.com/parley-desk/parley/mail"
)

// inbox is a real SMTP server in the test process that keeps every
// message it is given.
type inbox struct {
	mu   sync.Mutex
	got  [][]byte
	addr string
}

func startInbox(t *testing.T) *inbox {
	t.Helper()
	in := &inbox{}
	s := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &inboxSession{in: in}, nil }))
	s.Domain, s.ReadTimeout, s.WriteTimeout = "localhost", 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(l)
	t.Cleanup(func() { s.Close() })
	in.addr = l.Addr().String()
	return in
}

// wait returns the n-th message (from 1) once it has arrived.
func (in *inbox) wait(t *testing.T, n int) []byte {
	t.Helper()
	for range 100 {
		in.mu.Lock()
		if len(in.got) >= n {
			m := in.got[n-1]
			in.mu.Unlock()
			return m
		}
		in.mu.Unlock()
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("message %d never arrived", n)
	return nil
}

type inboxSession struct{ in *inbox }

func (s *inboxSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *inboxSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *inboxSession) Reset()                               {}
func (s *inboxSession) Logout() error                        { return nil }
func (s *inboxSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.in.mu.Lock()
	s.in.got = append(s.in.got, b)
	s.in.mu.Unlock()
	return nil
}

const remoteInquiry = "From: =?utf-8?q?Mikko_Ker=C3=A4nen?= <mikko@example.fi>\r\n" +
	"To: anna@example.fi\r\nSubject: =?utf-8?q?Laskeutumissivut_verkkokauppaan?=\r\n" +
	"Message-ID: <inquiry-1@example.fi>\r\nDate: Mon, 30 Nov 2026 08:00:00 +0200\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
	"Hei! Tarvitsemme viisi laskeutumissivua verkkokauppaamme. Budjetti on noin 4 000 euroa, ja sivut pitäisi olla valmiina tammikuussa.\r\n"

// The article's remote negotiation, start to finish, on the real binary
// with a real browser and a real SMTP server: the inquiry comes in by
// e-mail and is screened; the quote with its options goes out by e-mail
// with the link to the client's page; the client asks there for 50 % now
// and 50 % after; the freelancer sees the recommended move (four staged
// prepayments) and sends it; the client accepts the staged terms, which
// confirms the agreement; stage 1 is marked paid; the next promise is on
// the dashboard and in the calendar feed.
func TestRemoteNegotiation(t *testing.T) {
	mailbox := startInbox(t)
	base := startDesk(t, "--smtp", mailbox.addr, "--smtp-tls", "none")
	ctx := newBrowser(t)
	eml := filepath.Join(t.TempDir(), "inquiry.eml")
	if err := os.WriteFile(eml, []byte(remoteInquiry), 0o600); err != nil {
		t.Fatal(err)
	}

	setUp(t, ctx, base, "Anna Lind")
	do(t, ctx, "import the inquiry by e-mail",
		chromedp.Navigate(base+"/leads/import"),
		chromedp.WaitVisible(chromedp.CSS("#mail")),
		chromedp.SetUploadFiles(chromedp.CSS("#mail"), []string{eml}),
		chromedp.Submit(chromedp.CSS("#mail")),
		chromedp.WaitVisible(chromedp.CSS("#results")),
		chromedp.Click(chromedp.CSS("#results a")),
		chromedp.WaitVisible(chromedp.CSS("#flags-heading")),
	)
	if page := text(t, ctx, "main"); !strings.Contains(page, "Laskeutumissivut verkkokauppaan") || !strings.Contains(page, "from email") {
		t.Errorf("the screened lead:\n%s", page)
	}
	do(t, ctx, "quote with options",
		chromedp.Click(chromedp.CSS("a.button")),
		chromedp.WaitVisible(chromedp.CSS("#service0")),
		chromedp.SetValue(chromedp.CSS("#service0"), "landing"),
		chromedp.SetValue(chromedp.CSS("#quantity0"), "5"),
		chromedp.SetValue(chromedp.CSS("#language"), "fi"),
		chromedp.Submit(chromedp.CSS("#client")),
		chromedp.WaitVisible(chromedp.CSS("#price")),
	)
	if opts := text(t, ctx, "#options"); !strings.Contains(opts, "EUR") {
		t.Errorf("no options on the deal page: %q", opts)
	}
	do(t, ctx, "send the proposal",
		chromedp.Click(chromedp.CSS("#send-proposal")),
		chromedp.WaitVisible(chromedp.CSS("#send-heading")),
	)
	letter := mailbox.wait(t, 1)
	got, errs := pmail.Read("proposal.eml", bytes.NewReader(letter))
	if len(errs) > 0 || len(got) != 1 {
		t.Fatalf("the proposal letter does not read: %v", errs)
	}
	proposal := got[0]
	if proposal.To[0].Email != "mikko@example.fi" || !strings.Contains(proposal.Subject, "Laskeutumissivut") || !strings.Contains(string(letter), "charset=") ||
		!strings.Contains(proposal.Text, "ä") {
		t.Errorf("the proposal letter: to %v, subject %q\n%s", proposal.To, proposal.Subject, proposal.Text)
	}
	link := regexp.MustCompile(`http://127\.0\.0\.1:\d+/p/cp_[A-Za-z0-9_-]+`).FindString(proposal.Text)
	if link == "" {
		t.Fatalf("no link to the client's page in the letter:\n%s", proposal.Text)
	}

	// The client, on their page, without an account.
	client := newBrowser(t)
	do(t, client, "the client opens the page and asks for 50/50",
		chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.CSS("#options")),
		chromedp.SendKeys(chromedp.CSS("#message"), "Kiitos! Voimmeko maksaa 50 % nyt ja 50 % toimituksen jälkeen?"),
		chromedp.Submit(chromedp.CSS("#message")),
	)
	waitText(t, client, "main", "Voimmeko maksaa")
	do(t, ctx, "the freelancer sees the recommended move and sends it",
		chromedp.Navigate(base+"/deals/1"),
		chromedp.WaitVisible(chromedp.CSS("#moves-heading")),
	)
	if best := text(t, ctx, ".moves li strong"); best != "staged_prepayment" {
		t.Fatalf("best move %q, want staged_prepayment", best)
	}
	do(t, ctx, "accept and send the reply",
		chromedp.Click(chromedp.CSS(".moves li button")),
		chromedp.WaitVisible(chromedp.CSS("#send-reply")),
		chromedp.Click(chromedp.CSS("#send-reply")),
		chromedp.WaitVisible(chromedp.CSS("#send-heading")),
	)
	reply, _ := pmail.Read("reply.eml", bytes.NewReader(mailbox.wait(t, 2)))
	if len(reply) != 1 || reply[0].InReplyTo != proposal.MessageID || !strings.Contains(reply[0].Text, "4") {
		t.Errorf("the reply letter: %+v", reply)
	}
	do(t, client, "the client accepts the staged terms",
		chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.CSS("#accept-current")),
	)
	if terms := text(t, client, "#options"); !strings.Contains(terms, "4") {
		t.Errorf("the staged terms on the client's page: %q", terms)
	}
	do(t, client, "accept",
		chromedp.Click(chromedp.CSS("#accept-current")),
	)
	do(t, client, "agreed", chromedp.WaitVisible(chromedp.CSS("#agreed")))
	do(t, ctx, "the agreement is confirmed; stage 1 is paid",
		chromedp.Navigate(base+"/deals/1"),
		chromedp.WaitVisible(chromedp.CSS("#agreements")),
	)
	if log := text(t, ctx, "#agreements"); !strings.Contains(log, "Confirmed") || !strings.Contains(log, "client's page") {
		t.Errorf("agreement log: %q", log)
	}
	do(t, ctx, "plan and pay stage 1",
		chromedp.Click(chromedp.CSS(`form[action$="/stages"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#stages form[action$="/stages/1/paid"] button`)),
		chromedp.Click(chromedp.CSS(`#stages form[action$="/stages/1/paid"] button`)),
		chromedp.WaitVisible(chromedp.CSS(`#stages form[action$="/stages/1/delivered"] button`)),
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("#upcoming-list")),
	)
	if next := text(t, ctx, "#upcoming-list"); !strings.Contains(next, "deliver stage 1") {
		t.Errorf("the next promise is not on the dashboard: %q", next)
	}
	do(t, ctx, "the calendar feed",
		chromedp.Navigate(base+"/settings/calendar"),
		chromedp.WaitVisible(chromedp.CSS("#make-feed")),
		chromedp.Click(chromedp.CSS("#make-feed")),
		chromedp.WaitVisible(chromedp.CSS("#feed")),
	)
	feed := text(t, ctx, "#feed")
	resp, err := http.Get(feed)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	cal, err := ics.ParseCalendar(resp.Body)
	if err != nil {
		t.Fatalf("feed %s: %v", feed, err)
	}
	var events []string
	for _, e := range cal.Events() {
		events = append(events, e.GetProperty(ics.ComponentPropertySummary).Value)
	}
	if all := strings.Join(events, "\n"); !strings.Contains(all, "deliver stage 1") || !strings.Contains(all, "2") {
		t.Errorf("the calendar feed lacks the next promise or the next stage:\n%s", all)
	}
}

// waitText waits until the text of sel holds want: after a form is sent,
// the old page stays until the new one loads.
func waitText(t *testing.T, ctx context.Context, sel, want string) {
	t.Helper()
	var last string
	for range 100 {
		if s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel))); err == nil {
			if last = s; strings.Contains(s, want) {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s never showed %q; last:\n%s", sel, want, last)
}
