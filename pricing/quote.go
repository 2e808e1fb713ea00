package pricing

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/money"
)

// LineRequest is one service the client wants.
type LineRequest struct {
	Service  string `json:"service"`
	Quantity int64  `json:"-"`      // thousandths of a unit: 7.5 → 7500
	Repeat   bool   `json:"repeat"` // the same structure as an earlier piece (M10)
}

// Request is what the client asked for, as the freelancer enters it.
type Request struct {
	Lines          []LineRequest
	NDA            bool
	NDAPercent     int64 // hundredths of a percent; 0 takes the policy's default
	RushTo         Date  // zero: no rush
	Stages         int   // 0 or 1: one full prepayment; more: staged full prepayment (M6)
	ClientKind     string
	Start          Date  // the day work can begin; zero: today
	Today          Date  // the day the quote is made (the shell's clock)
	Discount       int64 // hundredths of a percent
	DiscountReason string
	Options        bool // also compute the reduced-scope and express options (B4, P3)
}

// MaxQuantity is the largest quantity of one line, in units.
const MaxQuantity = 1_000_000

// Quote is an exact price with everything the client needs to decide.
type Quote struct {
	Currency   money.Currency
	ClientKind string
	Variant    string // full, reduced or express
	Lines      []Line
	Subtotal   money.Money // the lines at their full rate
	Modifiers  []Modifier
	Total      money.Money

	Start      Date
	WorkDays   int // working days of work, buffer included (or the rush days)
	BufferDays int
	Delivery   Date
	Schedule   []Stage
	Guarantee  Guarantee
	ValidUntil Date
	Options    []Quote // when asked: the choices, the full scope first
	Notes      []Note  // what the freelancer should know: an option left out, why
}

// Line is one service on the quote.
type Line struct {
	Service   *Service
	Quantity  int64 // thousandths
	Amount    money.Money
	Repeat    bool
	Included  []string
	Excluded  []string
	Revisions int
}

// Modifier changes the price for a stated reason: a surcharge for a
// concession the client asks for (P4), or a discount for one they give (M10).
type Modifier struct {
	Kind    string // repeat_structure, reduced_scope, discount, nda, rush
	Reason  string // discount: the discount reason; reduced_scope: the items left out
	Service string // the line it applies to, if one
	Percent int64  // hundredths: +3000 for NDA 30 %, -4000 for a repeat at 60 %
	Amount  money.Money
}

// Stage is one staged prepayment: paid by Due, which is the day its work
// starts (M6: work on a stage starts only when it is paid).
type Stage struct {
	Number     int
	Amount     money.Money
	Due        Date
	WorkStarts Date
	WorkEnds   Date
}

// Guarantee is refunded if the deadline is missed (M6).
type Guarantee struct {
	RefundPercent int64
	RefundAmount  money.Money
}

// Note is a message for the freelancer, with its rule.
type Note struct {
	Code string // option_skipped, rush_not_needed, budget_question …
	Text string
	Rule string
}

// RushError is the refusal of a deadline inside the minimum lead time: the
// earliest honest date and the reason (P5).
type RushError struct {
	Requested, Earliest Date
	Days                int         // working days the work needs at least
	Service             string      // the service that sets the limit
	Surcharge           money.Money // the rush surcharge at the earliest date; zero when rush is not offered
}

func (e *RushError) Error() string {
	return fmt.Sprintf("%s cannot be done well by %s: it needs at least %d working days, so the earliest honest date is %s (P5); quote with --rush %s or later, or without --rush",
		e.Service, e.Requested.Format("Mon 2 Jan 2006"), e.Days, e.Earliest.Format("Mon 2 Jan 2006"), e.Earliest.Format("2006-01-02"))
}

