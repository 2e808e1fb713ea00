package negotiate

import (
	"slices"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/money"
)

// KindOption is the ledger entry of an option the client chose from the
// proposal (P3, B4): the reduced scope or the express schedule instead of
// the full quote.
const KindOption = "option"

// Option is one of the proposal's alternatives as the client saw it.
type Option struct {
	Variant  string   // reduced or express
	Total    string   // the option's price, as quoted
	Delivery string   // YYYY-MM-DD
	Included []string // what the option includes
}

// ChooseOption records the client's choice of an alternative: the price
// moves to the option's (against the quote, so that moves accepted since
// still count), the delivery to its date, and the scope the option leaves
// out is dropped. The client chooses once; the full scope needs no entry.
func ChooseOption(deal *Deal, opt Option, now time.Time) error {
	if err := deal.Check(); err != nil {
		return err
	}
	if opt.Variant != "reduced" && opt.Variant != "express" {
		return parley.Errorf(parley.EINVALID, "option %q is not one the proposal offers", opt.Variant)
	}
	if slices.ContainsFunc(deal.Ledger, func(e Entry) bool { return e.Kind == KindOption }) {
		return parley.Errorf(parley.ECONFLICT, "an option was already chosen for this deal")
	}
	cur, _ := money.Lookup(deal.Terms.Currency)
	quoted, _ := money.Parse(deal.Terms.Total, cur)
	total, err := money.Parse(opt.Total, cur)
	if err != nil {
		return parley.Errorf(parley.EINVALID, "option %s: total %q: %v", opt.Variant, opt.Total, err)
	}
	if _, err := time.Parse(time.DateOnly, opt.Delivery); err != nil {
		return parley.Errorf(parley.EINVALID, "option %s: delivery %q: write it as YYYY-MM-DD", opt.Variant, opt.Delivery)
	}
	delta, _ := total.Sub(quoted)
	var drop []string
	for _, l := range deal.Terms.Lines {
		for _, item := range l.Included {
			if !slices.Contains(opt.Included, item) {
				drop = append(drop, item)
			}
		}
	}
	if c := deal.Current(); total.Cmp(c.Floor) < 0 && opt.Variant != "reduced" {
		return parley.Errorf(parley.EINVALID, "option %s would take the price under the floor (M10)", opt.Variant)
	}
	got := "the reduced scope"
	if opt.Variant == "express" {
		got = "the express surcharge"
	}
	deal.Ledger = append(deal.Ledger, Entry{Move: "option_" + opt.Variant, Kind: KindOption, Got: got, PriceDelta: delta.String(),
		Delivery: opt.Delivery, Drop: drop, At: now.UTC().Format(time.RFC3339)})
	return nil
}
