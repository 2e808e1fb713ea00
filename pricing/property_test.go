package pricing

import (
	"math/rand/v2"
	"testing"

	"github.com/parley-desk/parley/money"
)

// Random requests against the shipped policies: whatever is quoted keeps
// the floor, the lead time, the calendar and exact stage sums.
func TestQuoteProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, name := range ExampleNames() {
		data, _ := examples.ReadFile("policies/" + name + ".toml")
		p, err := ParsePolicy(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		today := day(t, "2026-11-02")
		for i := 0; i < 3000; i++ {
			req := randomRequest(r, p, today)
			q, err := Compute(p, req)
			if err != nil {
				continue // refusals are tested on their own; here only what is quoted
			}
			checkQuote(t, p, req, q)
			for _, o := range q.Options {
				checkQuote(t, p, req, &o)
			}
		}
	}
}

func randomRequest(r *rand.Rand, p *Policy, today Date) Request {
	req := Request{Today: today, Start: today.AddDate(0, 0, r.IntN(60)), Options: r.IntN(3) == 0}
	for range 1 + r.IntN(3) {
		s := p.Services[r.IntN(len(p.Services))]
		req.Lines = append(req.Lines, LineRequest{Service: s.ID, Quantity: 1 + r.Int64N(20_000), Repeat: r.IntN(4) == 0})
	}
	if r.IntN(3) == 0 {
		req.NDA = true
		req.NDAPercent = p.Surcharges.NDAMin + r.Int64N(p.Surcharges.NDAMax-p.Surcharges.NDAMin+1)
	}
	if r.IntN(3) == 0 {
		req.Stages = 1 + r.IntN(p.Payment.MaxStages)
	}
	if r.IntN(3) == 0 {
		reasons := allowedReasons(p)
		req.DiscountReason = reasons[r.IntN(len(reasons))]
		req.Discount = 1 + r.Int64N(p.Discounts.Allowed[req.DiscountReason])
	}
	if r.IntN(3) == 0 {
		req.RushTo = req.Start.AddDate(0, 0, r.IntN(30))
	}
	return req
}

func checkQuote(t *testing.T, p *Policy, req Request, q *Quote) {
	t.Helper()
	// The work price (total less surcharges) never goes under the floor.
	work, floor := q.Total, money.Zero(p.Currency)
	for _, m := range q.Modifiers {
		if m.Kind == "nda" || m.Kind == "rush" {
			work, _ = work.Sub(m.Amount)
		}
	}
	minLead := 0
	for _, l := range q.Lines {
		f, _ := l.Service.Floor.MulFrac(l.Quantity, 1000)
		floor, _ = floor.Add(f)
		minLead = max(minLead, l.Service.MinLeadDays)
	}
	if work.Cmp(floor) < 0 {
		t.Fatalf("work %s under floor %s: %+v", work, floor, req)
	}
	// The total is the subtotal plus the modifiers, to the minor unit.
	sum := q.Subtotal
	for _, m := range q.Modifiers {
		sum, _ = sum.Add(m.Amount)
	}
	if sum != q.Total {
		t.Fatalf("subtotal and modifiers give %s, total %s", sum, q.Total)
	}
	// Delivery: a working day, never before start plus the minimum lead time.
	earliest, _ := p.Calendar.Finish(q.Start, minLead)
	if q.Delivery.Before(earliest) || !p.Calendar.IsWorkingDay(q.Delivery) || q.Delivery.Before(q.Start) {
		t.Fatalf("delivery %v: earliest %v, working day %v: %+v", q.Delivery, earliest, p.Calendar.IsWorkingDay(q.Delivery), req)
	}
	// Stages add up exactly, each due before its work starts, in order.
	total := money.Zero(p.Currency)
	for i, s := range q.Schedule {
		total, _ = total.Add(s.Amount)
		if s.Amount.Minor <= 0 || s.Due.After(s.WorkStarts) || s.WorkEnds.After(q.Delivery) || s.WorkEnds.Before(s.WorkStarts) {
			t.Fatalf("stage %d: %+v, delivery %v", i+1, s, q.Delivery)
		}
		if i > 0 && !s.WorkStarts.After(q.Schedule[i-1].WorkEnds) {
			t.Fatalf("stage %d starts before stage %d ends", i+1, i)
		}
	}
	if total != q.Total {
		t.Fatalf("stages add up to %s, total %s", total, q.Total)
	}
	if q.Guarantee.RefundAmount.Cmp(q.Total) > 0 {
		t.Fatalf("refund %s over total %s", q.Guarantee.RefundAmount, q.Total)
	}
}
