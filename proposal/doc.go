package proposal

import (
	"strings"
	"time"

	"github.com/parley-desk/parley/locale"
	"github.com/parley-desk/parley/money"
	"github.com/parley-desk/parley/pricing"
)

// Kind is the kind of a block of the document.
type Kind int

const (
	Heading   Kind = iota // Text, Level 1–3
	Paragraph             // Text
	List                  // Items
	Links                 // Items (titles) with URLs
	Table                 // Rows: a label and an amount; the last row may be the total
)

// Block is one piece of a document; every renderer understands all kinds.
type Block struct {
	Kind  Kind
	Level int
	Text  string
	Items []string
	URLs  []string
	Rows  []Row
}

// Row is a priced line: a label and an amount, emphasised for totals.
type Row struct {
	Label, Amount string
	Strong        bool
}

// Doc is a proposal ready to render.
type Doc struct {
	Lang, Title string
	Blocks      []Block
}

// Input is what a proposal is made from.
type Input struct {
	Quote  *pricing.Quote
	Policy *pricing.Policy
	Client string // the client's name, if known
	Task   string // our understanding of the task, in the client's language (B2)
	Today  time.Time
}

// Build lays out the proposal in the order of M2: understanding of the
// task, related work, how the price is made, options with prices, what is
// and is not included (M3, P9), terms (M6, M7) and the charter (B1).
func Build(c *Catalog, in Input) Doc {
	q := in.Quote
	d := Doc{Lang: c.Lang, Title: c.T("title", nil)}
	if in.Client != "" {
		d.Title = c.T("title_for", in.Client)
	}
	d.add(Block{Kind: Heading, Level: 1, Text: d.Title})
	d.add(Block{Kind: Paragraph, Text: c.T("prepared", in.Today)})

	// Understanding of the task (M2, B2): the restatement to confirm, or the
	// questions still open.
	d.add(Block{Kind: Heading, Level: 2, Text: c.T("understanding", nil)})
	if task := strings.TrimSpace(in.Task); task != "" {
		for _, para := range strings.Split(task, "\n\n") {
			d.add(Block{Kind: Paragraph, Text: strings.Join(strings.Fields(para), " ")})
		}
		d.add(Block{Kind: Paragraph, Text: c.T("understanding_confirm", nil)})
	} else {
		d.add(Block{Kind: Paragraph, Text: c.T("understanding_missing", nil)})
		var qs []string
		for _, s := range services(q) {
			qs = append(qs, s.Questions...)
		}
		d.add(Block{Kind: List, Items: dedupe(qs)})
	}

	// Related work (P6).
	var titles, urls []string
	for _, s := range services(q) {
		for _, cs := range s.Cases {
			titles, urls = append(titles, cs.Title), append(urls, cs.URL)
		}
	}
	if len(titles) > 0 {
		d.add(Block{Kind: Heading, Level: 2, Text: c.T("related_work", nil)})
		d.add(Block{Kind: Links, Items: titles, URLs: urls})
	}

	// How the price is made (M4): the everyday analogy helps a small
	// business; a large company's buyer wants the figures (P9).
	if q.ClientKind != "large_company" {
		var expl []string
		for _, s := range services(q) {
			if s.Explanation != "" {
				expl = append(expl, strings.Join(strings.Fields(s.Explanation), " "))
			}
		}
		if len(expl) > 0 {
			d.add(Block{Kind: Heading, Level: 2, Text: c.T("how_priced", nil)})
			for _, e := range dedupe(expl) {
				d.add(Block{Kind: Paragraph, Text: e})
			}
		}
	}

	// Options with prices (M2, B4, P3), or the one price.
	if len(q.Options) > 1 {
		d.add(Block{Kind: Heading, Level: 2, Text: c.T("options", nil)})
		d.add(Block{Kind: Paragraph, Text: c.T("options_intro", nil)})
		for i := range q.Options {
			o := &q.Options[i]
			d.add(Block{Kind: Heading, Level: 3, Text: c.T("option_"+o.Variant, nil) + ": " + c.T("option_summary", o)})
			d.add(Block{Kind: Table, Rows: priceRows(c, o)})
			if len(o.Schedule) > 1 {
				d.add(Block{Kind: List, Items: stageItems(c, o)})
			}
		}
	} else {
		d.add(Block{Kind: Heading, Level: 2, Text: c.T("price", nil)})
		d.add(Block{Kind: Table, Rows: priceRows(c, q)})
	}

	// What is and is not included (M3, P9), with the revision rounds (R1).
	d.add(Block{Kind: Heading, Level: 2, Text: c.T("scope", nil)})
	for _, l := range q.Lines {
		if len(q.Lines) > 1 {
			d.add(Block{Kind: Heading, Level: 3, Text: l.Service.Name})
		}
		d.add(Block{Kind: Paragraph, Text: c.T("included", nil) + ":"})
		d.add(Block{Kind: List, Items: l.Included})
		if len(l.Excluded) > 0 {
			d.add(Block{Kind: Paragraph, Text: c.T("excluded", nil) + ":"})
			d.add(Block{Kind: List, Items: l.Excluded})
		}
		d.add(Block{Kind: Paragraph, Text: c.T("revisions", l.Revisions)})
	}

	// Terms (M6, M7).
	d.add(Block{Kind: Heading, Level: 2, Text: c.T("terms", nil)})
	var terms []string
	options := len(q.Options) > 1
	switch {
	case len(q.Schedule) > 1:
		terms = append(terms, c.T("payment_staged", map[string]int{"Stages": len(q.Schedule)}))
	case options:
		terms = append(terms, c.T("payment_full_options", nil))
	default:
		terms = append(terms, c.T("payment_full", q.Total))
	}
	when := map[string]any{"Delivery": q.Delivery, "Days": q.WorkDays, "Start": firstWorkDay(q)}
	switch {
	case options:
		terms = append(terms, c.T("delivery_options", when))
	case hasModifier(q, "rush"):
		terms = append(terms, c.T("delivery_rush", when))
	default:
		terms = append(terms, c.T("delivery", when))
	}
	switch {
	case q.Guarantee.RefundPercent == 0:
	case options:
		terms = append(terms, c.T("guarantee_options", q.Guarantee))
	default:
		terms = append(terms, c.T("guarantee", q.Guarantee))
	}
	terms = append(terms, c.T("valid", q.ValidUntil))
	d.add(Block{Kind: List, Items: terms})
	if len(q.Schedule) > 1 && !options {
		d.add(Block{Kind: List, Items: stageItems(c, q)})
	}

	// The communication charter (B1).
	d.add(Block{Kind: Heading, Level: 2, Text: c.T("charter", nil)})
	d.add(Block{Kind: List, Items: charterItems(c, in.Policy.Charter)})
	return d
}

