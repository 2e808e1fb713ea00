package mail

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/parley-desk/parley"
)

// eml joins header lines and a body into a message with CRLF line ends.
func eml(headers []string, body string) string {
	return strings.Join(headers, "\r\n") + "\r\n\r\n" + strings.ReplaceAll(body, "\n", "\r\n")
}

func cp1251(s string) string { out, _ := charmap.Windows1251.NewEncoder().String(s); return out }
func koi8r(s string) string  { out, _ := charmap.KOI8R.NewEncoder().String(s); return out }
func b64(s string) string    { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestReadMessages(t *testing.T) {
	const from = "From: Client <client@example.com>"
	tests := []struct {
		name    string
		input   string
		subject string
		fromN   string // the sender's name
		text    string // exact, when set
		has     []string
		hasNot  []string
	}{{
		name: "plain UTF-8 with thread headers",
		input: eml([]string{
			"From: Matti Meikäläinen <matti@example.fi>", "To: Anna <anna@freelance.example>, bob@example.com",
			"Subject: Käännös", "Date: Mon, 04 May 2026 10:00:00 +0300", "Message-ID: <a1@example.fi>",
			"In-Reply-To: <p0@freelance.example> (your proposal)", "References: <r1@x>\r\n <p0@freelance.example>",
			"Content-Type: text/plain; charset=utf-8",
		}, "Hei,\ntarvitsen käännöksen.  \n\n\n\nKiitos\n"),
		subject: "Käännös", fromN: "Matti Meikäläinen",
		text: "Hei,\ntarvitsen käännöksen.\n\nKiitos\n",
	}, {
		name: "quoted-printable with soft breaks",
		input: eml([]string{from, "Subject: =?UTF-8?Q?Hyv=C3=A4=C3=A4_p=C3=A4iv=C3=A4=C3=A4?=", "MIME-Version: 1.0",
			"Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: quoted-printable"},
			"Hyv=C3=A4=C3=A4 p=C3=A4iv=C3=A4=C3=A4, t=C3=A4m=C3=A4 rivi jatk=\nuu.\nHinta =3D 100 =E2=82=AC\n"),
		subject: "Hyvää päivää", text: "Hyvää päivää, tämä rivi jatkuu.\nHinta = 100 €\n",
	}, {
		name: "base64 body, B-encoded subject",
		input: eml([]string{from, "Subject: =?UTF-8?B?" + b64("Перевод сайта") + "?=",
			"Content-Type: text/plain; charset=\"utf-8\"", "Content-Transfer-Encoding: base64"},
			b64("Здравствуйте!\nНужен перевод сайта.")[:20]+"\n"+b64("Здравствуйте!\nНужен перевод сайта.")[20:]+"\n"),
		subject: "Перевод сайта", text: "Здравствуйте!\nНужен перевод сайта.\n",
	}, {
		name: "windows-1251 body and encoded words",
		input: eml([]string{"From: " + mime.BEncoding.Encode("windows-1251", cp1251("Пётр Иванов")) + " <petr@example.ru>",
			"Subject: " + mime.QEncoding.Encode("windows-1251", cp1251("Срочный заказ: перевод")),
			"Content-Type: text/plain; charset=windows-1251", "Content-Transfer-Encoding: 8bit"},
			cp1251("Добрый день!\nБюджет 5000 рублей.\n")),
		subject: "Срочный заказ: перевод", fromN: "Пётр Иванов", text: "Добрый день!\nБюджет 5000 рублей.\n",
	}, {
		name: "koi8-r body and subject",
		input: eml([]string{from, "Subject: =?koi8-r?B?" + b64(koi8r("Вопрос по цене")) + "?=",
			"Content-Type: text/plain; charset=KOI8-R"}, koi8r("Сколько стоит страница?\n")),
		subject: "Вопрос по цене", text: "Сколько стоит страница?\n",
	}, {
		name: "raw 8-bit subject in the body's charset",
		input: eml([]string{"From: " + cp1251("Ольга") + " <olga@example.ru>", "Subject: " + cp1251("Заявка на текст"),
			"Content-Type: text/plain; charset=windows-1251"}, cp1251("Текст заявки.")),
		subject: "Заявка на текст", fromN: "Ольга", text: "Текст заявки.\n",
	}, {
		name: "iso-8859-15 quoted-printable",
		input: eml([]string{from, "Subject: =?iso-8859-15?q?K=E4=E4nn=F6s_=A4?=",
			"Content-Type: text/plain; charset=iso-8859-15", "Content-Transfer-Encoding: quoted-printable"}, "Hinta 100 =A4, p=E4iv=E4"),
		subject: "Käännös €", text: "Hinta 100 €, päivä\n",
	}, {
		name: "HTML only",
		input: eml([]string{from, "Subject: Hello", "Content-Type: text/html; charset=utf-8"},
			"<html><head><title>Mail</title><style>p { color: red }</style></head><body>"+
				"<script>alert('x')</script><p>Hello&nbsp;Anna,</p><p>we need <b>three</b> pages &amp; a logo &#8211; see <a href=\"https://example.com/brief\">our brief</a>.<br>Thanks</p>"+
				"<ul><li>one</li><li>two</li></ul></body></html>"),
		subject: "Hello",
		text:    "Hello Anna,\n\nwe need three pages & a logo – see our brief (https://example.com/brief).\nThanks\n\n- one\n- two\n",
	}, {
		name: "HTML in windows-1251 declared only in a meta tag",
		input: eml([]string{from, "Subject: x", "Content-Type: text/html"},
			`<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body>`+cp1251("Привет")+`</body></html>`),
		subject: "x", text: "Привет\n",
	}, {
		name: "mixed with attachments",
		input: eml([]string{from, "Subject: With files", "MIME-Version: 1.0", `Content-Type: multipart/mixed; boundary="b1"`},
			"preamble\n--b1\nContent-Type: text/plain; charset=utf-8\n\nPlease see the files.\n"+
				"--b1\nContent-Type: application/pdf; name=\"brief.pdf\"\nContent-Disposition: attachment; filename=\"brief.pdf\"\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQKJcfs\n"+
				"--b1\nContent-Type: text/plain; name=notes.txt\nContent-Disposition: attachment; filename=notes.txt\n\nSECRET ATTACHED NOTES\n--b1--\n"),
		subject: "With files", text: "Please see the files.\n", hasNot: []string{"SECRET", "JVBER"},
	}, {
		name: "alternative nested in mixed",
		input: eml([]string{from, "Subject: Nested", `Content-Type: multipart/mixed; boundary="outer"`},
			"--outer\nContent-Type: multipart/alternative; boundary=\"inner\"\n\n"+
				"--inner\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\nPlain vers=C3=A4ion.\n"+
				"--inner\nContent-Type: text/html; charset=utf-8\n\n<p>HTML VERSION</p>\n--inner--\n"+
				"--outer\nContent-Type: image/png\nContent-Disposition: inline; filename=a.png\nContent-Transfer-Encoding: base64\n\niVBORw0KGgo=\n--outer--\n"),
		subject: "Nested", text: "Plain versäion.\n", hasNot: []string{"HTML VERSION"},
	}, {
		name: "alternative with the HTML first still prefers the plain text",
		input: eml([]string{from, "Subject: Order", `Content-Type: multipart/alternative; boundary=alt`},
			"--alt\nContent-Type: text/html; charset=utf-8\n\n<p>HTML VERSION</p>\n"+
				"--alt\nContent-Type: text/plain; charset=utf-8\n\nPlain version.\n--alt--\n"),
		subject: "Order", text: "Plain version.\n", hasNot: []string{"HTML VERSION"},
	}, {
		name: "HTML inside related inside alternative, no plain part",
		input: eml([]string{from, "Subject: Related", `Content-Type: multipart/alternative; boundary=alt`},
			"--alt\nContent-Type: multipart/related; boundary=rel\n\n"+
				"--rel\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"+b64("<div>Only <i>HTML</i> here</div><img src=\"cid:x\">")+"\n"+
				"--rel\nContent-Type: image/png\nContent-ID: <x>\n\nPNG\n--rel--\n--alt--\n"),
		subject: "Related", text: "Only HTML here\n",
	}, {
		name:    "invalid UTF-8 is replaced",
		input:   eml([]string{from, "Subject: Bad \xff bytes", "Content-Type: text/plain; charset=utf-8"}, "ok \xc3\x28 end\x00\n"),
		subject: "Bad \uFFFD bytes", text: "ok \uFFFD( end\n",
	}, {
		name:    "unknown charset keeps what is readable",
		input:   eml([]string{from, "Subject: =?x-martian?Q?hello?= world", "Content-Type: text/plain; charset=x-martian"}, "plain ascii\n"),
		subject: "hello world", text: "plain ascii\n",
	}, {
		name:    "no Content-Type, LF line ends",
		input:   "From: client@example.com\nSubject: bare\n\nJust text.\n",
		subject: "bare", text: "Just text.\n",
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in, errs := Read("test.eml", strings.NewReader(tc.input))
			if len(errs) > 0 || len(in) != 1 {
				t.Fatalf("%d messages, errors %v", len(in), errs)
			}
			got := in[0]
			if got.Subject != tc.subject {
				t.Errorf("Subject %q, want %q", got.Subject, tc.subject)
			}
			if tc.fromN != "" && got.From.Name != tc.fromN {
				t.Errorf("From name %q, want %q", got.From.Name, tc.fromN)
			}
			if got.From.Email == "" {
				t.Errorf("no From address")
			}
			if tc.text != "" && got.Text != tc.text {
				t.Errorf("Text\n %q\nwant\n %q", got.Text, tc.text)
			}
			for _, w := range tc.hasNot {
				if strings.Contains(got.Text, w) {
					t.Errorf("Text holds %q: %q", w, got.Text)
				}
			}
			if !utf8.ValidString(got.Text) || !utf8.ValidString(got.Subject) {
				t.Errorf("invalid UTF-8 passed on")
			}
		})
	}
}

