package negotiate

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/parley-desk/parley/money"
	"github.com/parley-desk/parley/pricing"
)

var clientMessages = []string{
	"Can we pay 50% now and 50% after delivery?",
	"Could you do it for 1 200?",
	"Our budget is 700 euros.",
	"Can you do it cheaper?",
	"We need an NDA, you can't show it in your portfolio.",
	"We need it by Friday.",
	"Give us a discount and we'll send you 20 articles a month.",
	"The text doesn't match the brief and we want our money back.",
	"We'd like unlimited revisions.",
	"We can pay 300 for it, tops.",
	"Could you do it for 100?",
}

// A random conversation with random accepted moves: the price never goes
// under the floor, and the ledger's balance is always derived from the
// base and the entries, never stored beside them.
func TestLedgerProperties(t *testing.T) {
	a := newTestAssistant(t)
	data, _ := pricing.Example("copywriter", "en")
	p, err := pricing.ParsePolicy(data)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(11, 12))
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	for run := 0; run < 60; run++ {
		qty := int64(1+r.IntN(6)) * 1000
		q, err := pricing.Compute(p, pricing.Request{Today: now, Lines: []pricing.LineRequest{{Service: "landing", Quantity: qty}}})
		if err != nil {
			t.Fatal(err)
		}
		d, _ := NewDeal(p, q, Client{Name: "Test", Language: "en"}, "", now)
		base := d.Terms.Total
		at := now
		for step := 0; step < 12; step++ {
			at = at.Add(time.Hour)
			an, err := a.Analyze(d, p, clientMessages[r.IntN(len(clientMessages))], at)
			if err != nil {
				t.Fatal(err)
			}
			d.Pending = an.Moves
			for len(d.Pending) > 0 && r.IntN(3) > 0 {
				m := d.Pending[r.IntN(len(d.Pending))]
				before := *d
				before.Ledger = append([]Entry(nil), d.Ledger...)
				if err := Accept(d, m.ID, at); err != nil {
					if !strings.Contains(err.Error(), "floor") {
						t.Fatalf("accept %s: %v", m.ID, err)
					}
					if len(d.Ledger) != len(before.Ledger) || d.Terms.Total != before.Terms.Total {
						t.Fatal("a refused move changed the deal")
					}
					break
				}
			}
			c := d.Current()
			if c.Total.Cmp(c.Floor) < 0 {
				t.Fatalf("price %s under floor %s after %v", c.Total, c.Floor, d.Ledger)
			}
			if d.Terms.Total != base {
				t.Fatalf("the base total was rewritten: %s → %s", base, d.Terms.Total)
			}
			sum, _ := money.Parse(base, c.Total.Currency)
			for _, e := range d.Ledger {
				delta, _ := money.Parse(e.PriceDelta, c.Total.Currency)
				sum, _ = sum.Add(delta)
			}
			if sum != c.Total {
				t.Fatalf("derived price %s, sum of entries %s", c.Total, sum)
			}
		}
	}
}

func TestLedgerWarnings(t *testing.T) {
	d := &Deal{Version: DealVersion, Client: Client{Language: "en"}, Terms: Terms{Currency: "EUR", Total: "1000.00", Floor: "600.00",
		Start: "2026-11-30", Delivery: "2026-12-04", Lines: []TermLine{{Service: "landing", Quantity: "1"}}},
		WalkAway: WalkAway{Floor: "600.00"},
		Ledger: []Entry{
			{Move: "discount", Kind: KindDiscount, Gave: "-100 EUR", PriceDelta: "-100.00"},
			{Move: "volume", Kind: KindNoVolumeDiscount, Gave: "-100 EUR", Got: "20 articles later", PriceDelta: "-100.00", Volume: true},
			{Move: "postpay", Kind: KindAcceptPostpayment, Gave: "payment after delivery", PriceDelta: "0.00"},
			{Move: "cut", Kind: KindDiscount, Gave: "-250 EUR", Got: "a week", PriceDelta: "-250.00"},
		}}
	var codes []string
	for _, w := range d.LedgerWarnings(map[string]bool{"prepayment": true}) {
		codes = append(codes, w.Code)
	}
	want := []string{"unmatched_concession", "future_volume_trade", "unmatched_concession", "firm_term_given", "under_floor"}
	if strings.Join(codes, " ") != strings.Join(want, " ") {
		t.Errorf("warnings %v, want %v", codes, want)
	}
}
