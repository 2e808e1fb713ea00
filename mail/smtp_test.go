package mail

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/parley-desk/parley"
)

// sentParts is what a test reads back from a received message with the
// standard library alone, so that it checks go-mail's output, not ours.
type sentParts struct {
	header mail.Header
	text   string
	html   string
}

func readSent(t *testing.T, data []byte) sentParts {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("received message does not parse: %v\n%s", err, data)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type = %q (%v), want multipart/alternative", msg.Header.Get("Content-Type"), err)
	}
	out := sentParts{header: msg.Header}
	r := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := r.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		pt, pp, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if !strings.EqualFold(pp["charset"], "utf-8") {
			t.Errorf("%s part: charset %q, want utf-8", pt, pp["charset"])
		}
		if cte := p.Header.Get("Content-Transfer-Encoding"); cte != "quoted-printable" {
			t.Errorf("%s part: Content-Transfer-Encoding %q, want quoted-printable", pt, cte)
		}
		body, err := io.ReadAll(quotedprintable.NewReader(p))
		if err != nil {
			t.Fatal(err)
		}
		switch pt {
		case "text/plain":
			out.text = string(body)
		case "text/html":
			out.html = string(body)
		default:
			t.Errorf("unexpected part %s", pt)
		}
	}
	if out.text == "" || out.html == "" {
		t.Fatalf("want a text and an HTML part, got text %d bytes, html %d bytes", len(out.text), len(out.html))
	}
	return out
}

func TestSMTPSendsComposedLetters(t *testing.T) {
	srv := startServer(t, serverOpts{})
	const portal = "https://desk.example/p/Tok3n?lang=x&v=2"
	tests := []struct {
		lang, kind  string
		letter      Letter
		wantSubject string
		wantWords   []string // in both parts
	}{{
		lang: "en", kind: KindReply,
		letter: Letter{
			From:      Address{"Anna Writer", "anna@freelance.example"},
			To:        Address{"Tom Client", "tom@client.example"},
			DealTitle: "Website copy",
			Body:      "Hello Tom,\n\nthank you for the answer. Four staged payments work for me.\n\nBest regards",
			PortalURL: portal, Signature: "Anna Writer",
			InReplyTo:  "<q1@client.example>",
			References: []string{"<p0@freelance.example>", "q1@client.example"},
		},
		wantSubject: "Re: Website copy",
		wantWords:   []string{"Four staged payments", "Best regards", "Anna Writer"},
	}, {
		lang: "fi", kind: KindProposal,
		letter: Letter{
			From:      Address{"Anna Määttä", "anna@freelance.example"},
			To:        Address{"Jörö Öhman", "joro@yritys.example"},
			DealTitle: "käännös",
			Body:      "Hei Jörö,\n\nlähetän tarjouksen käännöksestä. Hinta sisältää oikoluvun ja yhden korjauskierroksen.\n\nYstävällisin terveisin\nAnna Määttä",
			PortalURL: portal, Signature: "Anna Määttä",
		},
		wantSubject: "Tarjous: käännös",
		wantWords:   []string{"käännöksestä", "korjauskierroksen", "Ystävällisin terveisin", "Anna Määttä"},
	}, {
		lang: "ru", kind: KindSummary,
		letter: Letter{
			From:      Address{"Анна Писарева", "anna@freelance.example"},
			To:        Address{"Пётр Иванов", "petr@klient.example"},
			DealTitle: "Перевод сайта",
			Body:      "Пётр, добрый день!\n\nКоротко о главном из нашего разговора:\n- объём: 12 страниц;\n- оплата: четыре этапа.",
			PortalURL: portal, Signature: "Анна Писарева",
			InReplyTo: "call-17@klient.example",
		},
		wantSubject: "Итоги нашего разговора: Перевод сайта",
		wantWords:   []string{"Коротко о главном", "четыре этапа", "С уважением", "Анна Писарева"},
	}}
	for _, tc := range tests {
		t.Run(tc.lang, func(t *testing.T) {
			before := len(srv.deliveries())
			m, err := Compose(tc.lang, tc.kind, tc.letter)
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			if err := (SMTP{Host: "127.0.0.1", Port: srv.Port, TLS: TLSNone}).Send(ctx, m); err != nil {
				t.Fatal(err)
			}
			got := srv.deliveries()
			if len(got) != before+1 {
				t.Fatalf("server got %d messages, want %d", len(got), before+1)
			}
			d := got[len(got)-1]
			if d.From != tc.letter.From.Email || len(d.To) != 1 || d.To[0] != tc.letter.To.Email {
				t.Errorf("envelope MAIL FROM %q RCPT TO %q, want %q → %q", d.From, d.To, tc.letter.From.Email, tc.letter.To.Email)
			}
			sent := readSent(t, d.Data)
			h := sent.header

			dec := new(mime.WordDecoder)
			subject, err := dec.DecodeHeader(h.Get("Subject"))
			if err != nil || subject != tc.wantSubject {
				t.Errorf("Subject = %q (%v), want %q", subject, err, tc.wantSubject)
			}
			if tc.lang != "en" && !strings.Contains(h.Get("Subject"), "=?UTF-8?") {
				t.Errorf("raw Subject %q is not RFC 2047 encoded", h.Get("Subject"))
			}
			for _, c := range []struct {
				field string
				want  Address
			}{{"From", tc.letter.From}, {"To", tc.letter.To}} {
				a, err := mail.ParseAddress(h.Get(c.field))
				if err != nil || a.Name != c.want.Name || a.Address != c.want.Email {
					t.Errorf("%s = %q → %+v (%v), want %+v", c.field, h.Get(c.field), a, err, c.want)
				}
			}
			if want := "<" + m.MessageID + ">"; h.Get("Message-Id") != want || !strings.HasSuffix(m.MessageID, "@freelance.example") {
				t.Errorf("Message-ID = %q, want %q under the sender's domain", h.Get("Message-Id"), want)
			}
			if _, err := mail.ParseDate(h.Get("Date")); err != nil {
				t.Errorf("Date %q: %v", h.Get("Date"), err)
			}
			if h.Get("Content-Language") != tc.lang {
				t.Errorf("Content-Language = %q", h.Get("Content-Language"))
			}
			wantIRT := ""
			if tc.letter.InReplyTo != "" {
				wantIRT = "<" + strings.Trim(tc.letter.InReplyTo, "<>") + ">"
			}
			if h.Get("In-Reply-To") != wantIRT {
				t.Errorf("In-Reply-To = %q, want %q", h.Get("In-Reply-To"), wantIRT)
			}
			var wantRefs []string
			for _, r := range tc.letter.References {
				wantRefs = append(wantRefs, "<"+strings.Trim(r, "<>")+">")
			}
			if got := strings.Fields(h.Get("References")); strings.Join(got, " ") != strings.Join(wantRefs, " ") {
				t.Errorf("References = %q, want %q", got, wantRefs)
			}

			if !strings.Contains(sent.text, portal) {
				t.Errorf("text part lacks the portal link:\n%s", sent.text)
			}
			if !strings.Contains(sent.html, `<a href="https://desk.example/p/Tok3n?lang=x&amp;v=2">`) {
				t.Errorf("HTML part lacks the portal link as <a href>:\n%s", sent.html)
			}
			for _, w := range tc.wantWords {
				if !strings.Contains(sent.text, w) || !strings.Contains(sent.html, w) {
					t.Errorf("%q missing from a part:\ntext: %s\nhtml: %s", w, sent.text, sent.html)
				}
			}

			// Round trip: what we send, we read back the same.
			in, errs := Read("received.eml", bytes.NewReader(d.Data))
			if len(errs) > 0 || len(in) != 1 {
				t.Fatalf("Read: %d messages, errors %v", len(in), errs)
			}
			if in[0].Subject != m.Subject || in[0].Subject != tc.wantSubject {
				t.Errorf("read back Subject %q, sent %q", in[0].Subject, m.Subject)
			}
			if in[0].Text != m.Text {
				t.Errorf("read back text differs:\n got %q\nsent %q", in[0].Text, m.Text)
			}
			if in[0].From != tc.letter.From || in[0].MessageID != m.MessageID || in[0].InReplyTo != strings.Trim(tc.letter.InReplyTo, "<>") {
				t.Errorf("read back From %+v ID %q IRT %q", in[0].From, in[0].MessageID, in[0].InReplyTo)
			}
		})
	}
}

