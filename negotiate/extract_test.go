package negotiate

import (
	"fmt"
	"testing"
	"time"

	"github.com/parley-desk/parley/money"
	"github.com/parley-desk/parley/screen"
)

// Amounts, percentages and dates as clients write them, read from a
// message sent on Monday 30 November 2026.
func TestExtract(t *testing.T) {
	a := newTestAssistant(t)
	eur, _ := money.Lookup("EUR")
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		lang, text string
		want       []string // kind:value in order
	}{
		{"en", "Could you do it for 30 000?", []string{"amount:30000.00 EUR"}},
		{"en", "Our budget is €1,200.50 in total.", []string{"amount:1200.50 EUR"}},
		{"en", "We can pay 25k, or $900 for the short version.", []string{"amount:25000.00 EUR", "amount:900.00 USD"}},
		{"en", "Any chance of 10% off?", []string{"percent:1000"}},
		{"en", "We need it by Friday.", []string{"date:2026-12-04"}},
		{"en", "We need it by next Friday.", []string{"date:2026-12-11"}},
		{"en", "Deliver by the 15th please.", []string{"date:2026-12-15"}},
		{"en", "Deadline 15 December, or December 20 at the latest.", []string{"date:2026-12-15", "date:2026-12-20"}},
		{"en", "Can you send it tomorrow?", []string{"date:2026-12-01"}},
		{"en", "We need it within 3 days.", []string{"date:2026-12-03"}},
		{"en", "By 3.1. please.", []string{"date:2027-01-03"}},
		{"en", "Five pages, 2 rounds of edits.", nil},
		{"fi", "Voisitko tehdä sen 30 000 eurolla perjantaihin mennessä?", []string{"amount:30000.00 EUR", "date:2026-12-04"}},
		{"fi", "Tarvitsemme sen 15.12. mennessä.", []string{"date:2026-12-15"}},
		{"fi", "Budjettimme on 5 tuhatta euroa.", []string{"amount:5000.00 EUR"}},
		{"fi", "Ensi maanantaihin mennessä, kiitos.", []string{"date:2026-12-07"}},
		{"fi", "Ensi viikon tiistaihin mennessä.", []string{"date:2026-12-08"}},
		{"en", "By next week's Tuesday.", []string{"date:2026-12-08"}},
		{"ru", "Нужно до понедельника.", []string{"date:2026-12-07"}},
		{"ru", "Сделаете за 30 тыс. рублей до пятницы?", []string{"amount:30000.00 RUB", "date:2026-12-04"}},
		{"ru", "Нужно к 15-му.", []string{"date:2026-12-15"}},
		{"ru", "Срок до 20 декабря, бюджет 50 000 ₽.", []string{"date:2026-12-20", "amount:50000.00 RUB"}},
		{"ru", "Можно завтра?", []string{"date:2026-12-01"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			_, toks, err := a.detect.DetectTokens(tt.text, screen.Options{Language: tt.lang})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, m := range extract(tt.text, toks, a.words[tt.lang], now, eur) {
				switch m.Kind {
				case "amount":
					got = append(got, fmt.Sprintf("amount:%s %s", m.Amount, m.Amount.Currency.Code))
				case "percent":
					got = append(got, fmt.Sprintf("percent:%d", m.Percent))
				case "date":
					got = append(got, "date:"+m.Date.Format(time.DateOnly))
				}
				if m.Start < 0 || m.End > len(tt.text) || m.Start >= m.End {
					t.Errorf("span [%d,%d) outside the text", m.Start, m.End)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// FuzzAnalyzeMessage: any message gets an analysis or a coded error, never
// a panic, and every ask's quote is the slice of the message it names.
func FuzzAnalyzeMessage(f *testing.F) {
	for _, m := range clientMessages {
		f.Add(m)
	}
	f.Add("Сделаете за 30 тыс. рублей до пятницы?")
	f.Add("Voisitko tehdä sen 15.12. mennessä 5 tuhannella?")
	f.Add("by 31.2. or 99.99.9999 for 1e9999 €€€ 10%%")
	a := newTestAssistant(f)
	d, p := fuzzDeal(f)
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, msg string) {
		an, err := a.Analyze(d, p, msg, now)
		if err != nil {
			return
		}
		for _, k := range an.Asks {
			if k.Start < 0 || k.End > len(msg) || msg[k.Start:k.End] != k.Quote {
				t.Fatalf("ask %s quote %q is not msg[%d:%d]", k.Code, k.Quote, k.Start, k.End)
			}
		}
		for _, m := range an.Mentions {
			if m.Start < 0 || m.End > len(msg) || m.Start > m.End {
				t.Fatalf("mention span [%d,%d) outside the message", m.Start, m.End)
			}
		}
	})
}
