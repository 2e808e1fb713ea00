package proposal

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/parley-desk/parley/locale"
	"github.com/parley-desk/parley/money"
	"github.com/parley-desk/parley/pricing"
)

// AgreementInput is one version of a deal's agreement as the client reads
// it (C2): the terms snapshot of that version, the client's confirmation
// of it, and the versions before it in the append-only log.
type AgreementInput struct {
	Deal       string    // the deal's title
	Version    int       // from 1
	Date       time.Time // when this version was recorded
	Freelancer string
	Client     string

	Lines         []AgreementLine
	Adjustments   []Adjustment // surcharges and discounts between the lines and the total
	Total         money.Money  // the lines and adjustments add up to it exactly
	Stages        []AgreementStage
	Delivery      time.Time
	Revisions     int             // revision rounds included (R1)
	RefundPercent int64           // the guarantee (M6), hundredths of a percent of Total; 0: none
	NDA           bool            // the work stays out of the portfolio (P4)
	Charter       pricing.Charter // how we keep in touch (B1); empty: left out

	Confirmation Confirmation    // zero At: not yet confirmed
	Earlier      []VersionRecord // the log before this version, in any order
}

// AgreementLine is one service of the agreed scope, with what it does and
// does not include (M3, P9).
type AgreementLine struct {
	Service  string
	Quantity int64  // thousandths of Unit; 0 leaves the quantity out
	Unit     string // a pricing unit: "page", "1000 characters", …
	Amount   money.Money
	Included []string
	Excluded []string
}

// Adjustment is a surcharge (positive) or a discount (negative) with its
// reason in the client's words, as the quote gave it.
type Adjustment struct {
	Label  string
	Amount money.Money
}

// AgreementStage is one prepaid stage (M6).
type AgreementStage struct {
	Number int
	Amount money.Money
	Due    time.Time
}

// Confirmation is the client's written yes to a version (C2).
type Confirmation struct {
	At     time.Time // zero: not yet confirmed
	Via    string    // parley.ConfirmedViaPortal or parley.ConfirmedViaEmail
	Record string    // the record kept of it, if it is to be shown: "reply from anna@kuusi.fi"
}

// VersionRecord is an earlier entry of the agreement log.
type VersionRecord struct {
	Version      int
	Date         time.Time
	Confirmation Confirmation
}