func TestSMTPStartTLSAndAuth(t *testing.T) {
	cfg, roots := selfSigned(t)
	srv := startServer(t, serverOpts{user: "anna", pass: "s3cret", tls: cfg})
	m, err := Compose("en", KindReminder, Letter{
		From: Address{"Anna", "anna@freelance.example"}, To: Address{"", "tom@client.example"},
		DealTitle: "Stage 2", Body: "Stage 2 is ready to start once it is paid.", Signature: "Anna",
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	bad := SMTP{Host: "127.0.0.1", Port: srv.Port, Username: "anna", Password: "wrong", roots: roots}
	if err := bad.Send(ctx, m); parley.ErrorCode(err) != parley.EINVALID {
		t.Fatalf("wrong password: error %v, want EINVALID", err)
	}
	good := SMTP{Host: "127.0.0.1", Port: srv.Port, Username: "anna", Password: "s3cret", roots: roots}
	if err := good.Send(ctx, m); err != nil {
		t.Fatal(err)
	}
	got := srv.deliveries()
	if len(got) != 1 || got[0].Auth != "anna" {
		t.Fatalf("deliveries %+v, want one from the logged-in user", got)
	}
}

func TestSMTPRefusals(t *testing.T) {
	srv := startServer(t, serverOpts{}) // no STARTTLS offered
	m, err := Compose("en", KindFollowup, Letter{
		From: Address{"Anna", "anna@freelance.example"}, To: Address{"", "tom@client.example"},
		Body: "I sent you the brief. Is the project still relevant?", Signature: "Anna",
	})
	if err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		s    SMTP
		ctx  context.Context
		want string // in the error
		code string
	}{
		{"mandatory STARTTLS not offered", SMTP{Host: "127.0.0.1", Port: srv.Port}, context.Background(), "STARTTLS", parley.EINVALID},
		{"plain text to a remote host", SMTP{Host: "smtp.example.com", TLS: TLSNone}, context.Background(), "only for a mail server on this machine", parley.EINVALID},
		{"unknown policy", SMTP{Host: "127.0.0.1", Port: srv.Port, TLS: "sometimes"}, context.Background(), "unknown STARTTLS policy", parley.EINVALID},
		{"no host", SMTP{}, context.Background(), "no SMTP server", parley.EINVALID},
		{"cancelled", SMTP{Host: "127.0.0.1", Port: srv.Port, TLS: TLSNone}, cancelled, "cancel", parley.EINTERNAL},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.s.Send(tc.ctx, m)
			if err == nil || !strings.Contains(err.Error(), tc.want) || parley.ErrorCode(err) != tc.code {
				t.Fatalf("error %v (code %s), want one with %q (code %s)", err, parley.ErrorCode(err), tc.want, tc.code)
			}
		})
	}
	if n := len(srv.deliveries()); n != 0 {
		t.Fatalf("server got %d messages; none should have been sent", n)
	}
}
