package mail

import (
	"html"
	"strings"
)

// htmlToText turns an HTML body into the text a person would read: script,
// style and title dropped, block elements on their own lines, entities
// decoded, a link's address after its text when they differ. It is a
// scanner, not a parser: mail HTML is too often broken for a strict one.
func htmlToText(doc string) string {
	t := &textWriter{}
	start := 0 // where the text not yet written begins
	for i := 0; ; {
		lt := strings.IndexByte(doc[i:], '<')
		if lt < 0 {
			break
		}
		i += lt
		if strings.HasPrefix(doc[i:], "<!--") {
			t.text(doc[start:i])
			end := strings.Index(doc[i+4:], "-->")
			if end < 0 {
				return t.String()
			}
			i += 4 + end + 3
			start = i
			continue
		}
		tg, n := readTag(doc[i:])
		if n == 0 { // a "<" that starts no tag is text
			i++
			continue
		}
		t.text(doc[start:i])
		i += n
		start = i
		// Their content is no text, up to their end tag or, as in a browser,
		// to the end of the document. (What a head holds otherwise, meta and
		// link, writes nothing anyway.)
		if !tg.closing && (tg.name == "script" || tg.name == "style" || tg.name == "title" || tg.name == "template") {
			i = skipElement(doc, i, tg.name)
			start = i
			continue
		}
		t.tag(tg)
	}
	t.text(doc[start:])
	return t.String()
}

// tag is one HTML tag as the text writer needs it.
type tag struct {
	name    string // lower case; "!" for declarations
	closing bool
	attrs   string
}

// readTag reads the tag at the start of s (s[0] == '<'); n is 0 when it is
// no tag and the "<" is text. Quoted attribute values may hold ">".
func readTag(s string) (tag, int) {
	if len(s) < 2 {
		return tag{}, 0
	}
	if s[1] == '!' || s[1] == '?' {
		end := strings.IndexByte(s, '>')
		if end < 0 {
			return tag{name: "!"}, len(s)
		}
		return tag{name: "!"}, end + 1
	}
	var tg tag
	j := 1
	if s[1] == '/' {
		tg.closing, j = true, 2
	}
	k := j
	for k < len(s) && (isLetter(s[k]) || k > j && s[k] >= '0' && s[k] <= '9') {
		k++
	}
	if k == j {
		return tag{}, 0
	}
	tg.name = strings.ToLower(s[j:k])
	var quote byte
	for e := k; e < len(s); e++ {
		switch c := s[e]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			tg.attrs = s[k:e]
			return tg, e + 1
		}
	}
	// An unclosed quote: end at the first ">" as browsers recover.
	if e := strings.IndexByte(s[k:], '>'); e >= 0 {
		tg.attrs = s[k : k+e]
		return tg, k + e + 1
	}
	return tg, len(s)
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// skipElement returns the index after the closing tag of name, searching
// from i, or the end of doc when there is none.
func skipElement(doc string, i int, name string) int {
	for j := i; j < len(doc); {
		k := strings.Index(doc[j:], "</")
		if k < 0 {
			break
		}
		j += k
		if end := j + 2 + len(name); end <= len(doc) && strings.EqualFold(doc[j+2:end], name) {
			if gt := strings.IndexByte(doc[end:], '>'); gt >= 0 {
				return end + gt + 1
			}
			return len(doc)
		}
		j += 2
	}
	return len(doc)
}

// attr returns the value of attribute name in a tag's attribute text.
func attr(attrs, name string) string {
	for i := 0; i < len(attrs); {
		k := indexFold(attrs[i:], name)
		if k < 0 {
			return ""
		}
		start := i + k
		rest := strings.TrimLeft(attrs[start+len(name):], " \t\r\n")
		i = start + len(name)
		if start > 0 && !strings.ContainsRune(" \t\r\n\"'/", rune(attrs[start-1])) || !strings.HasPrefix(rest, "=") {
			continue
		}
		rest = strings.TrimLeft(rest[1:], " \t\r\n")
		if rest != "" && (rest[0] == '"' || rest[0] == '\'') {
			if end := strings.IndexByte(rest[1:], rest[0]); end >= 0 {
				return html.UnescapeString(rest[1 : end+1])
			}
			return html.UnescapeString(rest[1:])
		}
		if end := strings.IndexAny(rest, " \t\r\n>"); end >= 0 {
			rest = rest[:end]
		}
		return html.UnescapeString(rest)
	}
	return ""
}

