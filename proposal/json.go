package proposal

import (
	"time"

	"github.com/parley-desk/parley/money"
	"github.com/parley-desk/parley/pricing"
)

// QuoteJSON is the quote as DESIGN.md's interface gives it: amounts are
// decimal strings in major units, dates ISO 8601, reasons in the quote's
// language beside their stable codes.
type QuoteJSON struct {
	Currency   string         `json:"currency"`
	Language   string         `json:"language"`
	ClientKind string         `json:"client_kind,omitempty"`
	Variant    string         `json:"variant"`
	Subtotal   string         `json:"subtotal"`
	Total      string         `json:"total"`
	Lines      []lineJSON     `json:"lines"`
	Modifiers  []modifierJSON `json:"modifiers"`
	Options    []QuoteJSON    `json:"options,omitempty"`
	Schedule   []stageJSON    `json:"schedule"`
	Start      string         `json:"start"`
	WorkDays   int            `json:"work_days"`
	BufferDays int            `json:"buffer_days"`
	Delivery   string         `json:"delivery"`
	ValidUntil string         `json:"valid_until"`
	Guarantee  guaranteeJSON  `json:"guarantee"`
	Charter    *charterJSON   `json:"charter,omitempty"`
	Notes      []noteJSON     `json:"notes,omitempty"`
}

type charterJSON struct {
	WorkingHours  string   `json:"working_hours"`
	CallWindows   []string `json:"call_windows"`
	ResponseHours int      `json:"response_hours"`
	Channels      []string `json:"channels"`
	StatusReports string   `json:"status_reports"`
}

// WithCharter adds the communication charter (B1) to the top-level quote.
func (j QuoteJSON) WithCharter(c pricing.Charter) QuoteJSON {
	j.Charter = &charterJSON{c.WorkingHours, nonNil(c.CallWindows), c.ResponseHours, nonNil(c.Channels), c.StatusReports}
	return j
}

type lineJSON struct {
	Service   string   `json:"service"`
	Name      string   `json:"name"`
	Unit      string   `json:"unit"`
	Quantity  string   `json:"quantity"`
	Rate      string   `json:"rate"`
	Amount    string   `json:"amount"`
	Repeat    bool     `json:"repeat,omitempty"`
	Included  []string `json:"included"`
	Excluded  []string `json:"excluded"`
	Revisions int      `json:"revisions"`
}

type modifierJSON struct {
	Kind       string `json:"kind"`
	Reason     string `json:"reason"`
	ReasonCode string `json:"reason_code,omitempty"`
	Service    string `json:"service,omitempty"`
	Percent    string `json:"percent"`
	Amount     string `json:"amount"`
}

type stageJSON struct {
	Stage      int    `json:"stage"`
	Amount     string `json:"amount"`
	Due        string `json:"due"`
	WorkStarts string `json:"work_starts"`
	WorkEnds   string `json:"work_ends"`
}

type guaranteeJSON struct {
	RefundPercent string `json:"refund_percent"`
	RefundAmount  string `json:"refund_amount"`
}

type noteJSON struct {
	Code string `json:"code"`
	Rule string `json:"rule"`
	Text string `json:"text"`
}

func isoDate(t time.Time) string { return t.Format(time.DateOnly) }

// JSON returns the quote's JSON view, modifier reasons in c's language.
func JSON(c *Catalog, q *pricing.Quote) QuoteJSON {
	out := QuoteJSON{
		Currency: q.Currency.Code, Language: c.Lang, ClientKind: q.ClientKind, Variant: q.Variant,
		Subtotal: q.Subtotal.String(), Total: q.Total.String(),
		Lines: []lineJSON{}, Modifiers: []modifierJSON{}, Schedule: []stageJSON{},
		Start: isoDate(firstWorkDay(q)), WorkDays: q.WorkDays, BufferDays: q.BufferDays,
		Delivery: isoDate(q.Delivery), ValidUntil: isoDate(q.ValidUntil),
		Guarantee: guaranteeJSON{money.FormatDecimal(q.Guarantee.RefundPercent, 2), q.Guarantee.RefundAmount.String()},
	}
	for _, l := range q.Lines {
		out.Lines = append(out.Lines, lineJSON{
			Service: l.Service.ID, Name: l.Service.Name, Unit: l.Service.Unit,
			Quantity: trimZeros(money.FormatDecimal(l.Quantity, 3)), Rate: l.Service.Rate.String(), Amount: l.Amount.String(),
			Repeat: l.Repeat, Included: nonNil(l.Included), Excluded: nonNil(l.Excluded), Revisions: l.Revisions,
		})
	}
	for _, m := range q.Modifiers {
		mj := modifierJSON{Kind: m.Kind, Reason: ModifierText(c, q, m), Service: m.Service,
			Percent: money.FormatDecimal(m.Percent, 2), Amount: m.Amount.String()}
		if m.Kind == "discount" {
			mj.ReasonCode = m.Reason
		}
		out.Modifiers = append(out.Modifiers, mj)
	}
	for _, s := range q.Schedule {
		out.Schedule = append(out.Schedule, stageJSON{s.Number, s.Amount.String(), isoDate(s.Due), isoDate(s.WorkStarts), isoDate(s.WorkEnds)})
	}
	for i := range q.Options {
		out.Options = append(out.Options, JSON(c, &q.Options[i]))
	}
	for _, n := range q.Notes {
		out.Notes = append(out.Notes, noteJSON{n.Code, n.Rule, n.Text})
	}
	return out
}

func trimZeros(s string) string {
	for len(s) > 0 && s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if len(s) > 0 && s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
