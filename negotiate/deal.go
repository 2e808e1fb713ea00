// Package negotiate is the negotiation assistant: from a deal and the
// client's new message to the client's asks, the moves the freelancer's
// policy allows (ranked, never giving up a firm term: P1), a reply draft in
// the client's language, and the concession ledger (P4). It is pure: the
// shell reads and writes the deal file and passes the clock.
package negotiate

import (
	"fmt"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/money"
)

// DealVersion is the version of the deal file this package writes.
const DealVersion = 1

// Deal is one negotiation, as the deal file holds it.
type Deal struct {
	Version  int       `json:"version"`
	Client   Client    `json:"client"`
	Terms    Terms     `json:"terms"`
	WalkAway WalkAway  `json:"walk_away"`
	Ledger   []Entry   `json:"ledger"`
	History  []Message `json:"history"`
	// Brief holds the answers to the brief's questions (B2), in the order
	// asked; an empty answer is a question still open.
	Brief []BriefAnswer `json:"brief,omitempty"`
	// Pending are the moves last recommended; "accept MOVE" picks one.
	Pending      []Move `json:"pending,omitempty"`
	PendingReply string `json:"pending_reply,omitempty"`
}

// BriefAnswer is one question of the brief and the client's answer (B2).
type BriefAnswer struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// Client is who the freelancer negotiates with.
type Client struct {
	Name     string `json:"name"`
	Kind     string `json:"kind,omitempty"` // small_business, large_company, agency (P9, M1)
	Language string `json:"language"`       // en, fi, ru
	Email    string `json:"email,omitempty"`
}

// Terms are the quote as first made: the base the ledger's entries change.
// They are never rewritten; the current terms are derived (Current).
type Terms struct {
	Currency  string     `json:"currency"`
	Total     string     `json:"total"` // the quoted price
	Floor     string     `json:"floor"` // the least the policy accepts for this work
	Lines     []TermLine `json:"lines"`
	Start     string     `json:"start"`    // YYYY-MM-DD
	Delivery  string     `json:"delivery"` // YYYY-MM-DD
	WorkDays  int        `json:"work_days"`
	Stages    int        `json:"stages"`
	NDA       bool       `json:"nda"`
	Revisions int        `json:"revisions"` // included rounds (R1)
	Agreed    bool       `json:"agreed"`    // the client accepted these terms
	QuotedAt  string     `json:"quoted_at"` // YYYY-MM-DD
}

// TermLine is one service of the deal, with its scope (M3, R1).
type TermLine struct {
	Service  string   `json:"service"`
	Name     string   `json:"name"`
	Quantity string   `json:"quantity"`
	Amount   string   `json:"amount"`
	Included []string `json:"included"`
	Excluded []string `json:"excluded"`
}

// WalkAway is the freelancer's exit: the floor price and the best
// alternative to this deal (BATNA).
type WalkAway struct {
	Floor string `json:"floor"`
	BATNA string `json:"batna,omitempty"`
}

// Entry is one accepted move in the concession ledger: what was given and
// what was received for it (P4). The price and time it changes are deltas;
// current totals are always derived by summing, never stored.
type Entry struct {
	Move       string   `json:"move"`
	Kind       string   `json:"kind"`
	Gave       string   `json:"gave,omitempty"`
	Got        string   `json:"got,omitempty"`
	PriceDelta string   `json:"price_delta"`          // signed, major units
	DaysDelta  int      `json:"days_delta,omitempty"` // working days added to the schedule
	Delivery   string   `json:"delivery,omitempty"`   // the new delivery date, when the move changes it
	Stages     int      `json:"stages,omitempty"`     // the payment is now in this many stages
	NDA        bool     `json:"nda,omitempty"`
	Revisions  int      `json:"revisions,omitempty"` // rounds added
	Drop       []string `json:"drop,omitempty"`      // scope items taken out
	Volume     bool     `json:"future_volume,omitempty"`
	Refund     string   `json:"refund,omitempty"` // money returned to settle a dispute (C1), not a price change
	At         string   `json:"at"`
}

// Message is one message of the conversation, either way.
type Message struct {
	From     string    `json:"from"` // "client" or "me"
	At       time.Time `json:"at"`
	Text     string    `json:"text"`
	Kind     string    `json:"kind,omitempty"` // message, reply, followup, summary, restatement, notice, decline
	Language string    `json:"language,omitempty"`
	Asks     []string  `json:"asks,omitempty"`
}

// Current is the deal as the ledger has changed it.
type Current struct {
	Total, Floor money.Money
	Stages       int
	NDA          bool
	Delivery     time.Time
	ExtraDays    int
	Revisions    int
	Dropped      []string
	Refunded     money.Money
	Concessions  int // entries that gave something
	Unmatched    int // of those, with nothing received
}

