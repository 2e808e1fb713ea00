// Package money is exact money: an integer number of the currency's minor
// units with the currency attached. No float ever touches an amount; a
// percentage is applied with one rounding, half away from zero, to the
// minor unit; a split adds up to the whole exactly.
package money

import (
	"errors"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
)

// Currency is an ISO 4217 currency this program knows the minor unit of.
type Currency struct {
	Code   string // "EUR"
	Digits int    // digits of the minor unit: 2 for EUR, 0 for JPY
	Symbol string // "€"
}

// currencies lists the ones a freelancer is likely to invoice in. The
// minor-unit digits are ISO 4217's.
var currencies = map[string]Currency{
	"EUR": {"EUR", 2, "€"}, "USD": {"USD", 2, "$"}, "GBP": {"GBP", 2, "£"},
	"RUB": {"RUB", 2, "₽"}, "SEK": {"SEK", 2, "kr"}, "NOK": {"NOK", 2, "kr"},
	"DKK": {"DKK", 2, "kr"}, "CHF": {"CHF", 2, "CHF"}, "PLN": {"PLN", 2, "zł"},
	"CZK": {"CZK", 2, "Kč"}, "UAH": {"UAH", 2, "₴"}, "KZT": {"KZT", 2, "₸"},
	"GEL": {"GEL", 2, "₾"}, "TRY": {"TRY", 2, "₺"}, "CAD": {"CAD", 2, "CA$"},
	"AUD": {"AUD", 2, "A$"}, "JPY": {"JPY", 0, "¥"}, "KRW": {"KRW", 0, "₩"},
	"ISK": {"ISK", 0, "kr"}, "BHD": {"BHD", 3, "BD"}, "KWD": {"KWD", 3, "KD"},
}

// Lookup returns the currency of an ISO code (case-insensitive).
func Lookup(code string) (Currency, error) {
	c, ok := currencies[strings.ToUpper(strings.TrimSpace(code))]
	if !ok {
		return Currency{}, fmt.Errorf("unknown currency %q: use an ISO 4217 code such as EUR, USD or RUB", code)
	}
	return c, nil
}

// Codes lists the known currency codes, for messages.
func Codes() []string {
	out := make([]string, 0, len(currencies))
	for c := range currencies {
		out = append(out, c)
	}
	return out
}

// Limit is the largest amount, in minor units, this program accepts: ten
// trillion major units. Far beyond any freelance job, and far enough from
// the int64 edge that sums of a few thousand amounts cannot overflow.
const Limit = 1_000_000_000_000_000

// ErrOverflow is returned when an amount would leave ±Limit.
var ErrOverflow = errors.New("amount too large")

// Money is an amount in minor units of its currency.
type Money struct {
	Minor    int64
	Currency Currency
}

// New returns minor units of cur, or ErrOverflow.
func New(minor int64, cur Currency) (Money, error) {
	if minor > Limit || minor < -Limit {
		return Money{}, ErrOverflow
	}
	return Money{minor, cur}, nil
}

// Zero is no money in cur.
func Zero(cur Currency) Money { return Money{0, cur} }

func (m Money) IsZero() bool     { return m.Minor == 0 }
func (m Money) IsNegative() bool { return m.Minor < 0 }

// Add returns m+o. Adding different currencies is a programming error and
// panics, like an out-of-range index: no input can cause it.
func (m Money) Add(o Money) (Money, error) {
	m.same(o)
	return New(m.Minor+o.Minor, m.Currency) // |each| ≤ Limit, so no int64 overflow
}

// Sub returns m-o.
func (m Money) Sub(o Money) (Money, error) {
	m.same(o)
	return New(m.Minor-o.Minor, m.Currency)
}

// Neg returns -m.
func (m Money) Neg() Money { return Money{-m.Minor, m.Currency} }

// Cmp compares m and o: -1, 0 or +1.
func (m Money) Cmp(o Money) int {
	m.same(o)
	switch {
	case m.Minor < o.Minor:
		return -1
	case m.Minor > o.Minor:
		return 1
	}
	return 0
}

func (m Money) same(o Money) {
	if m.Currency.Code != o.Currency.Code {
		panic("money: mixing " + m.Currency.Code + " and " + o.Currency.Code)
	}
}

// MulFrac returns m × num / den rounded half away from zero to the minor
// unit; den > 0. It is how a percentage or a fractional quantity applies.
func (m Money) MulFrac(num, den int64) (Money, error) {
	v, err := MulDivRound(m.Minor, num, den)
	if err != nil {
		return Money{}, err
	}
	return New(v, m.Currency)
}

// MulDivRound returns a×b/c rounded half away from zero, computed in 128
// bits so that the product cannot overflow; c > 0.
func MulDivRound(a, b, c int64) (int64, error) {
	if c <= 0 {
		return 0, errors.New("money: divisor must be positive")
	}
	neg := (a < 0) != (b < 0)
	hi, lo := bits.Mul64(abs(a), abs(b))
	if hi >= uint64(c) {
		return 0, ErrOverflow
	}
	q, r := bits.Div64(hi, lo, uint64(c))
	if r >= uint64(c)-r { // r ≥ c/2 without overflow: round half away from zero
		q++
	}
	if q > Limit {
		return 0, ErrOverflow
	}
	if neg {
		return -int64(q), nil
	}
	return int64(q), nil
}