// Compute makes the quote for req under policy p. Every refusal is a
// *parley.Error with code invalid that names the field to change.
func Compute(p *Policy, req Request) (*Quote, error) {
	if err := check(p, &req); err != nil {
		return nil, err
	}
	q, err := compute(p, req, "full")
	if err != nil {
		return nil, err
	}
	if req.Options {
		q.Options = append(q.Options, *q)
		q.Options[0].Options, q.Options[0].Notes = nil, nil
		for _, variant := range []string{"reduced", "express"} {
			o, err := compute(p, req, variant)
			var skip *skipError
			switch {
			case errors.As(err, &skip):
				q.Notes = append(q.Notes, Note{Code: "option_skipped", Text: variant + ": " + skip.why, Rule: "B4"})
				continue
			case err != nil:
				q.Notes = append(q.Notes, Note{Code: "option_skipped", Text: variant + ": " + parley.ErrorMessage(err), Rule: "B4"})
				continue
			}
			q.Options = append(q.Options, *o)
		}
	}
	if req.ClientKind == "agency" {
		q.Notes = append(q.Notes, Note{Code: "budget_question", Rule: "M1",
			Text: "an agency may be asked for its rates or budget for this work; other clients get your price, not the question"})
	}
	return q, nil
}

// skipError says why an option does not apply to this request.
type skipError struct{ why string }

func (e *skipError) Error() string { return e.why }

func invalid(format string, args ...any) error {
	return parley.Errorf(parley.EINVALID, format, args...)
}

// Refusal is a refusal a person may meet in the desk's quote form, with a
// stable code and its values as text, so that the shell can word it in the
// user's language; Error is the English for the terminal.
type Refusal struct {
	Code string   // quantity, quantity_max, stages_range, stages_from
	Args []string // the values the message names, in its order
	msg  string
}

func (r *Refusal) Error() string { return r.msg }

// refuse is invalid with a Refusal inside.
func refuse(code, format string, args ...string) error {
	vals := make([]any, len(args))
	for i, a := range args {
		vals[i] = a
	}
	return parley.Errorf(parley.EINVALID, "%w", &Refusal{Code: code, Args: args, msg: fmt.Sprintf(format, vals...)})
}

// check validates the request against the policy before any arithmetic.
func check(p *Policy, req *Request) error {
	if req.Today.IsZero() {
		return invalid("the quote needs today's date")
	}
	if req.Start.IsZero() {
		req.Start = req.Today
	}
	if req.Start.Before(req.Today) {
		return invalid("start date %s is in the past; give today (%s) or a later day", req.Start.Format("2006-01-02"), req.Today.Format("2006-01-02"))
	}
	if req.Start.After(req.Today.AddDate(5, 0, 0)) {
		return invalid("start date %s is more than five years ahead; check the year", req.Start.Format("2006-01-02"))
	}
	if len(req.Lines) == 0 {
		return invalid("the quote has no service: add one, like --service %s=1", firstID(p))
	}
	if len(req.Lines) > 100 {
		return invalid("the quote has %d lines; at most 100", len(req.Lines))
	}
	for i, l := range req.Lines {
		if _, ok := p.Service(l.Service); !ok {
			return invalid("unknown service %q (line %d); the policy has: %s", l.Service, i+1, strings.Join(p.ServiceIDs(), ", "))
		}
		if l.Quantity <= 0 {
			return refuse("quantity", "the quantity of %s must be more than zero", l.Service)
		}
		if l.Quantity > MaxQuantity*1000 {
			return refuse("quantity_max", "the quantity of %s is over %s units; split the job", l.Service, strconv.Itoa(MaxQuantity))
		}
	}
	if req.ClientKind != "" && !slices.Contains(ClientKinds, req.ClientKind) {
		return invalid("client kind %q is not known; write one of %s", req.ClientKind, strings.Join(ClientKinds, ", "))
	}
	if req.Stages < 0 || req.Stages > p.Payment.MaxStages {
		return refuse("stages_range", "%s stages: your policy allows 1 to %s (payment.max_stages)", strconv.Itoa(req.Stages), strconv.Itoa(p.Payment.MaxStages))
	}
	if req.NDA {
		if req.NDAPercent == 0 {
			req.NDAPercent = p.Surcharges.NDADefault
		}
		if req.NDAPercent < p.Surcharges.NDAMin || req.NDAPercent > p.Surcharges.NDAMax {
			return invalid("an NDA surcharge of %s %% is outside your policy's range %s–%s %% (P4)",
				money.FormatDecimal(req.NDAPercent, 2), money.FormatDecimal(p.Surcharges.NDAMin, 2), money.FormatDecimal(p.Surcharges.NDAMax, 2))
		}
	} else if req.NDAPercent != 0 {
		return invalid("an NDA surcharge without --nda: add --nda, or drop the percentage")
	}
	if req.Discount != 0 || req.DiscountReason != "" {
		switch {
		case req.DiscountReason == "future_volume":
			return invalid("no discount for promised future volume: it is not a concession (P4); trade a discount for a longer deadline or a smaller scope instead")
		case req.DiscountReason == "":
			return invalid("a discount needs a reason: one of %s (M10)", strings.Join(allowedReasons(p), ", "))
		}
		max, ok := p.Discounts.Allowed[req.DiscountReason]
		if !ok {
			return invalid("discount reason %q is not allowed by your policy; allowed: %s (M10)", req.DiscountReason, strings.Join(allowedReasons(p), ", "))
		}
		if req.Discount <= 0 {
			return invalid("the discount must be more than 0 %%")
		}
		if req.Discount > max {
			return invalid("a %s %% discount for %s is over your policy's %s %% (M10)", money.FormatDecimal(req.Discount, 2), req.DiscountReason, money.FormatDecimal(max, 2))
		}
	}
	if !req.RushTo.IsZero() && req.RushTo.Before(req.Start) {
		return invalid("the deadline %s is before the start %s", req.RushTo.Format("2006-01-02"), req.Start.Format("2006-01-02"))
	}
	return nil
}

