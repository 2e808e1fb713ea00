package negotiate

import (
	"slices"
	"strings"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/money"
	"github.com/parley-desk/parley/pricing"
)

// NewDeal starts a deal from a quote: its terms are the quote's, its
// walk-away the policy's floor for this work plus the freelancer's BATNA.
func NewDeal(p *pricing.Policy, q *pricing.Quote, client Client, batna string, now time.Time) (*Deal, error) {
	if client.Language == "" {
		client.Language = p.Language
	}
	if !slices.Contains([]string{"en", "fi", "ru"}, client.Language) {
		return nil, parley.Errorf(parley.EINVALID, "client language %q; write en, fi or ru", client.Language)
	}
	floor := money.Zero(p.Currency)
	d := &Deal{Version: DealVersion, Client: client, Ledger: []Entry{}, History: []Message{}}
	revisions := 0
	for _, l := range q.Lines {
		f, _ := l.Service.Floor.MulFrac(l.Quantity, 1000)
		floor, _ = floor.Add(f)
		revisions = max(revisions, l.Revisions)
		d.Terms.Lines = append(d.Terms.Lines, TermLine{Service: l.Service.ID, Name: l.Service.Name,
			Quantity: strings.TrimRight(strings.TrimRight(money.FormatDecimal(l.Quantity, 3), "0"), "."),
			Amount:   l.Amount.String(), Included: l.Included, Excluded: l.Excluded})
	}
	start := q.Start
	if len(q.Schedule) > 0 {
		start = q.Schedule[0].WorkStarts
	}
	nda := false
	for _, m := range q.Modifiers {
		nda = nda || m.Kind == "nda"
	}
	d.Terms = Terms{Currency: p.Currency.Code, Total: q.Total.String(), Floor: floor.String(), Lines: d.Terms.Lines,
		Start: start.Format(time.DateOnly), Delivery: q.Delivery.Format(time.DateOnly), WorkDays: q.WorkDays,
		Stages: len(q.Schedule), NDA: nda, Revisions: revisions, QuotedAt: pricing.Day(now).Format(time.DateOnly)}
	d.WalkAway = WalkAway{Floor: floor.String(), BATNA: batna}
	return d, nil
}
