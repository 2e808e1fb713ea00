package mail

import (
	"mime"
	"net/mail"
	"strings"
	"unicode/utf8"
)

// addresses reads an address list leniently: what net/mail cannot parse
// (a bare name, a stray comma) still gives the addresses it holds.
func addresses(value, hint string) []Address {
	value = strings.TrimSpace(value)
	if value == "" {
		return nil
	}
	// Raw 8-bit bytes become UTF-8 first; the parser decodes RFC 2047 words
	// only where they may stand (display names).
	p := mail.AddressParser{WordDecoder: &mime.WordDecoder{CharsetReader: charsetReader}}
	if !utf8.ValidString(value) {
		value = toUTF8([]byte(value), hint)
	}
	if list, err := p.ParseList(value); err == nil {
		out := make([]Address, 0, len(list))
		for _, a := range list {
			out = append(out, Address{Name: cleanName(a.Name), Email: clean(a.Address)})
		}
		return out
	}
	var out []Address
	for part := range strings.SplitSeq(value, ",") {
		if a, ok := looseAddress(part, hint); ok {
			out = append(out, a)
		}
	}
	return out
}

// looseAddress finds an address in "Name <a@b>" or a bare "a@b" when the
// header is not quite RFC 5322.
func looseAddress(s, hint string) (Address, bool) {
	s = strings.TrimSpace(s)
	if lt := strings.LastIndexByte(s, '<'); lt >= 0 {
		if gt := strings.IndexByte(s[lt:], '>'); gt > 0 {
			email := strings.TrimSpace(s[lt+1 : lt+gt])
			if strings.Contains(email, "@") && !strings.ContainsAny(email, " \t") {
				name := strings.Trim(strings.TrimSpace(s[:lt]), `"'`)
				return Address{Name: cleanName(decodeHeader(name, hint)), Email: clean(email)}, true
			}
		}
	}
	for f := range strings.FieldsSeq(s) {
		f = strings.Trim(f, `<>"'(),;`)
		if at := strings.IndexByte(f, '@'); at > 0 && at < len(f)-1 {
			return Address{Email: clean(f)}, true
		}
	}
	return Address{}, false
}

// clean keeps a header value on one line in valid UTF-8.
func clean(s string) string {
	return oneLine(strings.ToValidUTF8(s, "\uFFFD"))
}

// cleanName drops the quotes some mailers leave around a display name.
func cleanName(s string) string {
	return strings.Trim(clean(s), `"' `)
}

// messageIDs reads the <id> tokens of a Message-ID, In-Reply-To or
// References header, without their brackets. A header without brackets
// holding one word is taken as that word.
func messageIDs(value string) []string {
	var out []string
	rest := value
	for {
		lt := strings.IndexByte(rest, '<')
		if lt < 0 {
			break
		}
		gt := strings.IndexByte(rest[lt:], '>')
		if gt < 0 {
			break
		}
		if id := strings.TrimSpace(rest[lt+1 : lt+gt]); validID(id) {
			out = append(out, id)
		}
		rest = rest[lt+gt+1:]
	}
	if len(out) == 0 {
		if f := strings.Fields(value); len(f) == 1 && validID(f[0]) {
			out = append(out, f[0])
		}
	}
	return out
}
