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
	for _, b := range deal.Brief {
		if strings.TrimSpace(b.Answer) != "" {
			items = append(items, strings.TrimRight(strings.TrimSpace(b.Question), "?")+": "+strings.TrimSpace(b.Answer))
		}
	}
	return a.draft(deal, "restatement", map[string]any{"Items": items, "Delivery": c.Delivery, "Total": c.Total, "Stages": c.Stages})
}

// BriefQuestions are the brief's questions for the deal's services (B2),
// each once, with the answers given so far.
func BriefQuestions(deal *Deal, p *pricing.Policy) []BriefAnswer {
	answers := map[string]string{}
	for _, b := range deal.Brief {
		answers[b.Question] = b.Answer
	}
	var out []BriefAnswer
	seen := map[string]bool{}
	for _, l := range deal.Terms.Lines {
		sv, ok := p.Service(l.Service)
		if !ok {
			continue
		}
		for _, q := range sv.Questions {
			if !seen[q] {
				seen[q] = true
				out = append(out, BriefAnswer{Question: q, Answer: answers[q]})
			}
		}
	}
	// Answers to questions the policy no longer asks are kept, not lost.
	for _, b := range deal.Brief {
		if !seen[b.Question] {
			seen[b.Question] = true
			out = append(out, b)
		}
	}
	return out
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

// RateNotice drafts the notice of a new rate for a current client (M8),
// outside any one deal: at least the policy's notice period (and never
// under 30 days) before it takes effect, with the freelancer's reason, and
// without asking what the client thinks of it. renewal, when not zero, is
// the contract renewal the new rate waits for.
func (a *Assistant) RateNotice(client Client, p *pricing.Policy, service string, old, new money.Money, effective, renewal time.Time, reason string, now time.Time) (Draft, error) {
	days := max(p.PriceIncreaseNoticeDays, parley.MinNoticeDays)
	today := pricing.Day(now)
	if effective.Before(today.AddDate(0, 0, days)) {
		return Draft{}, parley.Errorf(parley.EINVALID, "a new rate from %s gives the client %d days' notice; it needs at least %d (M8): make it effective %s or later",
			effective.Format(time.DateOnly), int(effective.Sub(today).Hours()/24), days, today.AddDate(0, 0, days).Format(time.DateOnly))
	}
	if !renewal.IsZero() && renewal.Before(effective) {
		return Draft{}, parley.Errorf(parley.EINVALID, "the renewal date %s is before the new rate takes effect (%s); leave it empty or choose a later one",
			renewal.Format(time.DateOnly), effective.Format(time.DateOnly))
	}
	if new.Currency.Code != old.Currency.Code || new.Cmp(old) <= 0 {
		return Draft{}, parley.Errorf(parley.EINVALID, "the new rate %s %s must be above the current %s %s, in the same currency", new, new.Currency.Code, old, old.Currency.Code)
	}
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Draft{}, parley.Errorf(parley.EINVALID, "say why the old rate no longer works (M8): the notice explains, it does not ask")
	}
	c, ok := a.text[client.Language]
	if !ok {
		return Draft{}, parley.Errorf(parley.EINVALID, "client language %q: write en, fi or ru", client.Language)
	}
	data := map[string]any{"Name": firstName(client.Name), "Service": service, "Old": old, "New": new, "Effective": effective, "Reason": reason, "Renewal": nil}
	if !renewal.IsZero() {
		data["Renewal"] = renewal
	}
	return Draft{Kind: "notice", Text: tidy(c.T("draft_rate_notice", data))}, nil
}

// StageReminder drafts the note that a prepaid stage is due (M6): work
// on it starts when it is paid.
func (a *Assistant) StageReminder(deal *Deal, number int, amount money.Money, due time.Time) (Draft, error) {
	return a.draft(deal, "reminder", map[string]any{"Number": number, "Amount": amount, "Due": due})
}

// AgreementLetter drafts the letter that puts a version of the agreed
// terms in writing and asks the client to confirm it (C2).
func (a *Assistant) AgreementLetter(deal *Deal, version int, snap Snapshot) (Draft, error) {
	cur, err := money.Lookup(snap.Currency)
	if err != nil {
		return Draft{}, parley.Errorf(parley.EINVALID, "agreement version %d: %v", version, err)
	}
	total, err := money.Parse(snap.Total, cur)
	if err != nil {
		return Draft{}, parley.Errorf(parley.EINVALID, "agreement version %d: total: %v", version, err)
	}
	delivery, err := time.Parse(time.DateOnly, snap.Delivery)
	if err != nil {
		return Draft{}, parley.Errorf(parley.EINVALID, "agreement version %d: delivery %q", version, snap.Delivery)
	}
	var lines []string
	for _, l := range snap.Lines {
		line := l.Name + " × " + l.Quantity
		if len(l.Included) > 0 {
			line += " (" + strings.Join(l.Included, ", ") + ")"
		}
		lines = append(lines, line)
	}
	return a.draft(deal, "agreement", map[string]any{"Version": version, "Lines": lines, "Total": total, "Stages": snap.Schedule,
		"Delivery": delivery, "Revisions": snap.Revisions})
}

// Decline drafts a polite refusal without complaint (W1).
func (a *Assistant) Decline(deal *Deal) (Draft, error) {
	return a.draft(deal, "decline", map[string]any{})
}
