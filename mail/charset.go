package mail

import (
	"bytes"
	"io"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"
)

// toUTF8 decodes data from charset. An unknown or missing charset keeps
// the bytes that are UTF-8 already; whatever is left invalid is replaced,
// so that no raw bytes ever reach the screening or the database.
func toUTF8(data []byte, charset string) string {
	switch cs := strings.ToLower(strings.Trim(strings.TrimSpace(charset), `"`)); cs {
	case "", "utf-8", "utf8", "us-ascii", "ascii":
	default:
		if enc, err := htmlindex.Get(cs); err == nil {
			if out, err := enc.NewDecoder().Bytes(data); err == nil {
				data = out
			}
		}
	}
	if utf8.Valid(data) {
		return string(data)
	}
	return strings.ToValidUTF8(string(data), "\uFFFD")
}

// charsetReader lets mime.WordDecoder read every charset htmlindex knows
// (windows-1251, koi8-r, iso-8859-15 …), not only UTF-8 and Latin-1. An
// unknown charset passes the bytes on (they are made valid UTF-8 later):
// an error here would leave every word of the header undecoded.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	enc, err := htmlindex.Get(strings.ToLower(strings.TrimSpace(charset)))
	if err != nil {
		return input, nil
	}
	return enc.NewDecoder().Reader(input), nil
}

// decodeHeader decodes the RFC 2047 words of a header value. Raw 8-bit
// bytes, which old mailers still send, are read in the message's own
// charset (hint) when they are not UTF-8.
func decodeHeader(s, hint string) string {
	if !utf8.ValidString(s) && hint != "" {
		s = toUTF8([]byte(s), hint)
	}
	dec := mime.WordDecoder{CharsetReader: charsetReader}
	if out, err := dec.DecodeHeader(s); err == nil {
		s = out
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// metaCharset finds the charset an HTML document declares in its first
// kilobytes, for HTML parts whose MIME header names none.
func metaCharset(doc []byte) string {
	head := bytes.ToLower(doc[:min(len(doc), 4096)])
	i := bytes.Index(head, []byte("charset="))
	if i < 0 {
		return ""
	}
	rest := bytes.TrimLeft(head[i+len("charset="):], `"' `)
	end := bytes.IndexAny(rest, "\"' ;/>\r\n\t")
	if end < 0 {
		return ""
	}
	return string(rest[:end])
}
