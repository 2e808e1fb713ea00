package negotiate

import (
	"time"

	"github.com/parley-desk/parley/money"
)

// View is an analysis as DESIGN.md's "parley negotiate --format json"
// interface gives it; the CLI and the desk's API both answer with it.
type View struct {
	Language  string     `json:"language"`
	Asks      []AskView  `json:"asks"`
	Moves     []Move     `json:"moves"`
	Reply     string     `json:"reply"`
	WhoseMove string     `json:"whose_move"`
	Ledger    LedgerView `json:"ledger"`
	Warnings  []Warning  `json:"warnings"`
}

// AskView is an ask with its amount, percentage or date as text.
type AskView struct {
	Code    string `json:"code"`
	Quote   string `json:"quote"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Amount  string `json:"amount,omitempty"`
	Percent string `json:"percent,omitempty"`
	Date    string `json:"date,omitempty"`
}

// LedgerView is the concession ledger with its derived balance.
type LedgerView struct {
	Entries     []Entry `json:"entries"`
	Price       string  `json:"price"`
	Floor       string  `json:"floor"`
	Refunded    string  `json:"refunded"`
	Concessions int     `json:"concessions"`
	Unmatched   int     `json:"unmatched"`
	BATNA       string  `json:"batna,omitempty"`
}

// View returns the analysis of a message to d as JSON-ready values.
func (an *Analysis) View(d *Deal) View {
	v := View{Language: an.Language, Asks: []AskView{}, Moves: an.Moves, Reply: an.Reply, WhoseMove: an.WhoseMove,
		Ledger: d.LedgerView(), Warnings: an.Warnings}
	for _, k := range an.Asks {
		a := AskView{Code: k.Code, Quote: k.Quote, Start: k.Start, End: k.End}
		if k.Amount != nil {
			a.Amount = k.Amount.String()
		}
		if k.Percent != 0 {
			a.Percent = money.FormatDecimal(k.Percent, 2)
		}
		if k.Date != nil {
			a.Date = k.Date.Format(time.DateOnly)
		}
		v.Asks = append(v.Asks, a)
	}
	if v.Moves == nil {
		v.Moves = []Move{}
	}
	if v.Warnings == nil {
		v.Warnings = []Warning{}
	}
	return v
}

// LedgerView returns the deal's ledger and its derived balance.
func (d *Deal) LedgerView() LedgerView {
	c := d.Current()
	entries := d.Ledger
	if entries == nil {
		entries = []Entry{}
	}
	return LedgerView{Entries: entries, Price: c.Total.String(), Floor: c.Floor.String(), Refunded: c.Refunded.String(),
		Concessions: c.Concessions, Unmatched: c.Unmatched, BATNA: d.WalkAway.BATNA}
}