func firstID(p *Policy) string {
	if len(p.Services) > 0 {
		return p.Services[0].ID
	}
	return "SERVICE"
}

func allowedReasons(p *Policy) []string {
	var out []string
	for _, r := range DiscountReasons {
		if _, ok := p.Discounts.Allowed[r]; ok {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return []string{"none (add [[discounts.reasons]] to the policy)"}
	}
	return out
}

// compute prices one variant of the request.
func compute(p *Policy, req Request, variant string) (*Quote, error) {
	cur := p.Currency
	q := &Quote{Currency: cur, ClientKind: req.ClientKind, Variant: variant, Start: req.Start,
		Subtotal: money.Zero(cur), Total: money.Zero(cur)}
	overflow := func(err error) error {
		return invalid("the amounts are too large to quote (over %s %s); check the quantities and rates: %w",
			money.FormatDecimal(money.Limit, cur.Digits), cur.Code, err)
	}
	work := money.Zero(cur)  // the price of the work, after repeats, reduced scope and discount
	floor := money.Zero(cur) // the least the policy accepts for this work
	var workMilli int64      // thousandths of working days
	minLead, leadService := 0, ""
	reducedAny := false
	for _, lr := range req.Lines {
		s, _ := p.Service(lr.Service)
		amount, err := s.Rate.MulFrac(lr.Quantity, 1000)
		if err != nil {
			return nil, overflow(err)
		}
		line := Line{Service: s, Quantity: lr.Quantity, Amount: amount, Repeat: lr.Repeat,
			Included: s.Included, Excluded: s.Excluded, Revisions: s.Revisions}
		// Each cut is the difference of two rounded prices, so that the line,
		// its cuts and the total agree to the minor unit.
		share, lineWork := int64(10000), amount // hundredths of a percent of the full price and time
		if lr.Repeat {
			share = p.Discounts.RepeatPercent
			after, err := amount.MulFrac(share, 10000)
			if err != nil {
				return nil, overflow(err)
			}
			cut, _ := after.Sub(lineWork)
			lineWork = after
			q.Modifiers = append(q.Modifiers, Modifier{Kind: "repeat_structure", Service: s.ID, Percent: p.Discounts.RepeatPercent - 10000, Amount: cut})
		}
		if variant == "reduced" && s.Reduced != nil {
			reducedAny = true
			share = share * s.Reduced.Percent / 10000
			after, err := amount.MulFrac(share, 10000)
			if err != nil {
				return nil, overflow(err)
			}
			cut, _ := after.Sub(lineWork)
			lineWork = after
			q.Modifiers = append(q.Modifiers, Modifier{Kind: "reduced_scope", Service: s.ID, Reason: strings.Join(s.Reduced.Drop, ", "),
				Percent: s.Reduced.Percent - 10000, Amount: cut})
			line.Included = without(s.Included, s.Reduced.Drop)
			line.Excluded = append(slices.Clone(s.Reduced.Drop), s.Excluded...)
		}
		if work, err = work.Add(lineWork); err != nil {
			return nil, overflow(err)
		}
		lineFloor, err := s.Floor.MulFrac(lr.Quantity, 1000)
		if err != nil {
			return nil, overflow(err)
		}
		if floor, err = floor.Add(lineFloor); err != nil {
			return nil, overflow(err)
		}
		if q.Subtotal, err = q.Subtotal.Add(amount); err != nil {
			return nil, overflow(err)
		}
		days, err := money.MulDivRound(lr.Quantity, s.DaysPerUnit*share/10000, 1000)
		if err != nil || days > 3650_000 {
			return nil, invalid("%s × %s is more than ten years of work; split the job", s.ID, money.FormatDecimal(lr.Quantity, 3))
		}
		workMilli += days
		if s.MinLeadDays > minLead {
			minLead, leadService = s.MinLeadDays, s.Name
		}
		q.Lines = append(q.Lines, line)
	}
	if variant == "reduced" && !reducedAny {
		return nil, &skipError{"no service on this quote has a reduced scope in the policy"}
	}

	// Discount (M10): a percentage of the work, for an allowed reason.
	if req.Discount > 0 {
		cut, err := work.MulFrac(-req.Discount, 10000)
		if err != nil {
			return nil, overflow(err)
		}
		q.Modifiers = append(q.Modifiers, Modifier{Kind: "discount", Reason: req.DiscountReason, Percent: -req.Discount, Amount: cut})
		work, _ = work.Add(cut)
	}
	// The floor (M10): no discount takes the work under it.
	if work.Cmp(floor) < 0 {
		if variant != "full" {
			return nil, &skipError{fmt.Sprintf("it would cost %s %s, under your floor of %s", work, cur.Code, floor)}
		}
		return nil, invalid("this quote would be %s %s for the work, under your floor of %s %s (M10): lower the discount, or drop the repeat or reduced scope",
			work, cur.Code, floor, cur.Code)
	}
	total := work

	// Surcharges (P4): what the client's concessions cost.
	if req.NDA {
		add, err := work.MulFrac(req.NDAPercent, 10000)
		if err != nil {
			return nil, overflow(err)
		}
		q.Modifiers = append(q.Modifiers, Modifier{Kind: "nda", Percent: req.NDAPercent, Amount: add})
		if total, err = total.Add(add); err != nil {
			return nil, overflow(err)
		}
	}

	// Time (M7): work plus buffer, in whole working days, never under the
	// minimum lead time; a longer-deadline discount stretches it.
	workDays := ceilDiv(workMilli, 1000)
	withBuffer := ceilDiv(workMilli*(10000+p.BufferPercent), 1000*10000)
	if req.DiscountReason == "longer_deadline" {
		withBuffer = ceilDiv(withBuffer*(10000+p.Discounts.LongerDeadlineExtra), 10000)
	}
	normal := max(withBuffer, int64(minLead))
	q.BufferDays = int(max(normal-workDays, 0))
	days := normal
	rushTo := req.RushTo
	if variant == "express" {
		if !req.RushTo.IsZero() {
			return nil, &skipError{"the request already has a deadline"}
		}
		if !p.Surcharges.RushAllowed {
			return nil, &skipError{"your policy does not allow rush work (surcharges.rush_allowed)"}
		}
	}
	earliest := max(int64(minLead), ceilDiv(workMilli*(10000-p.Surcharges.RushMaxCompression), 1000*10000))
	if !p.Surcharges.RushAllowed {
		earliest = normal
	}
	normalEnd, ok := p.Calendar.Finish(req.Start, int(normal))
	if !ok {
		return nil, invalid("your calendar has no working day within 20 years of %s; check calendar.working_days and time_off", req.Start.Format("2006-01-02"))
	}
	if variant == "express" {
		if earliest >= normal {
			return nil, &skipError{"the normal schedule is already the shortest honest one"}
		}
		rushTo, _ = p.Calendar.Finish(req.Start, int(earliest))
	}
	q.Delivery = normalEnd
	if !rushTo.IsZero() && rushTo.Before(normalEnd) {
		earliestEnd, _ := p.Calendar.Finish(req.Start, int(earliest))
		if rushTo.Before(earliestEnd) {
			rushErr := &RushError{Requested: rushTo, Earliest: earliestEnd, Days: int(earliest), Service: leadService, Surcharge: money.Zero(cur)}
			if p.Surcharges.RushAllowed && earliest < normal {
				rushErr.Surcharge, _ = work.MulFrac(p.Surcharges.RushPercent, 10000)
			}
			return nil, parley.Errorf(parley.EINVALID, "%w", rushErr)
		}
		last := rushTo // deliver on the last working day by the client's date
		for !p.Calendar.IsWorkingDay(last) {
			last = last.AddDate(0, 0, -1)
		}
		days = int64(p.Calendar.WorkingDays(req.Start, last))
		q.Delivery = last
		q.BufferDays = 0
		add, err := work.MulFrac(p.Surcharges.RushPercent, 10000)
		if err != nil {
			return nil, overflow(err)
		}
		q.Modifiers = append(q.Modifiers, Modifier{Kind: "rush", Percent: p.Surcharges.RushPercent, Amount: add})
		if total, err = total.Add(add); err != nil {
			return nil, overflow(err)
		}
	} else if !rushTo.IsZero() {
		q.Notes = append(q.Notes, Note{Code: "rush_not_needed", Rule: "P5",
			Text: fmt.Sprintf("the normal schedule already delivers by %s, before the asked %s: no rush surcharge", normalEnd.Format("2006-01-02"), rushTo.Format("2006-01-02"))})
	}
	q.WorkDays = int(days)
	q.Total = total

	// Payment (M6): one full prepayment or N staged ones, each due when its
	// stage's work starts.
	stages := max(req.Stages, 1)
	if stages > 1 && q.Total.Cmp(p.Payment.StagedFrom) < 0 && variant != "full" {
		stages = 1 // a smaller option is paid at once rather than dropped
	}
	if stages > 1 && q.Total.Cmp(p.Payment.StagedFrom) < 0 {
		return nil, refuse("stages_from", "stages are offered from %s (payment.staged_from); this quote is %s: quote it with one prepayment",
			p.Payment.StagedFrom.String()+" "+cur.Code, q.Total.String()+" "+cur.Code)
	}
	if int64(stages) > days {
		return nil, invalid("%d stages need at least %d working days; this job takes %d: use fewer stages", stages, stages, days)
	}
	parts, err := q.Total.Split(stages)
	if err != nil {
		return nil, overflow(err)
	}
	for i, amount := range parts {
		from := days * int64(i) / int64(stages)
		to := days*int64(i+1)/int64(stages) - 1
		startDay, _ := p.Calendar.Finish(req.Start, int(from)+1)
		endDay, _ := p.Calendar.Finish(req.Start, int(to)+1)
		q.Schedule = append(q.Schedule, Stage{Number: i + 1, Amount: amount, Due: startDay, WorkStarts: startDay, WorkEnds: endDay})
	}
	refund, err := q.Total.MulFrac(p.Payment.RefundPercent, 10000)
	if err != nil {
		return nil, overflow(err)
	}
	q.Guarantee = Guarantee{RefundPercent: p.Payment.RefundPercent, RefundAmount: refund}
	q.ValidUntil = req.Today.AddDate(0, 0, p.QuoteValidDays)
	return q, nil
}

func ceilDiv(a, b int64) int64 {
	if a <= 0 {
		return 0
	}
	return (a + b - 1) / b
}

func without(items, drop []string) []string {
	var out []string
	for _, it := range items {
		if !slices.Contains(drop, it) {
			out = append(out, it)
		}
	}
	return out
}
