package mail

import (
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"strings"
)

// Bounds on the MIME tree of one message: deeper or wider trees are
// hostile, not mail.
const (
	maxDepth = 16
	maxParts = 500
)

// walker finds the readable text of a message in its MIME tree.
type walker struct {
	parts int
}

// piece is the text of one part and whether it came from text/plain.
type piece struct {
	text  string
	plain bool
}

// bodyText returns the text of a message: text/plain where there is one,
// else its HTML as text. Attachments and other types are skipped.
func bodyText(h textproto.MIMEHeader, body io.Reader) string {
	w := &walker{}
	p, _ := w.part(h, body, 0)
	return normalizeText(p.text)
}

// part reads one MIME part; ok is false when it holds no text.
func (w *walker) part(h textproto.MIMEHeader, body io.Reader, depth int) (piece, bool) {
	if isAttachment(h) {
		return piece{}, false
	}
	mt, params := mediaType(h.Get("Content-Type"))
	switch {
	case strings.HasPrefix(mt, "multipart/"):
		return w.multipart(mt, params["boundary"], body, depth)
	case mt == "text/plain":
		data := decodeTransfer(h, body)
		return piece{text: toUTF8(data, params["charset"]), plain: true}, true
	case mt == "text/html":
		data := decodeTransfer(h, body)
		cs := params["charset"]
		if cs == "" {
			cs = metaCharset(data)
		}
		return piece{text: htmlToText(toUTF8(data, cs))}, true
	}
	return piece{}, false
}

// multipart reads the children of a multipart part. Of an alternative it
// keeps the plain text, else the first HTML; of mixed, related and the
// rest it keeps every child's text in order.
func (w *walker) multipart(mt, boundary string, body io.Reader, depth int) (piece, bool) {
	if boundary == "" || depth >= maxDepth {
		return piece{}, false
	}
	r := multipart.NewReader(body, boundary)
	var kept []piece
	for w.parts < maxParts {
		// NextRawPart: NextPart would decode quoted-printable itself and
		// drop the header that says so.
		p, err := r.NextRawPart()
		if err != nil {
			break
		}
		w.parts++
		c, ok := w.part(p.Header, p, depth+1)
		if !ok || strings.TrimSpace(c.text) == "" {
			continue
		}
		if mt == "multipart/alternative" && c.plain {
			return c, true
		}
		kept = append(kept, c)
	}
	if len(kept) == 0 {
		return piece{}, false
	}
	if mt == "multipart/alternative" {
		return kept[0], true
	}
	out := piece{plain: true}
	var texts []string
	for _, c := range kept {
		texts = append(texts, c.text)
		out.plain = out.plain && c.plain
	}
	out.text = strings.Join(texts, "\n\n")
	return out, true
}

// mediaType parses a Content-Type leniently; none, or one too broken to
// read, is text/plain (RFC 2045's default).
func mediaType(ct string) (string, map[string]string) {
	if strings.TrimSpace(ct) == "" {
		return "text/plain", map[string]string{}
	}
	mt, params, err := mime.ParseMediaType(ct)
	if mt == "" {
		return "text/plain", map[string]string{}
	}
	if err != nil || params == nil {
		params = map[string]string{}
	}
	return strings.ToLower(mt), params
}

// isAttachment reports whether a part is marked as an attachment.
func isAttachment(h textproto.MIMEHeader) bool {
	cd := h.Get("Content-Disposition")
	if cd == "" {
		return false
	}
	d, _, _ := mime.ParseMediaType(cd)
	if d == "" {
		d, _, _ = strings.Cut(strings.ToLower(strings.TrimSpace(cd)), ";")
	}
	return strings.EqualFold(strings.TrimSpace(d), "attachment")
}

// decodeTransfer undoes the Content-Transfer-Encoding. A damaged body
// gives what could be decoded rather than nothing.
func decodeTransfer(h textproto.MIMEHeader, body io.Reader) []byte {
	r := io.LimitReader(body, MaxMessageBytes)
	switch strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))) {
	case "quoted-printable":
		r = quotedprintable.NewReader(controlFilter{r})
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, base64Filter{r})
	}
	data, _ := io.ReadAll(r)
	return data
}

// controlFilter turns control bytes into spaces: the quoted-printable
// reader stops at the first one, and a stray form feed should not cost
// the rest of the letter.
type controlFilter struct{ r io.Reader }

func (f controlFilter) Read(p []byte) (int, error) {
	n, err := f.r.Read(p)
	for i, c := range p[:n] {
		if c < ' ' && c != '\t' && c != '\r' && c != '\n' || c == 0x7f {
			p[i] = ' '
		}
	}
	return n, err
}

// base64Filter keeps only the base64 alphabet, so that spaces or stray
// characters some mailers add do not stop the decoder.
type base64Filter struct{ r io.Reader }

func (f base64Filter) Read(p []byte) (int, error) {
	for {
		n, err := f.r.Read(p)
		k := 0
		for _, c := range p[:n] {
			if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=' {
				p[k] = c
				k++
			}
		}
		if k > 0 || err != nil || n == 0 {
			return k, err
		}
	}
}
