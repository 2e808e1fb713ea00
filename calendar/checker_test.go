package calendar

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// strictCheck is an RFC 5545 checker written for these tests, independent
// of the library that writes the feed: physical lines (CRLF only, at most
// 75 octets, valid UTF-8 on every line, so no fold splits a character),
// content lines (name, parameters, value), TEXT escaping, component nesting
// and the properties each component must have. It returns every problem.
func strictCheck(data []byte) []string {
	var probs []string
	fail := func(format string, args ...any) { probs = append(probs, fmt.Sprintf(format, args...)) }
	utcTime := regexp.MustCompile(`^\d{8}T\d{6}Z$`)
	localTime := regexp.MustCompile(`^\d{8}T\d{6}$`)
	dateOnly := regexp.MustCompile(`^\d{8}$`)
	offset := regexp.MustCompile(`^[+-]\d{4}(\d{2})?$`)
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		return []string{"does not end with CRLF"}
	}
	var logical []string
	for i, l := range strings.Split(string(data[:len(data)-2]), "\r\n") {
		n := i + 1
		switch {
		case strings.ContainsAny(l, "\r\n"):
			fail("line %d: bare CR or LF", n)
		case len(l) > 75:
			fail("line %d: %d octets, more than 75", n, len(l))
		case !utf8.ValidString(l):
			fail("line %d: not valid UTF-8 (a fold split a character?)", n)
		case l == "":
			fail("line %d: empty", n)
		}
		for _, r := range l {
			if r < 0x20 && r != '\t' || r == 0x7f {
				fail("line %d: control character %U", n, r)
			}
		}
		if l != "" && (l[0] == ' ' || l[0] == '\t') {
			if len(logical) == 0 {
				fail("line %d: continuation without a line before it", n)
				continue
			}
			logical[len(logical)-1] += l[1:]
			continue
		}
		logical = append(logical, l)
	}

	type component struct {
		name  string
		props map[string][]prop
	}
	var stack []*component
	tzids := map[string]bool{}
	var usedTZIDs []string
	uids := map[string]bool{}
	for _, l := range logical {
		p, err := parseContentLine(l)
		if err != nil {
			fail("%v: %q", err, l)
			continue
		}
		switch p.name {
		case "BEGIN":
			stack = append(stack, &component{name: p.value, props: map[string][]prop{}})
			continue
		case "END":
			if len(stack) == 0 || stack[len(stack)-1].name != p.value {
				fail("END:%s does not close the open component", p.value)
				continue
			}
			c := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			once := func(names ...string) {
				for _, n := range names {
					if len(c.props[n]) != 1 {
						fail("%s has %d %s, want exactly one", c.name, len(c.props[n]), n)
					}
				}
			}
			switch c.name {
			case "VCALENDAR":
				once("VERSION", "PRODID", "X-WR-CALNAME")
				if v := c.props["VERSION"]; len(v) == 1 && v[0].value != "2.0" {
					fail("VERSION is %q", v[0].value)
				}
				if len(stack) != 0 {
					fail("VCALENDAR nested")
				}
			case "VEVENT":
				once("UID", "DTSTAMP", "DTSTART")
				if v := c.props["UID"]; len(v) == 1 {
					if uids[v[0].value] {
						fail("UID %s twice", v[0].value)
					}
					uids[v[0].value] = true
				}
				if v := c.props["DTSTAMP"]; len(v) == 1 && !utcTime.MatchString(v[0].value) {
					fail("DTSTAMP %q is not a UTC date-time", v[0].value)
				}
				start, end := c.props["DTSTART"], c.props["DTEND"]
				for _, d := range append(slices.Clone(start), end...) {
					switch {
					case d.params["VALUE"] == "DATE" && !dateOnly.MatchString(d.value):
						fail("%s;VALUE=DATE %q is not a date", d.name, d.value)
					case d.params["VALUE"] != "DATE" && d.params["TZID"] != "" && !localTime.MatchString(d.value):
						fail("%s;TZID %q is not a local date-time", d.name, d.value)
					case d.params["VALUE"] != "DATE" && d.params["TZID"] == "" && !utcTime.MatchString(d.value):
						fail("%s %q is neither a date nor a UTC date-time", d.name, d.value)
					}
					if tz := d.params["TZID"]; tz != "" {
						usedTZIDs = append(usedTZIDs, tz)
					}
				}
				if len(start) == 1 && len(end) == 1 {
					if start[0].params["VALUE"] != end[0].params["VALUE"] || start[0].params["TZID"] != end[0].params["TZID"] {
						fail("DTSTART and DTEND of %v differ in type", c.props["UID"])
					} else if end[0].value <= start[0].value {
						fail("DTEND %s is not after DTSTART %s", end[0].value, start[0].value)
					}
				}
			case "VTIMEZONE":
				once("TZID")
				if v := c.props["TZID"]; len(v) == 1 {
					tzids[v[0].value] = true
				}
			case "STANDARD", "DAYLIGHT":
				once("DTSTART", "TZOFFSETFROM", "TZOFFSETTO")
				for _, n := range []string{"TZOFFSETFROM", "TZOFFSETTO"} {
					for _, v := range c.props[n] {
						if !offset.MatchString(v.value) {
							fail("%s %q is not a UTC offset", n, v.value)
						}
					}
				}
			}
			continue
		}
		if len(stack) == 0 {
			fail("%s outside any component", p.name)
			continue
		}
		c := stack[len(stack)-1]
		c.props[p.name] = append(c.props[p.name], p)
		if textProp(p.name) {
			if err := checkText(p.raw); err != nil {
				fail("%s: %v", p.name, err)
			}
		}
	}
	if len(stack) != 0 {
		fail("%d components left open", len(stack))
	}
	for _, tz := range usedTZIDs {
		if !tzids[tz] {
			fail("TZID %s has no VTIMEZONE", tz)
		}
	}
	return probs
}

