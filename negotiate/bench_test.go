package negotiate

import (
	"fmt"
	"testing"
	"time"

	"github.com/parley-desk/parley/pricing"
)

// BenchmarkAnalyze: a 600-byte client message against a deal with 50
// history entries; the target is at least 5 000 messages/s on one core
// (go test -bench Analyze -cpu 1).
func BenchmarkAnalyze(b *testing.B) {
	a := newTestAssistant(b)
	data, _ := pricing.Example("copywriter", "en")
	p, _ := pricing.ParsePolicy(data)
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	q, _ := pricing.Compute(p, pricing.Request{Today: now, Lines: []pricing.LineRequest{{Service: "landing", Quantity: 5000}}})
	d, _ := NewDeal(p, q, Client{Name: "Anna Smith", Language: "en"}, "", now)
	for i := range 50 {
		from := "client"
		if i%2 == 1 {
			from = "me"
		}
		d.History = append(d.History, Message{From: from, At: now.Add(time.Duration(i) * time.Hour), Text: fmt.Sprintf("message %d about the landing pages", i), Asks: []string{"discount"}})
	}
	msg := "Hello Anna, thank you for the detailed proposal, the team read it yesterday and we like the structure you suggest for the landing pages. " +
		"Two things before we sign. First, our finance department only pays 50% upfront and the remaining 50% after the work is accepted, that is company policy. " +
		"Second, the campaign starts earlier than we thought, so we would need all five pages by 10 December. Could you do it for 4 000 euros? " +
		"We also plan more campaigns next year, so this could be the start of a long cooperation. Let me know what you think, best regards, Mikko"
	if len(msg) < 550 || len(msg) > 650 {
		b.Fatalf("message is %d bytes", len(msg))
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.Analyze(d, p, msg, now); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "messages/s")
}
