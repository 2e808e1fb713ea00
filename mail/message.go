package mail

import (
	"crypto/rand"
	"net/mail"
	"strings"
	"time"

	"github.com/parley-desk/parley"
)

// Address is a person's name and e-mail address. Name may be empty.
type Address struct {
	Name  string
	Email string
}

// Message is one outbound letter. Message IDs are written without angle
// brackets ("abc@example.com"); Bytes adds them.
type Message struct {
	From, To Address
	ReplyTo  Address // optional: where answers should go, when not From

	Subject  string
	Text     string // the plain-text body
	HTML     string // the HTML alternative; empty sends text only
	Language string // en, fi or ru: the Content-Language of the letter

	MessageID  string // generated from the From domain when empty
	InReplyTo  string
	References []string
	Date       time.Time // now when zero
}

// checkAddress returns a's address in the form net/mail keeps, or an error
// that names the field (role) for the person who has to fix it.
func checkAddress(role string, a Address) (*mail.Address, error) {
	email := strings.TrimSpace(a.Email)
	if email == "" {
		return nil, parley.Errorf(parley.EINVALID, "the %s address is missing; give an e-mail address such as name@example.com", role)
	}
	p, err := mail.ParseAddress(email)
	if err != nil || p.Name != "" || p.Address != email {
		return nil, parley.Errorf(parley.EINVALID, "the %s address %q is not an e-mail address; write it as name@example.com", role, a.Email)
	}
	return &mail.Address{Name: oneLine(a.Name), Address: p.Address}, nil
}

// oneLine keeps text that goes into a header on one line: control
// characters would break the header or smuggle in another one.
func oneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// newMessageID makes a Message-ID under the sender's own domain, as RFC
// 5322 advises, with 130 random bits so that it never repeats.
func newMessageID(from string) string {
	domain := "parley.invalid"
	if i := strings.LastIndexByte(from, '@'); i >= 0 && i+1 < len(from) {
		domain = from[i+1:]
	}
	return strings.ToLower(rand.Text()) + "@" + domain
}

// checkID strips the angle brackets of a message ID and refuses one that
// could not be written back into a header.
func checkID(role, id string) (string, error) {
	id = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(id), "<"), ">")
	if !validID(id) {
		return "", parley.Errorf(parley.EINVALID, "the %s %q is not a message ID; it looks like <part@domain> without spaces", role, id)
	}
	return id, nil
}

// validID reports whether id can stand between < and > in a header.
func validID(id string) bool {
	if id == "" || len(id) > 250 {
		return false
	}
	for _, r := range id {
		if r <= ' ' || r >= 0x7f || r == '<' || r == '>' {
			return false
		}
	}
	return true
}