func abs(v int64) uint64 {
	if v < 0 {
		return uint64(-v)
	}
	return uint64(v)
}

// Split divides m into n parts that add up to m exactly. Parts are whole
// major units where the amount allows (a client pays 33 334 + 33 333 +
// 33 333 more easily than thirds with cents): the remaining major units go
// one each to the first parts, and leftover minor units to the first part.
// Every part is positive when m is at least n minor units.
func (m Money) Split(n int) ([]Money, error) {
	if n < 1 {
		return nil, fmt.Errorf("money: cannot split into %d parts", n)
	}
	if m.Minor < 0 {
		return nil, errors.New("money: cannot split a negative amount")
	}
	unit := pow10(m.Currency.Digits)
	whole, cents := m.Minor/unit, m.Minor%unit
	if whole < int64(n) { // too small for whole units: split the minor units
		unit, whole, cents = 1, m.Minor, 0
	}
	q, r := whole/int64(n), whole%int64(n)
	parts := make([]Money, n)
	for i := range parts {
		v := q
		if int64(i) < r {
			v++
		}
		parts[i] = Money{v * unit, m.Currency}
	}
	parts[0].Minor += cents
	return parts, nil
}

func pow10(n int) int64 {
	v := int64(1)
	for range n {
		v *= 10
	}
	return v
}

// String is the amount as a decimal string in major units, "12500.00",
// without the currency: the form of the JSON interface.
func (m Money) String() string {
	return FormatDecimal(m.Minor, m.Currency.Digits)
}

// FormatDecimal writes minor units with digits decimals: -1234 → "-12.34".
func FormatDecimal(minor int64, digits int) string {
	var buf [32]byte
	b := strconv.AppendUint(buf[:0], abs(minor), 10)
	for len(b) < digits+1 { // pad to at least one digit before the point
		b = append([]byte{'0'}, b...)
	}
	out := make([]byte, 0, len(b)+2)
	if minor < 0 {
		out = append(out, '-')
	}
	if digits == 0 {
		return string(append(out, b...))
	}
	out = append(out, b[:len(b)-digits]...)
	out = append(out, '.')
	out = append(out, b[len(b)-digits:]...)
	return string(out)
}

// Parse reads a decimal amount in major units of cur: "12500", "12500.5",
// "12 500,50", "12,500.50". It refuses more decimals than the currency has,
// and amounts beyond Limit.
func Parse(s string, cur Currency) (Money, error) {
	v, err := ParseFixed(s, cur.Digits)
	if err != nil {
		return Money{}, err
	}
	return New(v, cur)
}

// ParseFixed reads a decimal number into an integer scaled by 10^digits.
// Spaces (also no-break) group thousands; the decimal mark is "." or ","
// (a comma followed by exactly three digits and no other mark is read as
// grouping: "12,500"). It refuses more decimals than digits.
func ParseFixed(s string, digits int) (int64, error) {
	orig := s
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, " _\u00a0\u202f") {
		var b strings.Builder
		for _, r := range s {
			if r != ' ' && r != '_' && r != '\u00a0' && r != '\u202f' {
				b.WriteRune(r)
			}
		}
		s = b.String()
	}
	neg := false
	if strings.HasPrefix(s, "-") {
		neg, s = true, s[1:]
	} else if strings.HasPrefix(s, "+") {
		s = s[1:]
	}
	dot, comma := strings.LastIndex(s, "."), strings.LastIndex(s, ",")
	switch {
	case dot >= 0 && comma >= 0: // both: the later one is the decimal mark
		if dot > comma {
			s = strings.ReplaceAll(s, ",", "")
		} else {
			s = strings.ReplaceAll(s, ".", "")
			s = strings.Replace(s, ",", ".", 1)
		}
	case comma >= 0:
		if strings.Count(s, ",") > 1 || len(s)-comma-1 == 3 {
			s = strings.ReplaceAll(s, ",", "")
		} else {
			s = strings.Replace(s, ",", ".", 1)
		}
	}
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "" && frac == "" || !allDigits(intPart) || !allDigits(frac) || strings.Contains(frac, ".") {
		return 0, fmt.Errorf("%q is not a number: write it like 1234.50", orig)
	}
	if len(frac) > digits {
		frac = strings.TrimRight(frac, "0")
		if len(frac) > digits {
			return 0, fmt.Errorf("%q has more than %d decimals", orig, digits)
		}
	}
	frac += strings.Repeat("0", digits-len(frac))
	intPart = strings.TrimLeft(intPart, "0")
	if len(intPart)+digits > 18 {
		return 0, fmt.Errorf("%q: %w", orig, ErrOverflow)
	}
	var v int64
	for _, c := range intPart + frac {
		v = v*10 + int64(c-'0')
	}
	if v > Limit {
		return 0, fmt.Errorf("%q: %w", orig, ErrOverflow)
	}
	if neg {
		v = -v
	}
	return v, nil
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
