package negotiate

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/parley-desk/parley/money"
	"github.com/parley-desk/parley/screen"
	"github.com/parley-desk/parley/wording"
)

// Mention is an amount, a percentage or a date the client wrote, with its
// place in the text.
type Mention struct {
	Kind       string      // amount, percent, date
	Amount     money.Money // amount: in the deal's currency when none is written
	Currency   string      // amount: the currency written, if any
	Percent    int64       // percent: hundredths
	Date       time.Time   // date: the day meant, resolved from the message's date
	WorkDays   int         // date: N working days from the message, counted by the caller on the calendar
	Start, End int         // byte offsets of the words that say it
}

// words are a language's cue words for amounts and dates, from the
// "words_*" lists of text/LANG.toml: prefixes, matched against lower-cased
// tokens.
type words struct {
	weekdays      [7][]string // Sunday first
	months        [12][]string
	today         []string
	tomorrow      []string
	afterTomorrow []string
	next          []string
	days, weeks   []string
	monthEnd      []string
	thousand      []string
	million       []string
	percent       []string
	working       []string            // "working", "business": the days that follow are working days
	currencies    map[string][]string // ISO code → words and signs
	heads         map[string]bool     // the first three bytes of every date word, to skip the rest fast
	shortCue      bool                // some date word is shorter than three bytes
}

// head is the key of a word in heads: its first three bytes (or all of it).
func head(s string) string {
	s = strings.TrimPrefix(s, "=")
	if len(s) > 3 {
		return s[:3]
	}
	return s
}

// mayCue reports whether word could start a date in words.
func (w *words) mayCue(word string) bool {
	if w.heads[head(word)] {
		return true
	}
	// a cue shorter than three bytes matches words it is a prefix of
	for i := 1; w.shortCue && i < 3 && i < len(word); i++ {
		if w.heads[word[:i]] {
			return true
		}
	}
	return false
}

func loadWords(c *wording.Catalog) *words {
	w := &words{currencies: map[string][]string{}}
	split := func(key string) [][]string {
		var out [][]string
		for _, item := range c.List(key) {
			out = append(out, strings.Fields(strings.ReplaceAll(item, "|", " ")))
		}
		return out
	}
	for i, alts := range split("words_weekdays") {
		if i < 7 {
			w.weekdays[i] = alts
		}
	}
	for i, alts := range split("words_months") {
		if i < 12 {
			w.months[i] = alts
		}
	}
	w.today, w.tomorrow, w.afterTomorrow = c.List("words_today"), c.List("words_tomorrow"), c.List("words_after_tomorrow")
	w.next, w.days, w.weeks, w.monthEnd = c.List("words_next"), c.List("words_days"), c.List("words_weeks"), c.List("words_month_end")
	w.thousand, w.million, w.percent = c.List("words_thousand"), c.List("words_million"), c.List("words_percent")
	w.working = c.List("words_working")
	w.heads = map[string]bool{}
	for _, list := range [][]string{flatten(w.months), w.today, w.tomorrow, w.afterTomorrow, w.next, w.monthEnd} {
		for _, cue := range list {
			w.heads[head(cue)] = true
		}
	}
	for _, alts := range w.weekdays {
		for _, cue := range alts {
			w.heads[head(cue)] = true
		}
	}
	for h := range w.heads {
		w.shortCue = w.shortCue || len(h) < 3
	}
	for _, item := range c.List("words_currencies") {
		code, list, _ := strings.Cut(item, ":")
		w.currencies[strings.TrimSpace(code)] = strings.Fields(list)
	}
	return w
}

func hasPrefix(word string, prefixes []string) bool {
	for _, p := range prefixes {
		if exact, ok := strings.CutPrefix(p, "="); ok {
			if word == exact {
				return true
			}
		} else if strings.HasPrefix(word, p) {
			return true
		}
	}
	return false
}