// BuildAgreement lays out one agreement version: who and when, the
// confirmation record (or plainly that there is none yet), the work and
// price, the payment schedule, the terms, the charter and the earlier
// versions of the log (C2). Wrong input is EINVALID, saying what to fix.
func BuildAgreement(c *Catalog, in AgreementInput) (Doc, error) {
	if err := checkAgreement(in); err != nil {
		return Doc{}, err
	}
	title := c.T("agreement_title", in)
	d := Doc{Lang: c.Lang, Title: title}
	d.add(Block{Kind: Heading, Level: 1, Text: title})
	d.add(Block{Kind: Paragraph, Text: c.T("agreement_parties", in)})

	// The confirmation record first: it says whether this text binds (C2).
	earlier := slices.SortedFunc(slices.Values(in.Earlier), func(a, b VersionRecord) int { return cmp.Compare(a.Version, b.Version) })
	d.add(Block{Kind: Heading, Level: 2, Text: c.T("agreement_confirmation", nil)})
	if conf := in.Confirmation; !conf.At.IsZero() {
		d.add(Block{Kind: Paragraph, Text: c.T("agreement_confirmed_"+conf.Via, conf.At)})
		if r := strings.Join(strings.Fields(conf.Record), " "); r != "" {
			d.add(Block{Kind: Paragraph, Text: c.T("agreement_record", r)})
		}
	} else if prev, ok := lastConfirmed(earlier); ok {
		d.add(Block{Kind: Paragraph, Text: c.T("agreement_unconfirmed_previous", map[string]any{"Version": prev.Version, "At": prev.Confirmation.At})})
	} else {
		d.add(Block{Kind: Paragraph, Text: c.T("agreement_unconfirmed", nil)})
	}

	// The work and its price, with what is and is not included (M3, P9).
	d.add(Block{Kind: Heading, Level: 2, Text: c.T("agreement_scope", nil)})
	var rows []Row
	for _, l := range in.Lines {
		rows = append(rows, Row{Label: c.T("agreement_line", l), Amount: locale.Money(c.Lang, l.Amount)})
	}
	for _, a := range in.Adjustments {
		rows = append(rows, Row{Label: a.Label, Amount: signed(c.Lang, a.Amount)})
	}
	rows = append(rows, Row{Label: c.T("total", nil), Amount: locale.Money(c.Lang, in.Total), Strong: true})
	d.add(Block{Kind: Table, Rows: rows})
	for _, l := range in.Lines {
		if len(l.Included)+len(l.Excluded) == 0 {
			continue
		}
		if len(in.Lines) > 1 {
			d.add(Block{Kind: Heading, Level: 3, Text: l.Service})
		}
		if len(l.Included) > 0 {
			d.add(Block{Kind: Paragraph, Text: c.T("included", nil) + ":"})
			d.add(Block{Kind: List, Items: l.Included})
		}
		if len(l.Excluded) > 0 {
			d.add(Block{Kind: Paragraph, Text: c.T("excluded", nil) + ":"})
			d.add(Block{Kind: List, Items: l.Excluded})
		}
	}

	// Prepayment, whole or by stages (M6).
	d.add(Block{Kind: Heading, Level: 2, Text: c.T("agreement_payment", nil)})
	switch len(in.Stages) {
	case 0:
		d.add(Block{Kind: Paragraph, Text: c.T("payment_full", in.Total)})
	case 1: // one stage is the whole price, prepaid
		d.add(Block{Kind: Paragraph, Text: c.T("payment_full", in.Total)})
		d.add(Block{Kind: Paragraph, Text: c.T("agreement_payment_due", in.Stages[0].Due)})
	default:
		d.add(Block{Kind: Paragraph, Text: c.T("payment_staged", map[string]int{"Stages": len(in.Stages)})})
		rows = nil
		for _, s := range in.Stages {
			rows = append(rows, Row{Label: c.T("agreement_stage", s), Amount: locale.Money(c.Lang, s.Amount)})
		}
		rows = append(rows, Row{Label: c.T("total", nil), Amount: locale.Money(c.Lang, in.Total), Strong: true})
		d.add(Block{Kind: Table, Rows: rows})
	}

	// The other terms: delivery, revisions (R1), the guarantee (M6), NDA (P4).
	d.add(Block{Kind: Heading, Level: 2, Text: c.T("terms", nil)})
	terms := []string{c.T("agreement_delivery", in.Delivery), c.T("revisions", in.Revisions)}
	if in.RefundPercent > 0 {
		refund, err := in.Total.MulFrac(in.RefundPercent, 10000)
		if err != nil {
			return Doc{}, fmt.Errorf("agreement guarantee: %w", err)
		}
		terms = append(terms, c.T("guarantee", map[string]any{"RefundPercent": in.RefundPercent, "RefundAmount": refund}))
	}
	if in.NDA {
		terms = append(terms, c.T("agreement_nda", nil))
	} else {
		terms = append(terms, c.T("agreement_no_nda", nil))
	}
	d.add(Block{Kind: List, Items: terms})

	if items := charterItems(c, in.Charter); len(items) > 0 {
		d.add(Block{Kind: Heading, Level: 2, Text: c.T("charter", nil)})
		d.add(Block{Kind: List, Items: items})
	}

	// The log (C2): versions are appended, never rewritten.
	d.add(Block{Kind: Heading, Level: 2, Text: c.T("agreement_history", nil)})
	if len(earlier) == 0 {
		d.add(Block{Kind: Paragraph, Text: c.T("agreement_history_first", nil)})
		return d, nil
	}
	d.add(Block{Kind: Paragraph, Text: c.T("agreement_history_intro", nil)})
	var items []string
	for _, v := range earlier {
		state := c.T("history_unconfirmed", nil)
		if !v.Confirmation.At.IsZero() {
			state = c.T("history_confirmed_"+v.Confirmation.Via, v.Confirmation.At)
		}
		items = append(items, c.T("agreement_history_item", map[string]any{"Version": v.Version, "Date": v.Date, "State": state}))
	}
	d.add(Block{Kind: List, Items: items})
	return d, nil
}

// lastConfirmed is the newest confirmed version of a sorted log: it stays
// in force until a newer one is confirmed.
func lastConfirmed(log []VersionRecord) (VersionRecord, bool) {
	for i := len(log) - 1; i >= 0; i-- {
		if !log[i].Confirmation.At.IsZero() {
			return log[i], true
		}
	}
	return VersionRecord{}, false
}
