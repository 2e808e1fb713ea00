package mail

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzRead: any input gives messages and errors, never a panic, and every
// string a message carries is valid UTF-8.
func FuzzRead(f *testing.F) {
	seeds := []string{
		"From: a@example.com\nSubject: s\n\nbody\n",
		mboxOf("From: a@example.com\nSubject: one\n\n>From x", "Subject: two\n\nno sender"),
		eml([]string{"From: =?koi8-r?B?" + b64(koi8r("Пётр")) + "?= <p@x>", "Subject: =?windows-1251?Q?" + cp1251("Тест") + "?=",
			`Content-Type: multipart/mixed; boundary="b"`}, "--b\nContent-Type: text/html; charset=koi8-r\nContent-Transfer-Encoding: quoted-printable\n\n<p>=C1=C2</p><script>x</script>\n--b--\n"),
		eml([]string{"From: x@y", `Content-Type: multipart/alternative; boundary=a`}, "--a\nContent-Type: multipart/related; boundary=r\n\n--r\nContent-Type: text/html\nContent-Transfer-Encoding: base64\n\nPGI+aGk8L2I+\n--r--\n--a--"),
		"From: \xff\xfe <a@b>\nSubject: \xc3\x28\nContent-Type: text/plain; charset=utf-16\n\n\xff\xfeh\x00i\x00",
		"%PDF-1.4",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in, errs := Read("fuzz.eml", bytes.NewReader(data))
		for _, e := range errs {
			if e == nil || !strings.HasPrefix(e.Error(), "fuzz.eml") {
				t.Fatalf("error %v does not name the file", e)
			}
		}
		for _, m := range in {
			strs := []string{m.Text, m.Subject, m.From.Name, m.From.Email, m.MessageID, m.InReplyTo}
			for _, a := range m.To {
				strs = append(strs, a.Name, a.Email)
			}
			strs = append(strs, m.References...)
			for _, s := range strs {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 %q in %+v", s, m)
				}
			}
			if strings.ContainsAny(m.Subject, "\r\n") {
				t.Fatalf("Subject spans lines: %q", m.Subject)
			}
		}
	})
}
