// Package locale formats numbers, money, dates and plural forms for the
// languages Parley writes to clients in: English, Finnish and Russian.
// Month and weekday names are data (names.go keeps the tables small and in
// one place); the rules for grouping, decimal marks and plural categories
// are CLDR's.
package locale

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/parley-desk/parley/money"
)

// Languages are the languages client-facing text exists in.
var Languages = []string{"en", "fi", "ru"}

// Supported reports whether lang is one of Languages.
func Supported(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// Number writes minor units with digits decimals in lang's style:
// en 1,234.50; fi and ru 1 234,50 (a plain space groups thousands, so that
// text stays copyable; HTML keeps amounts on one line with CSS).
func Number(lang string, minor int64, digits int) string {
	s := money.FormatDecimal(minor, digits)
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	intPart, frac, _ := strings.Cut(s, ".")
	group, mark := ",", "."
	if lang == "fi" || lang == "ru" {
		group, mark = " ", ","
	}
	var b strings.Builder
	b.WriteString(sign)
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(mark)
		b.WriteString(frac)
	}
	return b.String()
}

// Money writes an amount with its currency: en €1,234.50 (a letter symbol
// goes after: 1,234.50 kr), fi 1 234,50 €, ru 1 234,50 ₽.
func Money(lang string, m money.Money) string {
	n := Number(lang, m.Minor, m.Currency.Digits)
	sym := m.Currency.Symbol
	if lang == "en" {
		r, _ := utf8.DecodeLastRuneInString(sym)
		if !unicode.IsLetter(r) {
			if strings.HasPrefix(n, "-") {
				return "-" + sym + n[1:]
			}
			return sym + n
		}
	}
	return n + " " + sym
}

// Plural returns the form of n among forms, by lang's CLDR plural rule for
// integers. forms are "one|other" for en and fi, "one|few|many" for ru; a
// missing form falls back to the last one.
func Plural(lang string, n int64, forms string) string {
	parts := strings.Split(forms, "|")
	i := pluralIndex(lang, n)
	if i >= len(parts) {
		i = len(parts) - 1
	}
	return parts[i]
}

func pluralIndex(lang string, n int64) int {
	if n < 0 {
		n = -n
	}
	if lang == "ru" {
		switch {
		case n%10 == 1 && n%100 != 11:
			return 0 // one: 1, 21, 101
		case n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
			return 1 // few: 2–4, 22–24
		default:
			return 2 // many: 0, 5–20, 25…
		}
	}
	if n == 1 {
		return 0
	}
	return 1
}

// Count writes n with its plural form: Count("ru", 5, "день|дня|дней") is
// "5 дней".
func Count(lang string, n int64, forms string) string {
	return fmt.Sprintf("%d %s", n, Plural(lang, n, forms))
}

// Date writes a date for a client: en "Monday 7 December 2026",
// fi "maanantai 7.12.2026", ru "понедельник, 7 декабря 2026".
func Date(lang string, d time.Time) string {
	n := names[lang]
	if n == nil {
		return d.Format("2006-01-02")
	}
	wd := n.weekdays[d.Weekday()]
	switch lang {
	case "fi":
		return fmt.Sprintf("%s %d.%d.%d", wd, d.Day(), int(d.Month()), d.Year())
	case "ru":
		return fmt.Sprintf("%s, %d %s %d", wd, d.Day(), n.months[d.Month()-1], d.Year())
	}
	return fmt.Sprintf("%s %d %s %d", wd, d.Day(), n.months[d.Month()-1], d.Year())
}

// ShortDate writes a date without the weekday: en "7 December 2026",
// fi "7.12.2026", ru "7 декабря 2026".
func ShortDate(lang string, d time.Time) string {
	n := names[lang]
	switch {
	case n == nil:
		return d.Format("2006-01-02")
	case lang == "fi":
		return fmt.Sprintf("%d.%d.%d", d.Day(), int(d.Month()), d.Year())
	}
	return fmt.Sprintf("%d %s %d", d.Day(), n.months[d.Month()-1], d.Year())
}

// Percent writes hundredths of a percent: 3000 → "30 %" (fi, ru) or "30%"
// (en); 1250 → "12.5%", "12,5 %".
func Percent(lang string, hundredths int64) string {
	s := Number(lang, hundredths, 2)
	if i := strings.IndexAny(s, ".,"); i >= 0 {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".,")
	}
	if lang == "en" {
		return s + "%"
	}
	return s + " %"
}

// PluralFraction is the form after a fractional number: Russian takes the
// genitive singular ("2,5 страницы", the second form), English and Finnish
// the plural ("2.5 pages", "2,5 sivua").
func PluralFraction(lang string, forms string) string {
	parts := strings.Split(forms, "|")
	if lang == "ru" && len(parts) > 1 {
		return parts[1]
	}
	return parts[len(parts)-1]
}