func stageItems(c *Catalog, q *pricing.Quote) []string {
	var items []string
	for _, s := range q.Schedule {
		items = append(items, c.T("stage", s))
	}
	return items
}

func (d *Doc) add(b Block) { d.Blocks = append(d.Blocks, b) }

// priceRows are the lines, the modifiers and the total of one quote.
func priceRows(c *Catalog, q *pricing.Quote) []Row {
	var rows []Row
	for _, l := range q.Lines {
		rows = append(rows, Row{
			Label:  c.T("line", map[string]any{"Name": l.Service.Name, "Quantity": l.Quantity, "Unit": l.Service.Unit, "Rate": l.Service.Rate}),
			Amount: locale.Money(c.Lang, l.Amount),
		})
	}
	for _, m := range q.Modifiers {
		rows = append(rows, Row{Label: ModifierText(c, q, m), Amount: signed(c.Lang, m.Amount)})
	}
	rows = append(rows, Row{Label: c.T("total", nil), Amount: locale.Money(c.Lang, q.Total), Strong: true})
	return rows
}

// ModifierText is a modifier's reason in the client's words.
func ModifierText(c *Catalog, q *pricing.Quote, m pricing.Modifier) string {
	key := "modifier_" + m.Kind
	if m.Kind == "discount" {
		key += "_" + m.Reason
	}
	text := c.T(key, map[string]any{"Share": 10000 + m.Percent, "Percent": m.Percent, "Reason": m.Reason})
	if m.Percent != 0 && m.Kind != "repeat_structure" {
		text += " (" + signedPercent(c.Lang, m.Percent) + ")"
	}
	if m.Service != "" && len(q.Lines) > 1 {
		for _, l := range q.Lines {
			if l.Service.ID == m.Service {
				text = l.Service.Name + ": " + text
				break
			}
		}
	}
	return text
}

func signed(lang string, m money.Money) string {
	if m.Minor > 0 {
		return "+" + locale.Money(lang, m)
	}
	return locale.Money(lang, m)
}

func signedPercent(lang string, h int64) string {
	if h > 0 {
		return "+" + locale.Percent(lang, h)
	}
	return locale.Percent(lang, h)
}

func hasModifier(q *pricing.Quote, kind string) bool {
	for _, m := range q.Modifiers {
		if m.Kind == kind {
			return true
		}
	}
	return false
}

func firstWorkDay(q *pricing.Quote) time.Time {
	if len(q.Schedule) > 0 {
		return q.Schedule[0].WorkStarts
	}
	return q.Start
}

// services are the quote's services in order, each once.
func services(q *pricing.Quote) []*pricing.Service {
	var out []*pricing.Service
	seen := map[string]bool{}
	for _, l := range q.Lines {
		if !seen[l.Service.ID] {
			seen[l.Service.ID] = true
			out = append(out, l.Service)
		}
	}
	return out
}

func dedupe(items []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, it := range items {
		if !seen[it] {
			seen[it] = true
			out = append(out, it)
		}
	}
	return out
}