// extract finds the amounts, percentages and dates of a message. now is
// when the message was written; cur the deal's currency.
func extract(text string, toks []screen.Token, w *words, now time.Time, cur money.Currency) []Mention {
	norm := func(i int) string {
		if i < 0 || i >= len(toks) {
			return ""
		}
		return toks[i].Norm
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	var out []Mention
	used := make([]bool, len(toks))
	for i, t := range toks {
		if used[i] {
			continue
		}
		switch t.Kind {
		case screen.Number:
			if m, n, ok := dateAt(toks, i, w, today); ok {
				m.Start, m.End = t.Start, toks[i+n-1].End
				for k := i; k < i+n; k++ {
					used[k] = true
				}
				if i > 0 && toks[i-1].Kind == screen.Word && hasPrefix(norm(i-1), flatten(w.months)) {
					m.Start = toks[i-1].Start
				}
				out = append(out, m)
				continue
			}
			digits, suffix := splitNumber(t.Norm)
			value, frac, ok := parseNumber(digits)
			if !ok {
				continue
			}
			// "in 3 days", "через 2 недели", "3 päivässä": a date that far ahead;
			// "3 working days", "3 рабочих дня", "3 arkipäivää": working days,
			// which the caller counts on the freelancer's calendar.
			if frac == 0 && value > 0 && value <= 90 && suffix == "" && i+2 < len(toks) && toks[i+1].Kind == screen.Word &&
				hasPrefix(toks[i+1].Norm, w.working) && (hasPrefix(toks[i+2].Norm, w.days) || len(w.working) > 0 && toks[i+2].Kind == screen.Word && hasPrefix(toks[i+2].Norm, w.days)) {
				out = append(out, Mention{Kind: "date", WorkDays: int(value), Start: t.Start, End: toks[i+2].End})
				used[i+1], used[i+2] = true, true
				continue
			}
			if frac == 0 && value > 0 && value <= 90 && suffix == "" && i+1 < len(toks) && toks[i+1].Kind == screen.Word {
				if unit := toks[i+1].Norm; hasPrefix(unit, w.working) && hasPrefix(unit, w.days) {
					// one word: "3 arkipäivää", "3 työpäivää"
					out = append(out, Mention{Kind: "date", WorkDays: int(value), Start: t.Start, End: toks[i+1].End})
					used[i+1] = true
					continue
				}
				if unit := toks[i+1].Norm; hasPrefix(unit, w.days) || hasPrefix(unit, w.weeks) {
					days := int(value)
					if hasPrefix(unit, w.weeks) {
						days *= 7
					}
					out = append(out, Mention{Kind: "date", Date: today.AddDate(0, 0, days), Start: t.Start, End: toks[i+1].End})
					used[i+1] = true
					continue
				}
			}
			end := t.End
			mult := int64(1)
			switch {
			case suffix == "k" || suffix == "к" || suffix == "t":
				mult = 1000
			case suffix == "m" || suffix == "м":
				mult = 1_000_000
			}
			j := i + 1
			if mult == 1 && j < len(toks) && toks[j].Kind == screen.Word && hasPrefix(norm(j), w.thousand) {
				mult, end, j = 1000, toks[j].End, j+1
			} else if mult == 1 && j < len(toks) && toks[j].Kind == screen.Word && hasPrefix(norm(j), w.million) {
				mult, end, j = 1_000_000, toks[j].End, j+1
			}
			if j < len(toks) && (toks[j].Norm == "%" || hasPrefix(norm(j), w.percent)) {
				p := value*100 + frac/100 // frac is in ten-thousandths
				out = append(out, Mention{Kind: "percent", Percent: p, Start: t.Start, End: toks[j].End})
				used[j] = true
				continue
			}
			code := ""
			start := t.Start
			if j < len(toks) {
				if c := currencyOf(toks[j].Norm, w); c != "" {
					code, end = c, toks[j].End
					used[j] = true
				}
			}
			if code == "" && i > 0 {
				if c := currencyOf(norm(i-1), w); c != "" {
					code, start = c, toks[i-1].Start
				}
			}
			if code == "" && mult == 1 {
				// A bare number is an amount only when it is large enough
				// to be a price; quantities and days are small.
				if value < 100 {
					continue
				}
			}
			c := cur
			if code != "" {
				if cc, err := money.Lookup(code); err == nil {
					c = cc
				}
			}
			minorUnit := int64(1)
			for range c.Digits {
				minorUnit *= 10
			}
			amount, err := money.MulDivRound(value*10000+frac, mult*minorUnit, 10000)
			if err != nil {
				continue
			}
			m, err := money.New(amount, c)
			if err != nil {
				continue
			}
			out = append(out, Mention{Kind: "amount", Amount: m, Currency: code, Start: start, End: end})
		case screen.Word:
			if !w.mayCue(t.Norm) {
				continue
			}
			if m, n, ok := relativeDateAt(toks, i, w, today); ok {
				m.Start, m.End = t.Start, toks[i+n-1].End
				for k := i; k < i+n; k++ {
					used[k] = true
				}
				out = append(out, m)
			}
		}
	}
	return out
}

func flatten(lists [12][]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

func currencyOf(word string, w *words) string {
	for code, list := range w.currencies {
		for _, c := range list {
			if word == c {
				return code
			}
		}
	}
	return ""
}

// splitNumber separates a number token's digits from a letter suffix:
// "25k" → "25", "k"; "15th" → "15", "th".
func splitNumber(s string) (string, string) {
	i := strings.IndexFunc(s, unicode.IsLetter)
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.ToLower(s[i:])
}

// parseNumber reads "30 000", "1,200.50", "1.200,50", "12,5": the integer
// part and the fraction in ten-thousandths.
func parseNumber(s string) (int64, int64, bool) {
	v, err := money.ParseFixed(s, 4)
	if err != nil || v < 0 {
		return 0, 0, false
	}
	return v / 10000, v % 10000, true
}

// dateAt reads a date that starts with the number at toks[i]: "15.12.",
// "15.12.2026", "15 December", "15th", "15-го декабря". It returns the
// date and how many tokens it spans.
func dateAt(toks []screen.Token, i int, w *words, today time.Time) (Mention, int, bool) {
	t := toks[i]
	digits, suffix := splitNumber(t.Norm)
	// dd.mm or dd.mm.yyyy written as one number token.
	if parts := strings.Split(digits, "."); len(parts) >= 2 && len(parts) <= 3 && suffix == "" {
		d, err1 := strconv.Atoi(parts[0])
		m, err2 := strconv.Atoi(parts[1])
		if err1 == nil && err2 == nil && len(parts[1]) <= 2 && d >= 1 && d <= 31 && m >= 1 && m <= 12 {
			y := today.Year()
			if len(parts) == 3 && parts[2] != "" {
				if yy, err := strconv.Atoi(parts[2]); err == nil && yy >= 2000 && yy < 2100 {
					y = yy
				} else {
					return Mention{}, 0, false
				}
			}
			date := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
			if date.Day() != d {
				return Mention{}, 0, false
			}
			if len(parts) < 3 && date.Before(today) {
				date = date.AddDate(1, 0, 0)
			}
			return Mention{Kind: "date", Date: date}, 1, true
		}
	}
	if strings.ContainsAny(digits, ".,") {
		return Mention{}, 0, false
	}
	day, err := strconv.Atoi(digits)
	if err != nil || day < 1 || day > 31 {
		return Mention{}, 0, false
	}
	n := 1
	// A month name after the day ("15 December", "15 декабря",
	// "15. joulukuuta"), or before it ("December 15").
	month := -1
	if i+1 < len(toks) && toks[i+1].Kind == screen.Word {
		month = monthOf(toks[i+1].Norm, w)
		if month >= 0 {
			n = 2
		} else if i+2 < len(toks) && toks[i+1].Kind == screen.Word && utf8.RuneCountInString(toks[i+1].Norm) <= 3 {
			// "15-го декабря": a case ending between the day and the month
			if month = monthOf(toks[i+2].Norm, w); month >= 0 {
				n = 3
			}
		}
	}
	if month < 0 && i > 0 && toks[i-1].Kind == screen.Word {
		month = monthOf(toks[i-1].Norm, w)
	}
	ordinal := suffix == "th" || suffix == "st" || suffix == "nd" || suffix == "rd"
	if month < 0 {
		if !ordinal && !(i+1 < len(toks) && (toks[i+1].Norm == "му" || toks[i+1].Norm == "го" || toks[i+1].Norm == "числа" || toks[i+1].Norm == "числу")) {
			return Mention{}, 0, false
		}
		if i+1 < len(toks) && !ordinal {
			n = 2
		}
		// "the 15th", "к 15-му": that day of this month, or of the next.
		date := time.Date(today.Year(), today.Month(), day, 0, 0, 0, 0, time.UTC)
		if date.Before(today) || date.Day() != day {
			date = time.Date(today.Year(), today.Month()+1, day, 0, 0, 0, 0, time.UTC)
		}
		return Mention{Kind: "date", Date: date}, n, true
	}
	date := time.Date(today.Year(), time.Month(month+1), day, 0, 0, 0, 0, time.UTC)
	if date.Day() != day {
		return Mention{}, 0, false
	}
	if date.Before(today) {
		date = date.AddDate(1, 0, 0)
	}
	return Mention{Kind: "date", Date: date}, n, true
}

func monthOf(word string, w *words) int {
	for m, alts := range w.months {
		if hasPrefix(word, alts) {
			return m
		}
	}
	return -1
}

// relativeDateAt reads a date in words at toks[i]: a weekday ("by Friday",
// "perjantaihin", "до пятницы"), "tomorrow", "next Monday", "in 3 days",
// "end of the month".
func relativeDateAt(toks []screen.Token, i int, w *words, today time.Time) (Mention, int, bool) {
	word := toks[i].Norm
	date := func(d time.Time, n int) (Mention, int, bool) { return Mention{Kind: "date", Date: d}, n, true }
	switch {
	case hasPrefix(word, w.afterTomorrow):
		return date(today.AddDate(0, 0, 2), 1)
	case hasPrefix(word, w.tomorrow):
		return date(today.AddDate(0, 0, 1), 1)
	case hasPrefix(word, w.today):
		return date(today, 1)
	case hasPrefix(word, w.monthEnd):
		return date(time.Date(today.Year(), today.Month()+1, 0, 0, 0, 0, 0, time.UTC), 1)
	}
	next := hasPrefix(word, w.next)
	j := i
	if next && i+1 < len(toks) {
		j = i + 1
	}
	for wd, alts := range w.weekdays {
		if !hasPrefix(toks[j].Norm, alts) {
			continue
		}
		ahead := (wd - int(today.Weekday()) + 7) % 7
		if ahead == 0 {
			ahead = 7 // "by Monday" written on a Monday means the next one
		} else if next && isThisWeek(today, ahead) {
			ahead += 7
		}
		return date(today.AddDate(0, 0, ahead), j-i+1)
	}
	if next && hasPrefix(toks[j].Norm, w.weeks) && j+1 < len(toks) {
		// "next week's Tuesday", "ensi viikon tiistaihin": that weekday of next week.
		for wd, alts := range w.weekdays {
			if hasPrefix(toks[j+1].Norm, alts) {
				monday := today.AddDate(0, 0, 7-(int(today.Weekday())+6)%7)
				return date(monday.AddDate(0, 0, (wd+6)%7), j-i+2)
			}
		}
	}
	if next && hasPrefix(toks[j].Norm, w.weeks) {
		// "next week": its Friday, the end of a working week.
		ahead := (int(time.Friday)-int(today.Weekday())+7)%7 + 7
		return date(today.AddDate(0, 0, ahead), 2)
	}
	return Mention{}, 0, false
}

// isThisWeek reports whether today+ahead falls in today's Monday-to-Sunday
// week: "next Friday" said on a Monday means the Friday after.
func isThisWeek(today time.Time, ahead int) bool {
	wd := (int(today.Weekday()) + 6) % 7 // Monday 0 … Sunday 6
	return wd+ahead <= 6
}
