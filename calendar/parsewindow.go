package calendar

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/parley-desk/parley"
)

// timeRange is the clock part that ends a call window: "14:00–16:00",
// "14–16", "14.30-16", "с 14:00 до 16:00", with anything in parentheses
// after it left for people.
const timeRange = `(\d{1,2})(?:[:.](\d{2}))?\s*(?:-|–|—|до|to)\s*(\d{1,2})(?:[:.](\d{2}))?\s*(?:\(.*\))?\s*$`

// ParseCallWindows reads the charter's call windows (B1) as the freelancer
// wrote them in the policy, in the policy's time zone.
func ParseCallWindows(texts []string, timeZone string) ([]CallWindow, error) {
	out := make([]CallWindow, 0, len(texts))
	for _, t := range texts {
		w, err := ParseCallWindow(t, timeZone)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, nil
}

// ParseCallWindow reads one call window in English, Finnish or Russian:
// "Tue 14:00–16:00", "Mon–Fri 9:30–10:00", "Tue, Thu 14-16",
// "ti klo 14–16", "вт 14:00–16:00", "пн–пт с 10 до 11".
func ParseCallWindow(text, timeZone string) (CallWindow, error) {
	bad := func(format string, args ...any) (CallWindow, error) {
		return CallWindow{}, parley.Errorf(parley.EINVALID, "call window %q: %s; write it like \"Tue 14:00–16:00\"", text, fmt.Sprintf(format, args...))
	}
	s := strings.ToLower(strings.TrimSpace(text))
	m := regexp.MustCompile(timeRange).FindStringSubmatchIndex(s)
	if m == nil {
		return bad("it does not end with a time range like 14:00–16:00")
	}
	clock := func(h, min int) (Clock, bool) {
		c := Clock{Hour: atoi(s, m[h], m[h+1])}
		if m[min] >= 0 {
			c.Minute = atoi(s, m[min], m[min+1])
		}
		return c, c.valid()
	}
	start, ok1 := clock(2, 4)
	end, ok2 := clock(6, 8)
	if !ok1 || !ok2 {
		return bad("times must lie between 00:00 and 23:59")
	}
	days, err := parseDays(s[:m[0]])
	if err != nil {
		return bad("%v", err)
	}
	w := CallWindow{Days: days, Start: start, End: end, TimeZone: timeZone}
	if _, err := checkWindow(w); err != nil {
		return bad("%v", err)
	}
	return w, nil
}

func atoi(s string, from, to int) int {
	n, _ := strconv.Atoi(s[from:to]) // the pattern matched digits only
	return n
}

// parseDays reads "tue", "mon–fri", "ti ja to", "вт, чт": weekday names
// and abbreviations, lists and ranges (a range may wrap: fri–mon).
func parseDays(s string) ([]time.Weekday, error) {
	var days []time.Weekday
	var tokens []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '-' && r != '–' && r != '—' }) {
		f = strings.NewReplacer("–", "-", "—", "-").Replace(f)
		for i, part := range strings.Split(f, "-") {
			if i > 0 {
				tokens = append(tokens, "-")
			}
			if part != "" {
				tokens = append(tokens, part)
			}
		}
	}
	for i := 0; i < len(tokens); i++ {
		tok := tokens[i]
		if tok == "-" || filler(tok) {
			continue
		}
		d, ok := weekday(tok)
		if !ok {
			return nil, fmt.Errorf("%q is not a weekday", tok)
		}
		if i+2 < len(tokens) && tokens[i+1] == "-" {
			to, ok := weekday(tokens[i+2])
			if !ok {
				return nil, fmt.Errorf("%q is not a weekday", tokens[i+2])
			}
			for ; d != to; d = (d + 1) % 7 {
				days = append(days, d)
			}
			i += 2
		}
		days = append(days, d)
	}
	if len(days) == 0 {
		return nil, fmt.Errorf("no weekday named")
	}
	return weekdays(days), nil
}

// filler are the words around days and times that carry no meaning here.
func filler(w string) bool {
	switch w {
	case "klo", "kello", "at", "from", "on", "and", "every", "ja", "и", "с", "в", "во", "по":
		return true
	}
	return false
}

// weekday reads a weekday's name or abbreviation in English, Finnish or
// Russian, also the forms "tuesdays", "tiistaisin", "по вторникам".
func weekday(w string) (time.Weekday, bool) {
	switch w {
	case "mon", "monday", "mondays", "ma", "maanantai", "maanantaisin", "пн", "пон", "понедельник", "понедельникам":
		return time.Monday, true
	case "tue", "tues", "tuesday", "tuesdays", "ti", "tiistai", "tiistaisin", "вт", "вторник", "вторникам":
		return time.Tuesday, true
	case "wed", "weds", "wednesday", "wednesdays", "ke", "keskiviikko", "keskiviikkoisin", "ср", "среда", "среду", "средам":
		return time.Wednesday, true
	case "thu", "thur", "thurs", "thursday", "thursdays", "to", "torstai", "torstaisin", "чт", "четверг", "четвергам":
		return time.Thursday, true
	case "fri", "friday", "fridays", "pe", "perjantai", "perjantaisin", "пт", "пятница", "пятницу", "пятницам":
		return time.Friday, true
	case "sat", "saturday", "saturdays", "la", "lauantai", "lauantaisin", "сб", "суббота", "субботу", "субботам":
		return time.Saturday, true
	case "sun", "sunday", "sundays", "su", "sunnuntai", "sunnuntaisin", "вс", "воскресенье", "воскресеньям":
		return time.Sunday, true
	}
	return 0, false
}
