package locale

import (
	"testing"
	"time"

	"github.com/parley-desk/parley/money"
)

func TestMoney(t *testing.T) {
	eur, _ := money.Lookup("EUR")
	rub, _ := money.Lookup("RUB")
	sek, _ := money.Lookup("SEK")
	jpy, _ := money.Lookup("JPY")
	tests := []struct {
		lang string
		m    money.Money
		want string
	}{
		{"en", money.Money{Minor: 123450, Currency: eur}, "€1,234.50"},
		{"fi", money.Money{Minor: 123450, Currency: eur}, "1 234,50 €"},
		{"ru", money.Money{Minor: 123450, Currency: rub}, "1 234,50 ₽"},
		{"en", money.Money{Minor: -5000, Currency: eur}, "-€50.00"},
		{"en", money.Money{Minor: 123456789, Currency: sek}, "1,234,567.89 kr"},
		{"ru", money.Money{Minor: 1000000, Currency: jpy}, "1 000 000 ¥"},
		{"fi", money.Money{Minor: 99, Currency: eur}, "0,99 €"},
	}
	for _, tt := range tests {
		if got := Money(tt.lang, tt.m); got != tt.want {
			t.Errorf("Money(%s, %d %s) = %q, want %q", tt.lang, tt.m.Minor, tt.m.Currency.Code, got, tt.want)
		}
	}
}

func TestPlural(t *testing.T) {
	ru := "день|дня|дней"
	for n, want := range map[int64]string{0: "дней", 1: "день", 2: "дня", 4: "дня", 5: "дней", 11: "дней", 12: "дней", 14: "дней", 21: "день", 22: "дня", 25: "дней", 101: "день", 111: "дней", 112: "дней", 122: "дня"} {
		if got := Plural("ru", n, ru); got != want {
			t.Errorf("ru %d: %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int64]string{0: "päivää", 1: "päivä", 2: "päivää", 21: "päivää"} {
		if got := Plural("fi", n, "päivä|päivää"); got != want {
			t.Errorf("fi %d: %q, want %q", n, got, want)
		}
	}
	if got := Count("en", 1, "stage|stages"); got != "1 stage" {
		t.Errorf("en 1: %q", got)
	}
	if got := PluralFraction("ru", "страница|страницы|страниц"); got != "страницы" {
		t.Errorf("ru fraction: %q", got)
	}
}

func TestDatesAndPercent(t *testing.T) {
	d := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	for lang, want := range map[string]string{"en": "Monday 7 December 2026", "fi": "maanantai 7.12.2026", "ru": "понедельник, 7 декабря 2026"} {
		if got := Date(lang, d); got != want {
			t.Errorf("Date(%s) = %q, want %q", lang, got, want)
		}
	}
	for _, tt := range []struct {
		lang string
		h    int64
		want string
	}{{"en", 3000, "30%"}, {"fi", 3000, "30 %"}, {"ru", 1250, "12,5 %"}, {"en", -4000, "-40%"}} {
		if got := Percent(tt.lang, tt.h); got != tt.want {
			t.Errorf("Percent(%s, %d) = %q, want %q", tt.lang, tt.h, got, tt.want)
		}
	}
}
