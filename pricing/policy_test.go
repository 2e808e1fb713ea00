package pricing

import (
	"errors"
	"strings"
	"testing"
)

func TestExamplePoliciesParse(t *testing.T) {
	names := ExampleNames()
	if len(names) == 0 {
		t.Fatal("no example policies embedded")
	}
	for _, n := range names {
		prof, lang, _ := strings.Cut(n, "-")
		data, err := Example(prof, lang)
		if err != nil {
			t.Fatal(err)
		}
		p, err := ParsePolicy(data)
		if err != nil {
			t.Errorf("%s: %v", n, err)
			continue
		}
		if p.Language != lang {
			t.Errorf("%s: language %q", n, p.Language)
		}
	}
}

func TestDefaultPolicyHasTheArticlesNumbers(t *testing.T) {
	p := defaultPolicy(t)
	checks := []struct {
		name      string
		got, want int64
	}{
		{"full prepayment", b2i(p.Payment.FullPrepayment), 1},
		{"max stages", int64(p.Payment.MaxStages), 4},
		{"NDA min", p.Surcharges.NDAMin, 2000},
		{"NDA max", p.Surcharges.NDAMax, 4000},
		{"NDA default", p.Surcharges.NDADefault, 3000},
		{"repeat structure", p.Discounts.RepeatPercent, 6000},
		{"buffer", p.BufferPercent, 2000},
		{"refund", p.Payment.RefundPercent, 5000},
		{"notice days", int64(p.PriceIncreaseNoticeDays), 30},
		{"contract terms", int64(len(p.ContractMonths)), 2},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
	if !p.Firm["prepayment"] || !p.Firm["price_floor"] || p.Firm["nda"] {
		t.Errorf("firm terms %v", p.Firm)
	}
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// Every mistake is reported with its field and line, all at once.
func TestPolicyErrorsNameFieldAndLine(t *testing.T) {
	base, _ := Example(DefaultExample, "en")
	tests := []struct {
		name, from, to string
		field          string
	}{
		{"floor above rate", "floor = 500\n", "floor = 5000\n", "services[0].floor"},
		{"unknown unit", `unit = "1000 characters"`, `unit = "1000 chars"`, "services[1].unit"},
		{"stages out of range", "max_stages = 4", "max_stages = 0", "payment.max_stages"},
		{"nda range upside down", "nda_min_percent = 20", "nda_min_percent = 45", "surcharges.nda_min_percent"},
		{"misspelt field", "buffer_percent = 20", "bufer_percent = 20", "deadline.bufer_percent"},
		{"unknown currency", `currency = "EUR"`, `currency = "EURO"`, "currency"},
		{"future volume reason", `reason = "smaller_scope"`, `reason = "future_volume"`, "discounts.reasons[1].reason"},
		{"term both firm and flexible", `flexible = ["deadline"`, `flexible = ["prepayment", "deadline"`, "terms.flexible"},
		{"rate with too many decimals", "rate = 60\n", "rate = 60.125\n", "services[1].rate"},
		{"reduced drops an item not included", `drop = ["audience and competitor analysis"]`, `drop = ["photos"]`, "services[0].reduced.drop"},
		{"no working days", `working_days = ["mon", "tue", "wed", "thu", "fri"]`, `working_days = []`, "calendar.working_days"},
		{"bad time zone", `time_zone = "Europe/Helsinki"`, `time_zone = "Mars/Olympus"`, "calendar.time_zone"},
		{"notice under 30 days", "price_increase_notice_days = 30", "price_increase_notice_days = 7", "terms.price_increase_notice_days"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := string(base)
			if !strings.Contains(text, tt.from) {
				t.Fatalf("the default policy has no %q", tt.from)
			}
			text = strings.Replace(text, tt.from, tt.to, 1)
			wantLine := 1 + strings.Count(text[:strings.Index(text, tt.to)], "\n")
			_, err := ParsePolicy([]byte(text))
			var pe PolicyErrors
			if !errors.As(err, &pe) {
				t.Fatalf("want PolicyErrors, got %v", err)
			}
			for _, e := range pe {
				if e.Field == tt.field {
					if e.Line != wantLine {
						t.Errorf("%s reported on line %d, want %d: %v", e.Field, e.Line, wantLine, e)
					}
					return
				}
			}
			t.Errorf("no error for %s: %v", tt.field, err)
		})
	}
}

func TestPolicyNotTOML(t *testing.T) {
	_, err := ParsePolicy([]byte("currency = \"EUR\"\nrate = = 5\n"))
	var pe PolicyErrors
	if !errors.As(err, &pe) || pe[0].Line != 2 {
		t.Fatalf("want a syntax error on line 2, got %v", err)
	}
	if _, err := ParsePolicy(nil); err == nil || !strings.Contains(err.Error(), "currency: is missing") {
		t.Errorf("empty policy: %v", err)
	}
}
