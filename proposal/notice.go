package proposal

import (
	"strings"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/money"
	"github.com/parley-desk/parley/pricing"
)

// NoticeInput is a price rise for a current client (M8): which rates
// change, from when, and why, in the freelancer's own words.
type NoticeInput struct {
	Freelancer string
	Client     string
	Rates      []RateChange
	NoticeDate time.Time // the day the client is told
	Effective  time.Time // the day the new rates apply
	NoticeDays int       // the policy's least notice in days; under parley.MinNoticeDays counts as that
	Reason     string    // why the old rate no longer works (M8); blank lines part paragraphs
	Renewal    time.Time // the contract's renewal, if any: the easiest moment for a new rate (M8)
}

// RateChange is one service's rate before and after.
type RateChange struct {
	Service      string // as the client knows it, with its unit: "Landing page copy, per 1,000 characters"
	Current, New money.Money
}

// BuildNotice lays out the notice letter of a price rise (M8): the new
// rates and the date they apply from, given at least a month ahead, the
// reason, what happens to work already agreed and at renewal. It explains;
// it does not ask the client's opinion of the price or apologise for it
// (M8, M9), and it holds no question at all. Too short a notice is refused.
func BuildNotice(c *Catalog, in NoticeInput) (Doc, error) {
	days, err := checkNotice(in)
	if err != nil {
		return Doc{}, err
	}
	title := c.T("notice_title", in.Effective)
	d := Doc{Lang: c.Lang, Title: title}
	d.add(Block{Kind: Heading, Level: 1, Text: title})
	d.add(Block{Kind: Paragraph, Text: c.T("notice_to", in.Client)})
	d.add(Block{Kind: Paragraph, Text: c.T("notice_from", in.Freelancer)})
	d.add(Block{Kind: Paragraph, Text: c.T("notice_date", in.NoticeDate)})
	d.add(Block{Kind: Paragraph, Text: c.T("notice_intro", map[string]any{"Effective": in.Effective, "Days": days})})

	d.add(Block{Kind: Heading, Level: 2, Text: c.T("notice_rates", nil)})
	var items []string
	for _, r := range in.Rates {
		items = append(items, c.T("notice_rate", map[string]any{"Service": r.Service, "Current": r.Current, "New": r.New, "Effective": in.Effective}))
	}
	d.add(Block{Kind: List, Items: items})

	// Why the old rate no longer works, in the freelancer's words (M8).
	d.add(Block{Kind: Heading, Level: 2, Text: c.T("notice_why", nil)})
	for _, para := range strings.Split(strings.ReplaceAll(strings.TrimSpace(in.Reason), "\r\n", "\n"), "\n\n") {
		if text := strings.Join(strings.Fields(para), " "); text != "" {
			d.add(Block{Kind: Paragraph, Text: text})
		}
	}

	// Agreed work keeps its price: an agreement version is frozen (C2).
	d.add(Block{Kind: Heading, Level: 2, Text: c.T("notice_terms", nil)})
	terms := []string{c.T("notice_applies", in.Effective), c.T("notice_agreed", nil)}
	if !in.Renewal.IsZero() {
		terms = append(terms, c.T("notice_renewal", in.Renewal))
	}
	d.add(Block{Kind: List, Items: terms})
	d.add(Block{Kind: Paragraph, Text: c.T("notice_questions", nil)})
	d.add(Block{Kind: Paragraph, Text: c.T("notice_closing", nil)})
	d.add(Block{Kind: Paragraph, Text: c.T("notice_regards", nil)})
	d.add(Block{Kind: Paragraph, Text: in.Freelancer})
	return d, nil
}

// checkNotice returns the days of notice, or why the notice cannot go out.
func checkNotice(in NoticeInput) (int, error) {
	invalid := func(format string, args ...any) (int, error) {
		return 0, parley.Errorf(parley.EINVALID, "price-change notice: "+format, args...)
	}
	switch {
	case strings.TrimSpace(in.Client) == "" || strings.TrimSpace(in.Freelancer) == "":
		return invalid("name both the client and the freelancer")
	case len(in.Rates) == 0:
		return invalid("list the rates that change, each with its current and new amount")
	case strings.TrimSpace(in.Reason) == "":
		return invalid("write why the current rate no longer works; the notice explains the change (M8)")
	case in.NoticeDate.IsZero() || in.Effective.IsZero():
		return invalid("give the notice date and the date the new rates take effect")
	}
	for _, r := range in.Rates {
		switch {
		case strings.TrimSpace(r.Service) == "":
			return invalid("a rate has no service name")
		case r.Current.Currency.Code != r.New.Currency.Code:
			return invalid("%s: the current rate is in %s and the new one in %s; give both in one currency", r.Service, r.Current.Currency.Code, r.New.Currency.Code)
		case r.New.Cmp(r.Current) <= 0:
			return invalid("%s: the new rate %s is not above the current %s; this notice is for a rise (M8), and a lower price needs no notice", r.Service, r.New, r.Current)
		}
	}
	// M8: at least a month's notice, or more when the policy asks for it.
	least := max(in.NoticeDays, parley.MinNoticeDays)
	notice, effective := pricing.Day(in.NoticeDate), pricing.Day(in.Effective)
	days := int(effective.Sub(notice).Hours() / 24)
	if days < least {
		return invalid("the new rates would take effect %d days after the notice, and at least %d are needed (M8); make them effective on %s or later, or send the notice earlier",
			days, least, isoDate(notice.AddDate(0, 0, least)))
	}
	if !in.Renewal.IsZero() && pricing.Day(in.Renewal).Before(effective) {
		return invalid("the contract renews on %s, before the new rates take effect on %s, so the renewed contract would keep the current rates; make the rates effective at a later renewal, or leave the renewal out",
			isoDate(in.Renewal), isoDate(effective))
	}
	return days, nil
}
