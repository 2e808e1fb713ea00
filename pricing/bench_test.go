package pricing

import "testing"

// BenchmarkQuote3Lines: the target is at least 50 000 quotes/s on
// one core for a three-line quote (go test -bench Quote -cpu 1).
func BenchmarkQuote3Lines(b *testing.B) {
	p := defaultPolicy(b)
	req := Request{
		Lines: []LineRequest{{Service: "landing", Quantity: 2000}, {Service: "article", Quantity: 7500, Repeat: true}, {Service: "consult", Quantity: 3000}},
		NDA:   true, Stages: 2, Today: day(b, "2026-11-30"),
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compute(p, req); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "quotes/s")
}
