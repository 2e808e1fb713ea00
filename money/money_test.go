package money

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

func TestSplitAddsUpExactly(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	curs := []string{"EUR", "RUB", "JPY", "KWD"}
	for i := 0; i < 20000; i++ {
		cur, _ := Lookup(curs[i%len(curs)])
		var minor int64
		switch i % 3 {
		case 0:
			minor = r.Int64N(1000)
		case 1:
			minor = r.Int64N(100_000_000)
		default:
			minor = r.Int64N(Limit + 1)
		}
		n := 1 + r.IntN(24)
		parts, err := Money{minor, cur}.Split(n)
		if err != nil {
			t.Fatal(err)
		}
		if len(parts) != n {
			t.Fatalf("%d parts, want %d", len(parts), n)
		}
		sum, lo, hi := int64(0), parts[0].Minor, parts[0].Minor
		for _, p := range parts {
			if p.Currency != cur {
				t.Fatal("currency lost")
			}
			if p.Minor < 0 || (minor >= int64(n) && p.Minor == 0) {
				t.Fatalf("split %d %s into %d: a part is %d", minor, cur.Code, n, p.Minor)
			}
			sum += p.Minor
			lo, hi = min(lo, p.Minor), max(hi, p.Minor)
		}
		if sum != minor {
			t.Fatalf("split %d %s into %d adds up to %d", minor, cur.Code, n, sum)
		}
		// Parts differ by at most one major unit plus the leftover minor units.
		if unit := pow10(cur.Digits); hi-lo > unit+unit-1 && minor >= int64(n)*unit {
			t.Fatalf("split %d into %d: parts from %d to %d", minor, n, lo, hi)
		}
	}
}

func TestSplitPrefersWholeUnits(t *testing.T) {
	eur, _ := Lookup("EUR")
	parts, _ := Money{10_000_000, eur}.Split(3) // 100 000.00
	want := []string{"33334.00", "33333.00", "33333.00"}
	for i, p := range parts {
		if p.String() != want[i] {
			t.Errorf("part %d = %s, want %s", i, p, want[i])
		}
	}
}

// MulDivRound agrees with exact rational arithmetic, rounding half away
// from zero, and reports overflow instead of wrapping.
func TestMulDivRoundMatchesRationals(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 50000; i++ {
		a := r.Int64N(2*Limit) - Limit
		b := r.Int64N(40000) - 20000
		c := 1 + r.Int64N(20000)
		if i%4 == 0 {
			a, b = r.Int64N(10000)-5000, r.Int64N(10000)-5000
		}
		got, err := MulDivRound(a, b, c)
		want := new(big.Rat).SetFrac(new(big.Int).Mul(big.NewInt(a), big.NewInt(b)), big.NewInt(c))
		rounded := roundHalfAway(want)
		if !rounded.IsInt64() || rounded.Int64() > Limit || rounded.Int64() < -Limit {
			if err == nil {
				t.Fatalf("%d×%d/%d: want overflow, got %d", a, b, c, got)
			}
			continue
		}
		if err != nil || got != rounded.Int64() {
			t.Fatalf("%d×%d/%d = %d (%v), want %s", a, b, c, got, err, rounded)
		}
	}
}

func roundHalfAway(x *big.Rat) *big.Int {
	num, den := new(big.Int).Abs(x.Num()), x.Denom()
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	if new(big.Int).Mul(m, big.NewInt(2)).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if x.Sign() < 0 {
		q.Neg(q)
	}
	return q
}

func TestParse(t *testing.T) {
	eur, _ := Lookup("EUR")
	jpy, _ := Lookup("JPY")
	tests := []struct {
		in   string
		cur  Currency
		want string
		ok   bool
	}{
		{"12500", eur, "12500.00", true},
		{"12500.5", eur, "12500.50", true},
		{"12 500,50", eur, "12500.50", true},
		{"12,500.50", eur, "12500.50", true},
		{"12.500,50", eur, "12500.50", true},
		{"12,500", eur, "12500.00", true},
		{"0,5", eur, "0.50", true},
		{"-3", eur, "-3.00", true},
		{"1.005", eur, "", false},
		{"1.50", jpy, "", false},
		{"1.00", jpy, "1", true},
		{"abc", eur, "", false},
		{"", eur, "", false},
		{"1e6", eur, "", false},
		{"99999999999999999999", eur, "", false},
		{"10000000000000.01", eur, "", false},
	}
	for _, tt := range tests {
		m, err := Parse(tt.in, tt.cur)
		if (err == nil) != tt.ok || (tt.ok && m.String() != tt.want) {
			t.Errorf("Parse(%q, %s) = %s, %v; want %s ok=%v", tt.in, tt.cur.Code, m, err, tt.want, tt.ok)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"12 500,50", "1,234.5", "-0.01", "1e9", "١٢٣", "9223372036854775807"} {
		f.Add(s)
	}
	eur, _ := Lookup("EUR")
	f.Fuzz(func(t *testing.T, s string) {
		m, err := Parse(s, eur)
		if err != nil {
			return
		}
		if m.Minor > Limit || m.Minor < -Limit {
			t.Fatalf("%q parsed beyond the limit: %d", s, m.Minor)
		}
		back, err := Parse(m.String(), eur)
		if err != nil || back != m {
			t.Fatalf("%q → %s does not read back: %v", s, m, err)
		}
	})
}