func TestReadHeaders(t *testing.T) {
	in, errs := Read("a.eml", strings.NewReader(eml([]string{
		"From: =?UTF-8?Q?J=C3=B6r=C3=B6?= <joro@yritys.example>",
		"To: Anna <anna@freelance.example>, \"Bob, B.\" <bob@example.com>",
		"Date: Mon, 04 May 2026 10:00:00 +0300",
		"Message-ID: <a1@example.fi>",
		"In-Reply-To: <p0@freelance.example> (your proposal)",
		"References: <r1@x>\r\n <p0@freelance.example> <bad id@x>",
	}, "x")))
	if len(errs) > 0 || len(in) != 1 {
		t.Fatalf("%d messages, errors %v", len(in), errs)
	}
	got := in[0]
	want := Incoming{
		From:       Address{"Jörö", "joro@yritys.example"},
		To:         []Address{{"Anna", "anna@freelance.example"}, {"Bob, B.", "bob@example.com"}},
		Date:       time.Date(2026, 5, 4, 7, 0, 0, 0, time.UTC),
		MessageID:  "a1@example.fi",
		InReplyTo:  "p0@freelance.example",
		References: []string{"r1@x", "p0@freelance.example"},
	}
	if got.From != want.From || len(got.To) != 2 || got.To[0] != want.To[0] || got.To[1] != want.To[1] ||
		!got.Date.Equal(want.Date) || got.MessageID != want.MessageID || got.InReplyTo != want.InReplyTo ||
		strings.Join(got.References, " ") != strings.Join(want.References, " ") {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	// A From header net/mail cannot parse still gives its address.
	in, errs = Read("b.eml", strings.NewReader("From: Client Name client@example.com (via web form)\nSubject: s\n\nx\n"))
	if len(errs) > 0 || len(in) != 1 || in[0].From.Email != "client@example.com" {
		t.Errorf("lenient From: %+v %v", in, errs)
	}
}

func mboxOf(msgs ...string) string {
	var b strings.Builder
	for _, m := range msgs {
		b.WriteString("From sender@example.com Mon May  4 10:00:00 2026\n")
		b.WriteString(m)
		b.WriteString("\n\n")
	}
	return b.String()
}

func TestReadMbox(t *testing.T) {
	t.Run("a message without From", func(t *testing.T) {
		in, errs := Read("inbox.mbox", strings.NewReader(mboxOf(
			"From: a@example.com\nSubject: one\n\nFirst.",
			"Subject: two\nTo: anna@freelance.example\n\nNo sender.",
			"From: c@example.com\nSubject: three\n\nThird.",
		)))
		if len(in) != 2 || in[0].Subject != "one" || in[1].Subject != "three" || in[0].Text != "First.\n" {
			t.Errorf("messages %+v, want one and three", in)
		}
		if len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), "inbox.mbox: message 2: no From address") || parley.ErrorCode(errs[0]) != parley.EINVALID {
			t.Errorf("errors %v, want one naming message 2", errs)
		}
	})
	t.Run("escaped From lines", func(t *testing.T) {
		in, errs := Read("inbox.mbox", strings.NewReader(mboxOf(
			"From: a@example.com\nSubject: one\n\nHello,\n\n>From the start, as agreed.\n>>From quoted mail.\nFrom here on it is one line after text.",
			"From: b@example.com\nSubject: two\n\nSecond.",
		)))
		if len(errs) > 0 || len(in) != 2 {
			t.Fatalf("%d messages, errors %v", len(in), errs)
		}
		want := "Hello,\n\nFrom the start, as agreed.\n>From quoted mail.\nFrom here on it is one line after text.\n"
		if in[0].Text != want {
			t.Errorf("Text %q, want %q", in[0].Text, want)
		}
	})
	t.Run("CRLF mbox", func(t *testing.T) {
		data := strings.ReplaceAll(mboxOf("From: a@example.com\nSubject: one\n\nA.", "From: b@example.com\nSubject: two\n\nB."), "\n", "\r\n")
		in, errs := Read("inbox.mbx", strings.NewReader(data))
		if len(errs) > 0 || len(in) != 2 || in[1].Text != "B.\n" {
			t.Errorf("%+v %v", in, errs)
		}
	})
	t.Run("an oversized message", func(t *testing.T) {
		big := "From: b@example.com\nSubject: big\n\n" + strings.Repeat("0123456789abcdef\n", MaxMessageBytes/17+10)
		in, errs := Read("inbox.mbox", strings.NewReader(mboxOf("From: a@example.com\nSubject: one\n\nA.", big, "From: c@example.com\nSubject: three\n\nC.")))
		if len(in) != 2 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "inbox.mbox: message 2: the message is larger than 10 MB") {
			t.Errorf("%d messages, errors %v", len(in), errs)
		}
	})
}

