package mail

import (
	"bytes"
	"errors"
	"fmt"
	"net/mail"
	"net/textproto"
)

// maxField bounds the header fields read: longer ones are cut.
const maxField = 64 << 10

// readMessage reads one RFC 5322 message. Its error says what is wrong
// with this message; Read adds which file and which message it was.
func readMessage(raw []byte) (Incoming, error) {
	if len(raw) > MaxMessageBytes {
		return Incoming{}, fmt.Errorf("the message is larger than %d MB and was skipped; forward it without its attachments and import that", MaxMessageBytes>>20)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Incoming{}, fmt.Errorf("its headers cannot be read (%w); the message is damaged, save it again from your mail client", err)
	}
	h := textproto.MIMEHeader(msg.Header)
	for k, v := range h {
		// One field of a megabyte is an attack, not an address list.
		if len(v) > 0 && len(v[0]) > maxField {
			h[k] = []string{v[0][:maxField]}
		}
	}
	_, params := mediaType(h.Get("Content-Type"))
	hint := params["charset"] // for raw 8-bit headers in the body's charset

	from := addresses(h.Get("From"), hint)
	if len(from) == 0 {
		from = addresses(h.Get("Sender"), hint)
	}
	if len(from) == 0 || from[0].Email == "" {
		if h.Get("From") != "" {
			return Incoming{}, fmt.Errorf("the From address %q cannot be read; the desk needs it to know who wrote", clean(h.Get("From")))
		}
		return Incoming{}, errors.New("no From address; the desk needs it to know who wrote")
	}
	in := Incoming{
		From:    from[0],
		To:      addresses(h.Get("To"), hint),
		Subject: oneLine(decodeHeader(h.Get("Subject"), hint)),
		Text:    bodyText(h, msg.Body),
	}
	if d, err := mail.ParseDate(h.Get("Date")); err == nil {
		in.Date = d
	}
	if ids := messageIDs(h.Get("Message-Id")); len(ids) > 0 {
		in.MessageID = ids[0]
	}
	if ids := messageIDs(h.Get("In-Reply-To")); len(ids) > 0 {
		in.InReplyTo = ids[0]
	}
	in.References = messageIDs(h.Get("References"))
	return in, nil
}