// textProp reports whether a property's value is TEXT, with its escapes.
func textProp(name string) bool {
	switch name {
	case "SUMMARY", "DESCRIPTION", "X-WR-CALNAME", "NAME", "UID", "TZNAME", "PRODID":
		return true
	}
	return false
}

func isToken(s string) bool {
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return s != ""
}

type prop struct {
	name, value, raw string
	params           map[string]string
}

// parseContentLine splits name *(";" param) ":" value (RFC 5545 §3.1).
// Parameter values are safe characters or quoted; value is raw (still
// escaped) in raw and unescaped in value for TEXT properties.
func parseContentLine(l string) (prop, error) {
	p := prop{params: map[string]string{}}
	i := strings.IndexAny(l, ";:")
	if i <= 0 || !isToken(l[:i]) {
		return p, fmt.Errorf("no property name")
	}
	p.name, l = l[:i], l[i:]
	for l[0] == ';' {
		eq := strings.IndexByte(l, '=')
		if eq < 0 || !isToken(l[1:eq]) {
			return p, fmt.Errorf("bad parameter")
		}
		name, rest := l[1:eq], l[eq+1:]
		var val string
		if strings.HasPrefix(rest, `"`) {
			end := strings.IndexByte(rest[1:], '"')
			if end < 0 {
				return p, fmt.Errorf("unclosed quote")
			}
			val, rest = rest[1:end+1], rest[end+2:]
		} else {
			end := strings.IndexAny(rest, ";:")
			if end < 0 {
				return p, fmt.Errorf("no value")
			}
			val, rest = rest[:end], rest[end:]
			if strings.ContainsAny(val, `",`) {
				return p, fmt.Errorf("unquoted parameter value with DQUOTE or comma")
			}
		}
		p.params[name], l = val, rest
		if l == "" {
			return p, fmt.Errorf("no value")
		}
	}
	if l[0] != ':' {
		return p, fmt.Errorf("no colon")
	}
	p.raw = l[1:]
	p.value = p.raw
	if textProp(p.name) {
		p.value = unescapeText(p.raw)
	}
	return p, nil
}