// repeat is a reader of n bytes of b, made as they are read.
type repeat struct {
	b byte
	n int
}

func (r *repeat) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	k := min(len(p), r.n)
	for i := range p[:k] {
		p[i] = r.b
	}
	r.n -= k
	return k, nil
}

func TestReadRefuses(t *testing.T) {
	tests := []struct {
		name  string
		input io.Reader
		want  string
	}{
		{"a PDF", strings.NewReader("%PDF-1.7\n%âãÏÓ\n1 0 obj"), "offer.eml is a PDF document, not an e-mail"},
		{"a zip", strings.NewReader("PK\x03\x04\x14\x00\x00\x00"), "zip archive"},
		{"plain text", strings.NewReader("Hello, I need a translation.\n"), "without mail headers"},
		{"empty", strings.NewReader("\n\n"), "offer.eml is empty"},
		{"no From", strings.NewReader("To: a@example.com\nSubject: s\n\nx"), "offer.eml: no From address"},
		{"broken headers", strings.NewReader("From: a@example.com\nthis line is no header\n\nbody"), "offer.eml: its headers cannot be read"},
		{"oversized message", io.MultiReader(strings.NewReader("From: a@example.com\nSubject: s\n\n"), &repeat{'a', MaxMessageBytes}), "larger than 10 MB"},
		{"oversized file", io.MultiReader(strings.NewReader("From x\n"), &repeat{'a', MaxFileBytes}), "offer.eml is larger than 50 MB"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in, errs := Read("offer.eml", tc.input)
			if len(in) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Error(), tc.want) || parley.ErrorCode(errs[0]) != parley.EINVALID {
				t.Fatalf("%d messages, errors %v; want one error with %q", len(in), errs, tc.want)
			}
		})
	}
}

