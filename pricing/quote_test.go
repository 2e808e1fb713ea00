package pricing

import (
	"errors"
	"strings"
	"testing"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/money"
)

func day(t testing.TB, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func defaultPolicy(t testing.TB) *Policy {
	t.Helper()
	data, err := Example(DefaultExample, "en")
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParsePolicy(data)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func modifier(q *Quote, kind string) (Modifier, bool) {
	for _, m := range q.Modifiers {
		if m.Kind == kind {
			return m, true
		}
	}
	return Modifier{}, false
}

// The article's own examples.
func TestArticleExamples(t *testing.T) {
	p := defaultPolicy(t)
	monday := day(t, "2026-11-30")

	t.Run("NDA adds 20–40 % (P4)", func(t *testing.T) {
		for _, pct := range []int64{2000, 3000, 4000} {
			q, err := Compute(p, Request{Lines: []LineRequest{{Service: "landing", Quantity: 1000}}, NDA: true, NDAPercent: pct, Today: monday})
			if err != nil {
				t.Fatal(err)
			}
			m, ok := modifier(q, "nda")
			want := 9 * pct // 90000 minor units × pct/10000
			if !ok || m.Amount.Minor != want || q.Total.Minor != 90000+want {
				t.Errorf("NDA %d: modifier %+v total %s, want +%d", pct, m, q.Total, want)
			}
		}
		for _, pct := range []int64{1000, 5000} {
			_, err := Compute(p, Request{Lines: []LineRequest{{Service: "landing", Quantity: 1000}}, NDA: true, NDAPercent: pct, Today: monday})
			if parley.ErrorCode(err) != parley.EINVALID || !strings.Contains(err.Error(), "range") {
				t.Errorf("NDA %d %%: want a refusal naming the range, got %v", pct/100, err)
			}
		}
	})

	t.Run("second text in the same structure: 10 000 → 6 000 (M10)", func(t *testing.T) {
		pp := *p
		pp.Services = append([]Service(nil), p.Services...)
		pp.Services[0].Rate = money.Money{Minor: 1_000_000, Currency: p.Currency}
		pp.Services[0].Floor = money.Money{Minor: 500_000, Currency: p.Currency}
		q, err := Compute(&pp, Request{Lines: []LineRequest{{Service: "landing", Quantity: 1000, Repeat: true}}, Today: monday})
		if err != nil {
			t.Fatal(err)
		}
		if q.Total.String() != "6000.00" {
			t.Errorf("repeat total %s, want 6000.00", q.Total)
		}
	})

	t.Run("a 50 000–100 000 job in 4 stages (M6)", func(t *testing.T) {
		for _, qty := range []int64{56_000, 84_500, 111_000} { // 56, 84.5, 111 landing pages
			q, err := Compute(p, Request{Lines: []LineRequest{{Service: "landing", Quantity: qty}}, Stages: 4, Today: monday})
			if err != nil {
				t.Fatal(err)
			}
			if len(q.Schedule) != 4 {
				t.Fatalf("%d stages, want 4", len(q.Schedule))
			}
			sum := int64(0)
			for i, s := range q.Schedule {
				sum += s.Amount.Minor
				if i > 0 && !s.Due.After(q.Schedule[i-1].Due) {
					t.Errorf("stage %d due %v, not after stage %d", i+1, s.Due, i)
				}
				if s.Due.After(s.WorkStarts) {
					t.Errorf("stage %d due after its work starts", i+1)
				}
			}
			if sum != q.Total.Minor {
				t.Errorf("stages add up to %d, total %d", sum, q.Total.Minor)
			}
		}
	})

	t.Run("a landing page asked for today gets 5 days (P5)", func(t *testing.T) {
		_, err := Compute(p, Request{Lines: []LineRequest{{Service: "landing", Quantity: 1000}}, RushTo: monday, Today: monday})
		var rush *RushError
		if !errors.As(err, &rush) || parley.ErrorCode(err) != parley.EINVALID {
			t.Fatalf("want a rush refusal, got %v", err)
		}
		if got := rush.Earliest.Format("2006-01-02"); got != "2026-12-04" || rush.Days != 5 {
			t.Errorf("earliest %s in %d days, want 2026-12-04 in 5", got, rush.Days)
		}
		q, err := Compute(p, Request{Lines: []LineRequest{{Service: "landing", Quantity: 1000}}, RushTo: rush.Earliest, Today: monday})
		if err != nil {
			t.Fatal(err)
		}
		if q.Delivery != rush.Earliest {
			t.Errorf("delivery %v, want %v", q.Delivery, rush.Earliest)
		}
	})
}

func TestDeliveryBufferAndCalendar(t *testing.T) {
	p := defaultPolicy(t)
	tests := []struct {
		name, today string
		lines       []LineRequest
		want        string
		workDays    int
	}{
		// 3 days + 20 % = 3.6 → 4, under the 5-day lead: 5 working days.
		{"lead time wins", "2026-11-30", []LineRequest{{Service: "landing", Quantity: 1000}}, "2026-12-04", 5},
		// 3 landing pages: 9 days + 20 % = 10.8 → 11 working days from Mon 30 Nov.
		{"buffer rounds up", "2026-11-30", []LineRequest{{Service: "landing", Quantity: 3000}}, "2026-12-14", 11},
		// Over Christmas: 21–23, then 24 and 25 Dec are holidays, then 28, 29.
		{"skips holidays", "2026-12-21", []LineRequest{{Service: "landing", Quantity: 1000}}, "2026-12-29", 5},
		// Started on a Saturday: work begins Monday.
		{"starts on a day off", "2026-11-28", []LineRequest{{Service: "landing", Quantity: 1000}}, "2026-12-04", 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := Compute(p, Request{Lines: tt.lines, Today: day(t, tt.today)})
			if err != nil {
				t.Fatal(err)
			}
			if got := q.Delivery.Format("2006-01-02"); got != tt.want || q.WorkDays != tt.workDays {
				t.Errorf("delivery %s after %d days, want %s after %d", got, q.WorkDays, tt.want, tt.workDays)
			}
		})
	}
}

func TestRefusals(t *testing.T) {
	p := defaultPolicy(t)
	today := day(t, "2026-11-30")
	one := []LineRequest{{Service: "landing", Quantity: 1000}}
	tests := []struct {
		name string
		req  Request
		want string
	}{
		{"unknown service", Request{Lines: []LineRequest{{Service: "logo", Quantity: 1000}}}, `unknown service "logo"`},
		{"zero quantity", Request{Lines: []LineRequest{{Service: "landing"}}}, "more than zero"},
		{"negative quantity", Request{Lines: []LineRequest{{Service: "landing", Quantity: -1000}}}, "more than zero"},
		{"huge quantity", Request{Lines: []LineRequest{{Service: "landing", Quantity: 10_000_000_000}}}, "over 1000000 units"},
		{"no lines", Request{}, "no service"},
		{"start in the past", Request{Lines: one, Start: day(t, "2026-11-01")}, "in the past"},
		{"stages over the max", Request{Lines: one, Stages: 5}, "1 to 4"},
		{"stages under staged_from", Request{Lines: one, Stages: 2}, "stages are offered from 1500.00"},
		{"discount without reason", Request{Lines: one, Discount: 1000}, "needs a reason"},
		{"discount for future volume", Request{Lines: one, Discount: 1000, DiscountReason: "future_volume"}, "future volume"},
		{"discount reason not allowed", Request{Lines: one, Discount: 1000, DiscountReason: "repeat_structure"}, "not allowed"},
		{"discount over the max", Request{Lines: one, Discount: 2000, DiscountReason: "longer_deadline"}, "over your policy's 10.00"},
		{"unknown client kind", Request{Lines: one, ClientKind: "startup"}, "client kind"},
		{"deadline before start", Request{Lines: one, Start: day(t, "2026-12-10"), RushTo: day(t, "2026-12-08")}, "before the start"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.req.Today = today
			_, err := Compute(p, tt.req)
			if parley.ErrorCode(err) != parley.EINVALID {
				t.Fatalf("want an invalid error, got %v", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("message %q does not say %q", err, tt.want)
			}
		})
	}
}

func TestFloorHoldsAgainstDiscounts(t *testing.T) {
	p := defaultPolicy(t)
	// smaller_scope allows 25 %; repeat (60 %) plus 25 % gives 45 % < floor 500/900.
	_, err := Compute(p, Request{Lines: []LineRequest{{Service: "landing", Quantity: 1000, Repeat: true}},
		Discount: 2500, DiscountReason: "smaller_scope", Today: day(t, "2026-11-30")})
	if parley.ErrorCode(err) != parley.EINVALID || !strings.Contains(err.Error(), "floor") {
		t.Fatalf("want a floor refusal, got %v", err)
	}
}

func TestOptions(t *testing.T) {
	p := defaultPolicy(t)
	q, err := Compute(p, Request{Lines: []LineRequest{{Service: "landing", Quantity: 2000}}, Options: true, Today: day(t, "2026-11-30")})
	if err != nil {
		t.Fatal(err)
	}
	if len(q.Options) != 3 {
		t.Fatalf("%d options, want full, reduced, express; notes %v", len(q.Options), q.Notes)
	}
	full, reduced, express := q.Options[0], q.Options[1], q.Options[2]
	if full.Total != q.Total || reduced.Total.Cmp(full.Total) >= 0 || express.Total.Cmp(full.Total) <= 0 {
		t.Errorf("totals full %s reduced %s express %s", full.Total, reduced.Total, express.Total)
	}
	if !express.Delivery.Before(full.Delivery) {
		t.Errorf("express %v not before full %v", express.Delivery, full.Delivery)
	}
	if got := reduced.Lines[0].Excluded[0]; got != "audience and competitor analysis" {
		t.Errorf("reduced excludes %q first", got)
	}
}
