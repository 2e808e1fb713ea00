package mail

import (
	"bytes"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/parley-desk/parley"
)

// Bytes renders m as an RFC 5322 message: multipart/alternative with the
// text and the HTML part, UTF-8, quoted-printable bodies, RFC 2047 subject
// and names. When m has no MessageID or Date, Bytes sets them on m, so that
// the caller can record the thread the letter starts.
func Bytes(m *Message) ([]byte, error) {
	msg, err := build(m)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := msg.WriteTo(&b); err != nil {
		return nil, parley.Errorf(parley.EINTERNAL, "mail: rendering the message: %w", err)
	}
	return b.Bytes(), nil
}

// build checks m and turns it into a go-mail message; Bytes and SMTP share
// it so that what is saved and what is sent are the same.
func build(m *Message) (*gomail.Msg, error) {
	if m == nil {
		return nil, parley.Errorf(parley.EINVALID, "no message to send")
	}
	from, err := checkAddress("sender", m.From)
	if err != nil {
		return nil, err
	}
	to, err := checkAddress("recipient", m.To)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(m.Text) == "" {
		return nil, parley.Errorf(parley.EINVALID, "the message has no text; write the letter before sending it")
	}
	if m.MessageID == "" {
		m.MessageID = newMessageID(from.Address)
	}
	id, err := checkID("Message-ID", m.MessageID)
	if err != nil {
		return nil, err
	}
	m.MessageID = id
	if m.Date.IsZero() {
		m.Date = time.Now()
	}

	msg := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP), gomail.WithNoDefaultUserAgent())
	msg.SetAddrHeaderFromMailAddress(gomail.HeaderFrom, from)
	msg.SetAddrHeaderFromMailAddress(gomail.HeaderTo, to)
	if m.ReplyTo.Email != "" {
		replyTo, err := checkAddress("reply-to", m.ReplyTo)
		if err != nil {
			return nil, err
		}
		msg.SetAddrHeaderFromMailAddress(gomail.HeaderReplyTo, replyTo)
	}
	msg.Subject(oneLine(m.Subject))
	msg.SetDateWithValue(m.Date)
	msg.SetMessageIDWithValue(id)
	if m.InReplyTo != "" {
		irt, err := checkID("In-Reply-To", m.InReplyTo)
		if err != nil {
			return nil, err
		}
		msg.SetGenHeader(gomail.HeaderInReplyTo, "<"+irt+">")
	}
	if len(m.References) > 0 {
		refs := make([]string, 0, len(m.References))
		for _, r := range m.References {
			ref, err := checkID("References", r)
			if err != nil {
				return nil, err
			}
			refs = append(refs, "<"+ref+">")
		}
		// One value: go-mail joins several with commas, References wants spaces.
		msg.SetGenHeader(gomail.HeaderReferences, strings.Join(refs, " "))
	}
	if isToken(m.Language) {
		msg.SetGenHeader(gomail.HeaderContentLang, m.Language)
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

// isToken reports whether s is a short language tag such as "fi" or
// "en-GB", safe to write into a header as it is.
func isToken(s string) bool {
	if s == "" || len(s) > 35 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
