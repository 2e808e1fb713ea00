package screen

import (
	"strings"
	"testing"
	"time"
)

// TestReplies checks the drafts' content, not just that one exists: the
// staged prepayment for postpayment (P3, M6), the earliest honest date for
// rush (P5), a refusal without complaint for decline (W1), and the B2
// questions for what the inquiry leaves out, in each language.
func TestReplies(t *testing.T) {
	s := newTestScreener(t)
	today := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC) // a Friday; +5 working days = Friday 4 December
	tests := []struct {
		lang, text  string
		flag        string
		want, avoid []string
	}{
		{"en", "We pay only after the final files are approved, no advance. Logo for our cafe, budget €500, in three weeks.", "postpayment", []string{"full prepayment", "4 stages"}, nil},
		{"en", "We need the landing page text by tomorrow morning. Budget €500.", "rush", []string{"Friday 4 December"}, nil},
		{"en", "Write 40 five-star reviews as if from different customers.", "bad_product", []string{"will not be able to take it on"}, []string{"fake", "unethical", "shame", "sorry"}},
		{"fi", "Maksamme vasta, kun lopulliset tiedostot on hyväksytty, ennakkomaksuja emme tee. Budjetti 500 €, aikaa kolme viikkoa.", "postpayment", []string{"4"}, nil},
		{"fi", "Tarvitsemme laskeutumissivun tekstin huomiseen aamuun mennessä. Budjetti 500 €.", "rush", []string{"4.12."}, nil},
		{"ru", "Оплата только после сдачи и приёмки, предоплату не вносим. Бюджет 30 000 ₽, срок три недели.", "postpayment", []string{"предоплат", "4"}, nil},
		{"ru", "Нужен текст для лендинга к завтрашнему утру. Бюджет 20 000 ₽.", "rush", []string{"4 декабря"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.flag, func(t *testing.T) {
			res, err := s.Screen(tt.text, Options{Today: today, LeadDays: 5})
			if err != nil {
				t.Fatal(err)
			}
			if res.Language != tt.lang || !res.Has(tt.flag) {
				t.Fatalf("language %s flags %v; want %s with %s", res.Language, codes(res), tt.lang, tt.flag)
			}
			for _, w := range tt.want {
				if !strings.Contains(res.Reply, w) {
					t.Errorf("reply lacks %q:\n%s", w, res.Reply)
				}
			}
			for _, a := range tt.avoid {
				if strings.Contains(strings.ToLower(res.Reply), a) {
					t.Errorf("reply has %q:\n%s", a, res.Reply)
				}
			}
		})
	}
}

func TestQuestionsForMissingBrief(t *testing.T) {
	s := newTestScreener(t)
	for _, tt := range []struct{ lang, text string }{
		{"en", "Hello, we are a small company and would like to work with you."},
		{"fi", "Hei, olemme pieni yritys ja haluaisimme tehdä yhteistyötä kanssasi."},
		{"ru", "Здравствуйте, мы небольшая компания и хотели бы с вами поработать."},
	} {
		res, err := s.Screen(tt.text, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Missing) != 3 || len(res.Questions) != 3 {
			t.Errorf("%s: missing %v, questions %q; want budget, deadline and scope asked", tt.lang, res.Missing, res.Questions)
		}
		for _, q := range res.Questions {
			if !strings.Contains(res.Reply, q) {
				t.Errorf("%s: the reply does not ask %q", tt.lang, q)
			}
		}
	}
	// A full brief asks nothing.
	res, _ := s.Screen("Hi, we need ten product descriptions of 80 words for our shop, budget €300, within two weeks.", Options{})
	if len(res.Missing) != 0 {
		t.Errorf("a complete brief is missing %v", res.Missing)
	}
}

func TestDeclineAsksNothing(t *testing.T) {
	s := newTestScreener(t)
	res, _ := s.Screen("We can't pay now, but you'll get 10% of the profit once we launch.", Options{})
	if res.Verdict != VerdictDecline || len(res.Questions) != 0 {
		t.Errorf("verdict %s questions %v; a decline asks nothing", res.Verdict, res.Questions)
	}
}