func TestReadPath(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a.eml":      "From: a@example.com\nSubject: a\n\nA.\n",
		"b.mbox":     mboxOf("From: b1@example.com\nSubject: b1\n\nB1.", "Subject: no sender\n\nB2.", "From: b3@example.com\nSubject: b3\n\nB3."),
		"c.MBX":      mboxOf("From: c@example.com\nSubject: c\n\nC."),
		"notes.txt":  "not mail",
		"brief.pdf":  "%PDF-1.4",
		"broken.eml": "%PDF-1.4 renamed",
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "sub.mbox"), 0o700); err != nil {
		t.Fatal(err)
	}
	in, errs := ReadPath(context.Background(), dir)
	var subjects []string
	for _, m := range in {
		subjects = append(subjects, m.Subject)
	}
	if strings.Join(subjects, ",") != "a,b1,b3,c" {
		t.Errorf("subjects %v, want a,b1,b3,c", subjects)
	}
	var msgs []string
	for _, e := range errs {
		msgs = append(msgs, e.Error())
	}
	if len(errs) != 2 || !strings.HasPrefix(msgs[0], "b.mbox: message 2: no From address") || !strings.HasPrefix(msgs[1], "broken.eml is a PDF document") {
		t.Errorf("errors %q", msgs)
	}

	for _, tc := range []struct{ path, want string }{
		{filepath.Join(dir, "missing.eml"), "cannot be opened"},
		{t.TempDir(), "holds no .eml, .mbox or .mbx files"},
	} {
		in, errs := ReadPath(context.Background(), tc.path)
		if len(in) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Error(), tc.want) {
			t.Errorf("%s: %d messages, errors %v; want %q", tc.path, len(in), errs, tc.want)
		}
	}
}

