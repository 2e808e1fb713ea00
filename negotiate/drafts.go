package negotiate

import (
	"strings"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/money"
	"github.com/parley-desk/parley/pricing"
)

// Draft is a message for the freelancer to send, with its kind for the
// history.
type Draft struct {
	Kind string // summary, restatement, followup, notice, decline
	Text string
}

func (a *Assistant) draft(deal *Deal, kind string, data map[string]any) (Draft, error) {
	if err := deal.Check(); err != nil {
		return Draft{}, err
	}
	c := a.text[deal.Client.Language]
	data["Name"] = firstName(deal.Client.Name)
	return Draft{Kind: kind, Text: tidy(c.T("draft_"+kind, data))}, nil
}

// CallSummary turns call notes into a summary that ends in a request to
// confirm (C2). Each non-empty line of notes is one agreed point.
func (a *Assistant) CallSummary(deal *Deal, notes string, now time.Time) (Draft, error) {
	var points []string
	for _, l := range strings.Split(notes, "\n") {
		l = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(l), "-*•"))
		if l != "" {
			points = append(points, l)
		}
	}
	if len(points) == 0 {
		return Draft{}, parley.Errorf(parley.EINVALID, "the call notes are empty; write one agreed point a line")
	}
	return a.draft(deal, "summary", map[string]any{"Points": points, "Date": pricing.Day(now)})
}

// Restatement drafts "let me check I understood correctly" from the deal's
// terms (B2).
func (a *Assistant) Restatement(deal *Deal) (Draft, error) {
	c := deal.Current()
	var items []string
	for _, l := range deal.Terms.Lines {
		items = append(items, l.Name+": "+strings.Join(l.Included, ", "))
	}
	return a.draft(deal, "restatement", map[string]any{"Items": items, "Delivery": c.Delivery, "Total": c.Total, "Stages": c.Stages})
}

// FollowUp drafts the single reminder to a lead that went quiet (B3): it is
// refused when the client owes no answer, or when one follow-up has already
// gone out since the client last wrote.
func (a *Assistant) FollowUp(deal *Deal, now time.Time) (Draft, error) {
	who, since, _ := deal.WhoseMove(now)
	if len(deal.History) == 0 || who != "client" {
		return Draft{}, parley.Errorf(parley.EINVALID, "the client owes no answer: the last message is theirs or there is none; answer them instead (P7)")
	}
	for i := len(deal.History) - 1; i >= 0 && deal.History[i].From == "me"; i-- {
		if deal.History[i].Kind == "followup" {
			return Draft{}, parley.Errorf(parley.EINVALID, "a follow-up already went out on %s; one reminder is enough (B3): wait for the client", deal.History[i].At.Format(time.DateOnly))
		}
	}
	return a.draft(deal, "followup", map[string]any{"Since": pricing.Day(since)})
}

// PriceIncrease drafts the notice of a new price for a current client
// (M8): at least the policy's notice period ahead (30 days by default),
// explaining why, without asking what the client thinks of it.
func (a *Assistant) PriceIncrease(deal *Deal, p *pricing.Policy, newTotal money.Money, effective time.Time, reason string, now time.Time) (Draft, error) {
	today := pricing.Day(now)
	notice := int(effective.Sub(today).Hours() / 24)
	if notice < p.PriceIncreaseNoticeDays {
		earliest := today.AddDate(0, 0, p.PriceIncreaseNoticeDays)
		return Draft{}, parley.Errorf(parley.EINVALID, "a new price from %s gives the client %d days' notice; your policy needs at least %d (M8): make it effective %s or later",
			effective.Format(time.DateOnly), notice, p.PriceIncreaseNoticeDays, earliest.Format(time.DateOnly))
	}
	old := deal.Current().Total
	if newTotal.Currency.Code != old.Currency.Code {
		return Draft{}, parley.Errorf(parley.EINVALID, "the new price is in %s, the deal in %s", newTotal.Currency.Code, old.Currency.Code)
	}
	if newTotal.Cmp(old) <= 0 {
		return Draft{}, parley.Errorf(parley.EINVALID, "the new price %s is not above the current %s; a notice is for a rise", newTotal, old)
	}
	reason = strings.TrimSpace(reason)
	return a.draft(deal, "notice", map[string]any{"Old": old, "New": newTotal, "Effective": effective, "Reason": reason,
		"Months": p.ContractMonths})
}

// Decline drafts a polite refusal without complaint (W1).
func (a *Assistant) Decline(deal *Deal) (Draft, error) {
	return a.draft(deal, "decline", map[string]any{})
}
