package proposal

import (
	"testing"

	"github.com/parley-desk/parley/pricing"
)

// BenchmarkProposalPDF: a three-option proposal as PDF; the target is under
// 50 ms (go test -bench PDF -cpu 1).
func BenchmarkProposalPDF(b *testing.B) {
	c, err := LoadCatalog("en")
	if err != nil {
		b.Fatal(err)
	}
	p := policy(b, "copywriter", "en")
	q := quote(b, p, pricing.Request{Options: true, NDA: true, Stages: 2,
		Lines: []pricing.LineRequest{{Service: "landing", Quantity: 2000}, {Service: "article", Quantity: 7500}}})
	if len(q.Options) != 3 {
		b.Fatalf("%d options", len(q.Options))
	}
	d := Build(c, Input{Quote: q, Policy: p, Client: "Kuusi Oy", Task: "A landing page and an article.", Today: monday})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.PDF(monday); err != nil {
			b.Fatal(err)
		}
	}
}