func TestSplitMbox(t *testing.T) {
	data := []byte("From x\nA: 1\n\nbody\n\nFrom y\nB: 2\n\nlast\n\nFrom z\nC: 3\n\nFrom w\nD: 4\n")
	got, more := splitMbox(data, 10)
	if len(got) != 4 || more != 0 || !bytes.Equal(got[0], []byte("A: 1\n\nbody\n")) || !bytes.Equal(got[1], []byte("B: 2\n\nlast\n")) || !bytes.Equal(got[3], []byte("D: 4\n")) {
		t.Errorf("%q %d", got, more)
	}
	got, more = splitMbox(data, 2)
	if len(got) != 2 || more != 2 || !bytes.Equal(got[1], []byte("B: 2\n\nlast\n")) {
		t.Errorf("limit 2: %q, %d more", got, more)
	}
}

// A file of many broken messages lists a hundred errors and one summary.
func TestReadMboxCapsErrors(t *testing.T) {
	var msgs []string
	for range maxErrors + 5 {
		msgs = append(msgs, "Subject: no sender\n\nx")
	}
	msgs = append(msgs, "From: ok@example.com\n\nfine")
	in, errs := Read("junk.mbox", strings.NewReader(mboxOf(msgs...)))
	if len(in) != 1 || len(errs) != maxErrors+1 || !strings.Contains(errs[maxErrors].Error(), "junk.mbox: 5 more messages could not be read") {
		t.Errorf("%d messages, %d errors, last %v", len(in), len(errs), errs[len(errs)-1])
	}
}
