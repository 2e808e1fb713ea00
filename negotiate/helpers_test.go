package negotiate

import (
	"testing"
	"time"

	"github.com/parley-desk/parley/pricing"
)

func newTestAssistant(t testing.TB) *Assistant {
	t.Helper()
	a, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func fuzzDeal(t testing.TB) (*Deal, *pricing.Policy) {
	t.Helper()
	data, _ := pricing.Example("copywriter", "en")
	p, err := pricing.ParsePolicy(data)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	q, err := pricing.Compute(p, pricing.Request{Today: now, Lines: []pricing.LineRequest{{Service: "landing", Quantity: 2000}}})
	if err != nil {
		t.Fatal(err)
	}
	d, err := NewDeal(p, q, Client{Name: "Fuzz", Language: "en"}, "", now)
	if err != nil {
		t.Fatal(err)
	}
	return d, p
}