// indexFold is strings.Index for an ASCII needle, ignoring case.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// textWriter collects the text of an HTML document with its line breaks.
type textWriter struct {
	b      []byte
	pre    int    // depth of <pre>: whitespace kept as it is
	href   string // the link being written
	anchor int    // where its text starts in b
}

// text writes character data: entities decoded, whitespace collapsed
// outside <pre>.
func (t *textWriter) text(s string) {
	if s == "" {
		return
	}
	s = strings.ReplaceAll(html.UnescapeString(s), "\u00a0", " ")
	if t.pre > 0 {
		t.b = append(t.b, s...)
		return
	}
	// Inline tags join words ("<b>in</b>line"); only whitespace in the text
	// itself separates them.
	for i, f := range strings.FieldsFunc(s, isSpace) {
		if (i > 0 || isSpace(rune(s[0]))) && t.needSpace() {
			t.b = append(t.b, ' ')
		}
		t.b = append(t.b, f...)
	}
	if isSpace(rune(s[len(s)-1])) && t.needSpace() {
		t.b = append(t.b, ' ')
	}
}

// needSpace reports whether a word written now needs a space before it.
func (t *textWriter) needSpace() bool {
	return len(t.b) > 0 && t.b[len(t.b)-1] != ' ' && t.b[len(t.b)-1] != '\n'
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' }

// tag writes the line breaks a tag stands for.
func (t *textWriter) tag(tg tag) {
	switch tg.name {
	case "br":
		t.newlines(1)
	case "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol", "dl", "hr", "pre":
		t.newlines(2)
		if tg.name == "pre" {
			if tg.closing {
				t.pre = max(t.pre-1, 0)
			} else {
				t.pre++
			}
		}
	case "div", "tr", "dt", "dd", "section", "article", "header", "footer", "address",
		"center", "figure", "main", "nav", "aside", "caption", "form", "fieldset", "body", "html":
		t.newlines(1)
	case "li":
		t.newlines(1)
		if !tg.closing {
			t.b = append(t.b, "- "...)
		}
	case "td", "th":
		if !tg.closing && len(t.b) > 0 && t.b[len(t.b)-1] != '\n' && t.b[len(t.b)-1] != ' ' {
			t.b = append(t.b, ' ')
		}
	case "a":
		t.link(tg)
	}
}

// link remembers a link's address at <a href> and writes it after the
// link's text at </a>, unless the text already says it.
func (t *textWriter) link(tg tag) {
	if !tg.closing {
		t.href, t.anchor = "", len(t.b)
		if h := strings.TrimSpace(attr(tg.attrs, "href")); strings.HasPrefix(h, "http://") || strings.HasPrefix(h, "https://") || strings.HasPrefix(h, "mailto:") {
			t.href = h
		}
		return
	}
	if t.href == "" || t.anchor > len(t.b) {
		return
	}
	shown := strings.TrimSpace(string(t.b[t.anchor:]))
	target := strings.TrimPrefix(t.href, "mailto:")
	if shown != "" && shown != t.href && shown != target && !strings.Contains(t.href, "\n") {
		t.b = append(t.b, " ("...)
		t.b = append(t.b, target...)
		t.b = append(t.b, ')')
	}
	t.href = ""
}

// newlines ends the current line and leaves n-1 blank lines before the next.
func (t *textWriter) newlines(n int) {
	for len(t.b) > 0 && t.b[len(t.b)-1] == ' ' {
		t.b = t.b[:len(t.b)-1]
	}
	if len(t.b) == 0 {
		return
	}
	have := 0
	for i := len(t.b) - 1; i >= 0 && t.b[i] == '\n' && have < n; i-- {
		have++
	}
	for ; have < n; have++ {
		t.b = append(t.b, '\n')
	}
}

func (t *textWriter) String() string { return string(t.b) }

// normalizeText gives every text the same shape: \n line ends, no control
// characters, no trailing spaces, at most one blank line in a row.
func normalizeText(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r < ' ' || r == 0x7f || r >= 0x80 && r < 0xa0:
			return -1
		}
		return r
	}, s)
	var out []string
	blank := 0
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimRight(line, " \t")
		if line == "" {
			blank++
			continue
		}
		if len(out) > 0 && blank > 0 {
			out = append(out, "")
		}
		blank = 0
		out = append(out, line)
	}
	if len(out) == 0 {
		return ""
	}
	return strings.Join(out, "\n") + "\n"
}