// checkText enforces TEXT's grammar: ";" and "," and "\" only escaped, and
// a backslash only before \ ; , n or N.
func checkText(raw string) error {
	for i := 0; i < len(raw); i++ {
		switch raw[i] {
		case ';', ',':
			return fmt.Errorf("unescaped %q at %d", raw[i], i)
		case '\\':
			if i+1 >= len(raw) || !strings.ContainsRune(`\;,nN`, rune(raw[i+1])) {
				return fmt.Errorf("bad escape at %d", i)
			}
			i++
		}
	}
	return nil
}

func unescapeText(raw string) string {
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		if raw[i] == '\\' && i+1 < len(raw) {
			i++
			if raw[i] == 'n' || raw[i] == 'N' {
				b.WriteByte('\n')
			} else {
				b.WriteByte(raw[i])
			}
			continue
		}
		b.WriteByte(raw[i])
	}
	return b.String()
}

// The checker itself catches what it is there to catch.
func TestStrictCheckCatches(t *testing.T) {
	good := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nX-WR-CALNAME:x\r\n" +
		"BEGIN:VEVENT\r\nUID:a@b\r\nDTSTAMP:20261130T090000Z\r\nDTSTART;VALUE=DATE:20261207\r\nDTEND;VALUE=DATE:20261208\r\nSUMMARY:a\\, b\r\nEND:VEVENT\r\n" +
		"END:VCALENDAR\r\n"
	if probs := strictCheck([]byte(good)); len(probs) > 0 {
		t.Fatalf("a valid calendar fails: %v", probs)
	}
	cases := []struct{ name, in, want string }{
		{"LF line ends", strings.ReplaceAll(good, "\r\n", "\n"), "CRLF"},
		{"bare LF inside", strings.Replace(good, "SUMMARY:a", "SUMMARY:a\nb", 1), "bare CR or LF"},
		{"long line", strings.Replace(good, "SUMMARY:a", "SUMMARY:"+strings.Repeat("a", 70), 1), "more than 75"},
		{"fold splits a character", strings.Replace(good, "SUMMARY:a", "SUMMARY:\xd0\r\n \x81", 1), "UTF-8"},
		{"no UID", strings.Replace(good, "UID:a@b\r\n", "", 1), "UID"},
		{"no DTSTAMP", strings.Replace(good, "DTSTAMP:20261130T090000Z\r\n", "", 1), "DTSTAMP"},
		{"local DTSTAMP", strings.Replace(good, "DTSTAMP:20261130T090000Z", "DTSTAMP:20261130T090000", 1), "DTSTAMP"},
		{"unescaped comma", strings.Replace(good, `a\, b`, "a, b", 1), "unescaped"},
		{"bad escape", strings.Replace(good, `a\, b`, `a\x`, 1), "bad escape"},
		{"DTEND not after", strings.Replace(good, "DTEND;VALUE=DATE:20261208", "DTEND;VALUE=DATE:20261207", 1), "not after"},
		{"TZID without VTIMEZONE", strings.Replace(good, "DTSTART;VALUE=DATE:20261207\r\nDTEND;VALUE=DATE:20261208", "DTSTART;TZID=Europe/Helsinki:20261207T140000", 1), "no VTIMEZONE"},
		{"unbalanced", strings.Replace(good, "END:VEVENT\r\n", "", 1), "does not close"},
		{"no version", strings.Replace(good, "VERSION:2.0\r\n", "", 1), "VERSION"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			probs := strictCheck([]byte(c.in))
			if !strings.Contains(strings.Join(probs, "\n"), c.want) {
				t.Errorf("problems %q, want one about %q", probs, c.want)
			}
		})
	}
}