// Check validates a deal read from a file; the error names the field.
func (d *Deal) Check() error {
	bad := func(format string, args ...any) error {
		return parley.Errorf(parley.EINVALID, "deal file: "+format, args...)
	}
	if d.Version != DealVersion {
		return bad("version %d; this Parley reads version %d", d.Version, DealVersion)
	}
	switch d.Client.Language {
	case "en", "fi", "ru":
	default:
		return bad("client.language %q; write en, fi or ru", d.Client.Language)
	}
	cur, err := money.Lookup(d.Terms.Currency)
	if err != nil {
		return bad("terms.currency: %v", err)
	}
	for _, f := range []struct{ name, v string }{{"terms.total", d.Terms.Total}, {"terms.floor", d.Terms.Floor}, {"walk_away.floor", d.WalkAway.Floor}} {
		if _, err := money.Parse(f.v, cur); err != nil {
			return bad("%s: %v", f.name, err)
		}
	}
	for _, f := range []struct{ name, v string }{{"terms.start", d.Terms.Start}, {"terms.delivery", d.Terms.Delivery}} {
		if _, err := time.Parse(time.DateOnly, f.v); err != nil {
			return bad("%s %q: write the date as YYYY-MM-DD", f.name, f.v)
		}
	}
	if len(d.Terms.Lines) == 0 {
		return bad("terms.lines is empty; make the deal with \"parley negotiate new\"")
	}
	for i, e := range d.Ledger {
		if _, err := money.Parse(e.PriceDelta, cur); err != nil {
			return bad("ledger[%d].price_delta: %v", i, err)
		}
		if e.Refund != "" {
			if _, err := money.Parse(e.Refund, cur); err != nil {
				return bad("ledger[%d].refund: %v", i, err)
			}
		}
	}
	for i, m := range d.History {
		if m.From != "client" && m.From != "me" {
			return bad("history[%d].from %q; write client or me", i, m.From)
		}
	}
	return nil
}

// Current derives the deal's terms from the base and the ledger. The deal
// must have passed Check.
func (d *Deal) Current() Current {
	cur, _ := money.Lookup(d.Terms.Currency)
	total, _ := money.Parse(d.Terms.Total, cur)
	floor, _ := money.Parse(d.WalkAway.Floor, cur)
	delivery, _ := time.Parse(time.DateOnly, d.Terms.Delivery)
	c := Current{Refunded: money.Zero(cur), Total: total, Floor: floor, Stages: max(d.Terms.Stages, 1), NDA: d.Terms.NDA, Delivery: delivery, Revisions: d.Terms.Revisions}
	for _, e := range d.Ledger {
		delta, _ := money.Parse(e.PriceDelta, cur)
		c.Total, _ = c.Total.Add(delta)
		if e.Refund != "" {
			r, _ := money.Parse(e.Refund, cur)
			c.Refunded, _ = c.Refunded.Add(r)
		}
		c.ExtraDays += e.DaysDelta
		if d, err := time.Parse(time.DateOnly, e.Delivery); err == nil {
			c.Delivery = d
		}
		if e.Stages > 0 {
			c.Stages = e.Stages
		}
		c.NDA = c.NDA || e.NDA
		c.Revisions += e.Revisions
		c.Dropped = append(c.Dropped, e.Drop...)
		if e.Gave != "" {
			c.Concessions++
			if e.Got == "" {
				c.Unmatched++
			}
		}
	}
	return c
}

// LedgerWarnings are what the ledger shows that the freelancer should
// know: a concession with nothing received, a trade for future volume
// (P4), a price under the floor (M10), a firm term given up (P1).
func (d *Deal) LedgerWarnings(firm map[string]bool) []Warning {
	return d.ledgerWarnings(d.Current(), firm)
}

func (d *Deal) ledgerWarnings(c Current, firm map[string]bool) []Warning {
	var out []Warning
	for i, e := range d.Ledger {
		if e.Gave != "" && e.Got == "" {
			out = append(out, Warning{Code: "unmatched_concession", Rule: "P4", Text: fmt.Sprintf("ledger[%d] %s gave %q and received nothing for it", i, e.Move, e.Gave)})
		}
		if e.Volume {
			out = append(out, Warning{Code: "future_volume_trade", Rule: "P4", Text: fmt.Sprintf("ledger[%d] %s was traded for promised future volume, which is not a concession", i, e.Move)})
		}
		if term := givesUp(e); term != "" && firm[term] {
			out = append(out, Warning{Code: "firm_term_given", Rule: "P1", Text: fmt.Sprintf("ledger[%d] %s gives up %s, a firm term of your policy", i, e.Move, term)})
		}
	}
	if c.Total.Cmp(c.Floor) < 0 {
		out = append(out, Warning{Code: "under_floor", Rule: "M10", Text: fmt.Sprintf("the price is now %s %s, under the floor of %s", c.Total, c.Total.Currency.Code, c.Floor)})
	}
	return out
}

// givesUp names the policy term an entry concedes, if any.
func givesUp(e Entry) string {
	switch e.Kind {
	case KindAcceptPostpayment:
		return "prepayment"
	case KindDiscount, KindAcceptPrice:
		return "discounts"
	case KindAcceptDeadline:
		return "deadline"
	case KindExtraRevisionsFree:
		return "revisions"
	}
	return ""
}

// Warning is a note for the freelancer with its rule.
type Warning struct {
	Code string `json:"code"`
	Rule string `json:"rule"`
	Text string `json:"text"`
}

// WhoseMove tells whose turn it is and since when (P7): after the client's
// message it is mine; after mine, theirs.
func (d *Deal) WhoseMove(now time.Time) (who string, since time.Time, waited time.Duration) {
	if len(d.History) == 0 {
		return "me", time.Time{}, 0
	}
	last := d.History[len(d.History)-1]
	who = "me"
	if last.From == "me" {
		who = "client"
	}
	return who, last.At, now.Sub(last.At)
}
