package negotiate

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parley-desk/parley/money"
	"github.com/parley-desk/parley/pricing"
)

// Move kinds. Each answers an ask within the policy; Rules names the
// article's rules it follows.
const (
	KindStaged             = "staged_prepayment"      // P3, M6
	KindAcceptPostpayment  = "accept_postpayment"     // only when prepayment is flexible (P1)
	KindPrepayGuarantee    = "prepay_with_guarantee"  // M6: a job too small to stage
	KindNDASurcharge       = "nda_surcharge"          // P4
	KindKeepPortfolio      = "keep_portfolio"         // NDA is firm (P1)
	KindTradeTime          = "discount_for_time"      // P4, M10
	KindTradeScope         = "discount_for_scope"     // P4, M10
	KindDiscount           = "discount"               // a recorded plain discount (ledger only)
	KindAcceptPrice        = "accept_price"           // a recorded plain acceptance of the client's price
	KindHoldPrice          = "hold_price"             // M9
	KindJustifyValue       = "justify_value"          // M5: a value question
	KindSmallerOption      = "smaller_option"         // M5, B4: a money question
	KindPoliteExit         = "polite_exit"            // M5, W1
	KindFitsBudget         = "fits_budget"            // M5: the budget covers the price
	KindDeadlineFits       = "deadline_fits"          // the date is already met
	KindRushSurcharge      = "rush_surcharge"         // P5 with P4
	KindEarliestDate       = "earliest_date"          // P5
	KindAcceptDeadline     = "accept_deadline"        // ledger only: a shorter deadline given for nothing
	KindPriceNewWork       = "price_new_work"         // R1, P4
	KindPaidRevisions      = "paid_revisions"         // R1
	KindExtraRevisionsFree = "free_revisions"         // ledger only
	KindPaidTest           = "paid_test"              // P4, P6
	KindExplainDifference  = "explain_difference"     // B4, M4, P6
	KindAskWhy             = "ask_why"                // B4
	KindOfferOptions       = "offer_options"          // B4
	KindProceedDisclaimer  = "proceed_with_objection" // B4
	KindFixDefect          = "fix_defect"             // R1, C1
	KindUseRevisionRound   = "use_revision_round"     // R1
	KindPartialRefund      = "partial_refund"         // C1
	KindRefundAndPart      = "refund_and_part"        // C1
	KindNoVolumeDiscount   = "no_discount_for_volume" // P4, M10
	KindKeepDialogue       = "keep_dialogue"          // P7, B2
)

// Move is one thing the freelancer can do about an ask: what it gives and
// gets, and what accepting it changes in the deal.
type Move struct {
	ID      string   `json:"id"`
	Kind    string   `json:"kind"`
	Ask     string   `json:"ask"`
	Rules   []string `json:"rules"`
	Gives   string   `json:"gives"`
	Gets    string   `json:"gets"`
	Summary string   `json:"summary"`
	Score   int      `json:"score"`

	PriceDelta string   `json:"price_delta,omitempty"`
	DaysDelta  int      `json:"days_delta,omitempty"`
	Delivery   string   `json:"delivery,omitempty"`
	Stages     int      `json:"stages,omitempty"`
	NDA        bool     `json:"nda,omitempty"`
	Revisions  int      `json:"revisions,omitempty"`
	Drop       []string `json:"drop,omitempty"`

	data map[string]any // what the reply paragraph needs
}

// situation is what the moves are computed from.
type situation struct {
	deal    *Deal
	policy  *pricing.Policy
	cur     Current
	now     time.Time
	today   time.Time
	asks    []Ask
	history []Message
}

func (s *situation) amount(kind string) (money.Money, bool) {
	for _, a := range s.asks {
		if a.Amount != nil && (kind == "" || a.Code == kind) {
			return *a.Amount, true
		}
	}
	return money.Money{}, false
}

func (s *situation) date() (time.Time, bool) {
	for _, a := range s.asks {
		if a.Date != nil {
			return *a.Date, true
		}
	}
	return time.Time{}, false
}

func (s *situation) has(code string) bool {
	for _, a := range s.asks {
		if a.Code == code {
			return true
		}
	}
	return false
}

// earlier counts the client's earlier messages with an ask.
func (s *situation) earlier(code string) int {
	n := 0
	for _, m := range s.history {
		if m.From == "client" && slices.Contains(m.Asks, code) {
			n++
		}
	}
	return n
}

// request rebuilds the pricing request of the deal's lines, starting no
// earlier than today.
func (s *situation) request() pricing.Request {
	req := pricing.Request{Today: s.today, NDA: s.cur.NDA, Stages: s.cur.Stages}
	if start, err := time.Parse(time.DateOnly, s.deal.Terms.Start); err == nil && start.After(s.today) {
		req.Start = start
	}
	for _, l := range s.deal.Terms.Lines {
		q, err := money.ParseFixed(l.Quantity, 3)
		if err != nil {
			continue
		}
		req.Lines = append(req.Lines, pricing.LineRequest{Service: l.Service, Quantity: q})
	}
	if req.Stages < 2 {
		req.Stages = 0
	}
	return req
}

// moves lists every move the policy allows for the asks, ranked best
// first. No move gives up a firm term (P1).
func (s *situation) moves() []Move {
	var out []Move
	add := func(m Move) {
		out = append(out, m)
	}
	p := s.policy
	firm := p.Firm
	total := s.cur.Total
	cur := total.Currency
	pct := func(h int64) string { return money.FormatDecimal(h, 2) + " %" }

	for _, ask := range s.asks {
		switch ask.Code {
		case AskPostpayment:
			if total.Cmp(p.Payment.StagedFrom) < 0 || p.Payment.MaxStages < 2 {
				// Too small to stage (payment.staged_from): keep full
				// prepayment and make it safe with the guarantee (M6, P3).
				refund := mustFrac(total, p.Payment.RefundPercent)
				add(Move{Kind: KindPrepayGuarantee, Ask: ask.Code, Rules: []string{"P3", "M6", "P5"}, Score: 100,
					Gets: "full prepayment kept", Summary: fmt.Sprintf("keep full prepayment of %s %s; the guarantee refunds %s %s if the deadline is missed", total, cur.Code, refund, cur.Code),
					data: map[string]any{"Total": total, "Refund": p.Payment.RefundPercent, "RefundAmount": refund}})
			} else {
				n := p.Payment.MaxStages
				parts, _ := total.Split(n)
				add(Move{Kind: KindStaged, Ask: ask.Code, Rules: []string{"P3", "M6", "P5"}, Score: 100,
					Gives: "payment in " + strconv.Itoa(n) + " prepaid stages", Gets: "full prepayment of every stage kept",
					Summary: "split into " + strconv.Itoa(n) + " stages of about " + amt(parts[0]) + ", each prepaid, delivered and accepted before the next",
					Stages:  n, data: map[string]any{"Stages": n, "Parts": parts, "Total": total, "Refund": p.Payment.RefundPercent, "RefundAmount": mustFrac(total, p.Payment.RefundPercent)}})
			}
			if !firm["prepayment"] {
				add(Move{Kind: KindAcceptPostpayment, Ask: ask.Code, Rules: []string{"P1"}, Score: 10,
					Gives: "payment after delivery", Summary: "accept payment after delivery (prepayment is flexible in your policy)"})
			}
		case AskNDA:
			if s.cur.NDA {
				continue
			}
			if firm["nda"] {
				add(Move{Kind: KindKeepPortfolio, Ask: ask.Code, Rules: []string{"P1", "P5"}, Score: 80,
					Summary: "keep the right to show the work; offer to show it without the client's name"})
				continue
			}
			work := total
			add(Move{Kind: KindNDASurcharge, Ask: ask.Code, Rules: []string{"P4"}, Score: 100,
				Gives: "no portfolio use (NDA)", Gets: fmt.Sprintf("+%s surcharge (%s %s)", pct(p.Surcharges.NDADefault), mustFrac(work, p.Surcharges.NDADefault), cur.Code),
				Summary:    fmt.Sprintf("sign the NDA for +%s: %s %s in total", pct(p.Surcharges.NDADefault), mustAdd(total, mustFrac(work, p.Surcharges.NDADefault)), cur.Code),
				PriceDelta: mustFrac(work, p.Surcharges.NDADefault).String(), NDA: true,
				data: map[string]any{"Percent": p.Surcharges.NDADefault, "Surcharge": mustFrac(work, p.Surcharges.NDADefault), "Total": mustAdd(total, mustFrac(work, p.Surcharges.NDADefault))}})
		case AskDiscount, AskLowerPrice, AskBudget, AskCompetitor, AskFutureVolume:
			out = append(out, s.priceMoves(ask)...)
		case AskFaster:
			out = append(out, s.deadlineMoves(ask)...)
		case AskScope:
			add(s.newWorkMove(ask, 90))
		case AskRevisions:
			add(Move{Kind: KindPaidRevisions, Ask: ask.Code, Rules: []string{"R1", "P4"}, Score: 92,
				Gets:    "extra rounds paid as new work",
				Summary: fmt.Sprintf("%d rounds are included; more are priced as new work", s.cur.Revisions),
				data:    map[string]any{"Included": s.cur.Revisions, "Rate": hourlyRate(p)}})
		case AskFreeSample:
			add(Move{Kind: KindPaidTest, Ask: ask.Code, Rules: []string{"P4", "P6"}, Score: 90,
				Summary: "no free test: show related cases, offer a small paid test at the usual rate",
				data:    map[string]any{"Cases": s.cases()}})
		case AskDisagree:
			out = append(out, s.disagreeMoves(ask)...)
		case AskComplaint, AskRefund, AskNewRequirement:
			if ask.Code == AskNewRequirement && !s.has(AskComplaint) {
				add(s.newWorkMove(ask, 85))
				continue
			}
			if ask.Code != AskComplaint && s.has(AskComplaint) {
				continue // answered with the complaint
			}
			out = append(out, s.complaintMoves(ask)...)
		}
	}
	if len(s.asks) == 0 {
		add(Move{Kind: KindKeepDialogue, Rules: []string{"P7", "B2"}, Score: 50,
			Summary: "answer and ask the next question, so the conversation does not stall"})
	}
	// Rank: best first; ids are the kinds, numbered when repeated.
	slices.SortStableFunc(out, func(a, b Move) int { return b.Score - a.Score })
	seen := map[string]int{}
	var ranked []Move
	for _, m := range out {
		if seen[m.Kind] > 0 && m.Kind != KindPriceNewWork {
			continue
		}
		seen[m.Kind]++
		m.ID = m.Kind
		if seen[m.Kind] > 1 {
			m.ID = fmt.Sprintf("%s-%d", m.Kind, seen[m.Kind])
		}
		ranked = append(ranked, m)
	}
	return ranked
}

// amt writes an amount with its currency code for the freelancer: "4500.00 EUR".
func amt(m money.Money) string { return m.String() + " " + m.Currency.Code }

func mustFrac(m money.Money, hundredths int64) money.Money {
	v, _ := m.MulFrac(hundredths, 10000)
	return v
}

func mustAdd(a, b money.Money) money.Money {
	v, _ := a.Add(b)
	return v
}

func mustSub(a, b money.Money) money.Money {
	v, _ := a.Sub(b)
	return v
}

// hourlyRate is the rate of the policy's hourly service, if it has one.
func hourlyRate(p *pricing.Policy) *money.Money {
	for _, s := range p.Services {
		if s.Unit == "hour" {
			r := s.Rate
			return &r
		}
	}
	return nil
}

// cases are the case studies of the deal's services (P6).
func (s *situation) cases() []pricing.Case {
	var out []pricing.Case
	for _, l := range s.deal.Terms.Lines {
		if sv, ok := s.policy.Service(l.Service); ok {
			out = append(out, sv.Cases...)
		}
	}
	if len(out) > 2 {
		out = out[:2]
	}
	return out
}

// priceMoves answer a discount, a named price, a budget, a competitor's
// price or a volume promise (P4, M5, M9, M10).
func (s *situation) priceMoves(ask Ask) []Move {
	p := s.policy
	total, floor := s.cur.Total, s.cur.Floor
	cur := total.Currency
	var out []Move
	data := map[string]any{"Total": total, "Cases": s.cases(), "Included": s.included()}
	offered, hasFigure := s.amount(AskLowerPrice)
	if !hasFigure {
		offered, hasFigure = s.amount(AskBudget)
	}
	if hasFigure && offered.Currency.Code != cur.Code {
		hasFigure = false // a figure in another currency: no arithmetic across currencies
	}
	if ask.Code == AskFutureVolume {
		out = append(out, Move{Kind: KindNoVolumeDiscount, Ask: ask.Code, Rules: []string{"P4", "M10"}, Score: 95,
			Summary: fmt.Sprintf("no discount now for future orders; repeats of the same structure will cost %s of the first", money.FormatDecimal(p.Discounts.RepeatPercent, 2)+" %"),
			data:    map[string]any{"Repeat": p.Discounts.RepeatPercent, "Total": total}})
	}
	if hasFigure {
		data["Offered"] = offered
		if offered.Cmp(total) >= 0 {
			return append(out, Move{Kind: KindFitsBudget, Ask: ask.Code, Rules: []string{"M5"}, Score: 100,
				Summary: fmt.Sprintf("the client's %s %s covers the price of %s %s", offered, cur.Code, total, cur.Code), data: data})
		}
		// M5: quote ÷ budget. Up to 2.5 the author often won the price by
		// showing the value; beyond it the gap is money, not understanding.
		ratio := float64(total.Minor) / float64(max(offered.Minor, 1))
		data["Ratio"] = strconv.FormatFloat(ratio, 'f', 1, 64)
		if ratio <= 2.5 {
			out = append(out, Move{Kind: KindJustifyValue, Ask: ask.Code, Rules: []string{"M5", "P6", "M3"}, Score: 90,
				Summary: "the gap is " + data["Ratio"].(string) + "×: show the value (cases, what is included) and hold " + amt(total), data: data})
		}
		if m, ok := s.scopeTrade(ask, offered); ok {
			m.Score = 85
			out = append(out, m)
		}
		if m, ok := s.timeTrade(ask, offered); ok {
			m.Score = 80
			if price := m.data["Price"].(money.Money); price.Cmp(offered) <= 0 {
				m.Score = 95 // the trade meets the client's figure: the best answer (M10)
			}
			out = append(out, m)
		}
		if ratio > 2.5 {
			out = append(out, Move{Kind: KindPoliteExit, Ask: ask.Code, Rules: []string{"M5", "W1"}, Score: 70,
				Summary: fmt.Sprintf("the gap is %.1f×: a money question; part politely and leave the door open", ratio), data: data})
		}
		if offered.Cmp(floor) < 0 {
			data["Floor"] = floor
		}
		return out
	}
	out = append(out, Move{Kind: KindHoldPrice, Ask: ask.Code, Rules: []string{"M9", "P6", "M3"}, Score: 90,
		Summary: "hold " + amt(total) + ": explain what it includes and why a discount does not pay off, without apologising", data: data})
	if ask.Code == AskCompetitor {
		out = append(out, Move{Kind: KindExplainDifference, Ask: ask.Code, Rules: []string{"B4", "M4", "P6"}, Score: 92,
			Summary: "explain how your price is made and what the cheaper offer leaves out; show cases; offer the options", data: data})
	}
	if m, ok := s.timeTrade(ask, money.Money{}); ok {
		m.Score = 85
		out = append(out, m)
	}
	if m, ok := s.scopeTrade(ask, money.Money{}); ok {
		m.Score = 80
		out = append(out, m)
	}
	return out
}

func (s *situation) included() []string {
	var out []string
	for _, l := range s.deal.Terms.Lines {
		out = append(out, l.Included...)
	}
	return out
}

// timeTrade is a discount for a longer deadline, as large as the policy
// allows (or as the client's figure needs), never under the floor (M10).
func (s *situation) timeTrade(ask Ask, target money.Money) (Move, bool) {
	p := s.policy
	max, ok := p.Discounts.Allowed["longer_deadline"]
	if !ok || p.Firm["discounts"] {
		return Move{}, false
	}
	total := s.cur.Total
	cut := mustFrac(total, max)
	if target.Currency.Code != "" && target.Cmp(mustSub(total, cut)) > 0 {
		cut = mustSub(total, target) // the client's figure needs less than the maximum
	}
	after := mustSub(total, cut)
	if after.Cmp(s.cur.Floor) < 0 || cut.IsZero() {
		return Move{}, false
	}
	days := int(ceil(int64(s.deal.Terms.WorkDays)*p.Discounts.LongerDeadlineExtra, 10000))
	delivery := s.addWorkingDays(s.cur.Delivery, days)
	return Move{Kind: KindTradeTime, Ask: ask.Code, Rules: []string{"P4", "M10"},
		Gives: "-" + amt(cut), Gets: strconv.Itoa(days) + " more working days (delivery " + delivery.Format(time.DateOnly) + ")",
		Summary:    amt(after) + " if the deadline moves to " + delivery.Format(time.DateOnly),
		PriceDelta: cut.Neg().String(), DaysDelta: days, Delivery: delivery.Format(time.DateOnly),
		data: map[string]any{"Price": after, "Before": total, "Cut": cut, "Delivery": delivery, "Days": days}}, true
}

// scopeTrade is the reduced scope of the deal's services: less work for
// less money (M10).
func (s *situation) scopeTrade(ask Ask, target money.Money) (Move, bool) {
	if s.policy.Firm["discounts"] {
		return Move{}, false
	}
	total := s.cur.Total
	cut := money.Zero(total.Currency)
	var drop []string
	for _, l := range s.deal.Terms.Lines {
		sv, ok := s.policy.Service(l.Service)
		if !ok || sv.Reduced == nil {
			continue
		}
		amount, err := money.Parse(l.Amount, total.Currency)
		if err != nil {
			continue
		}
		cut = mustAdd(cut, mustFrac(amount, 10000-sv.Reduced.Percent))
		drop = append(drop, sv.Reduced.Drop...)
	}
	if cut.IsZero() || len(drop) == 0 {
		return Move{}, false
	}
	after := mustSub(total, cut)
	if after.Cmp(s.cur.Floor) < 0 {
		return Move{}, false
	}
	return Move{Kind: KindTradeScope, Ask: ask.Code, Rules: []string{"P4", "M10", "B4"},
		Gives: "-" + amt(cut), Gets: "less work: without " + strings.Join(drop, ", "),
		Summary:    amt(after) + " without " + strings.Join(drop, ", "),
		PriceDelta: cut.Neg().String(), Drop: drop,
		data: map[string]any{"Price": after, "Cut": cut, "Drop": drop}}, true
}

func ceil(a, b int64) int64 {
	if a <= 0 {
		return 0
	}
	return (a + b - 1) / b
}

func (s *situation) addWorkingDays(from time.Time, n int) time.Time {
	d := from
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if s.policy.Calendar.IsWorkingDay(d) {
			n--
		}
	}
	return d
}

// deadlineMoves answer a date or a "faster" (P5).
func (s *situation) deadlineMoves(ask Ask) []Move {
	p := s.policy
	want, dated := s.date()
	if !dated {
		// "faster" without a date: the earliest honest date is the offer.
		want = s.today
	}
	if dated && !want.Before(s.cur.Delivery) {
		return []Move{{Kind: KindDeadlineFits, Ask: ask.Code, Rules: []string{"P5"}, Score: 100,
			Summary: fmt.Sprintf("the delivery %s already meets %s", s.cur.Delivery.Format("2006-01-02"), want.Format("2006-01-02")),
			data:    map[string]any{"Delivery": s.cur.Delivery, "Wanted": want}}}
	}
	req := s.request()
	req.RushTo = want
	if p.Firm["deadline"] {
		req.RushTo = time.Time{}
	}
	q, err := pricing.Compute(p, req)
	var rush *pricing.RushError
	switch {
	case errors.As(err, &rush):
		data := map[string]any{"Wanted": wanted(want, dated), "Earliest": rush.Earliest, "Days": rush.Days, "Delivery": s.cur.Delivery, "Surcharge": nil}
		m := Move{Kind: KindEarliestDate, Ask: ask.Code, Rules: []string{"P5"}, Score: 100,
			Summary: want.Format(time.DateOnly) + " is too early for good work; the earliest honest date is " + rush.Earliest.Format(time.DateOnly), data: data}
		// The earliest date costs the rush surcharge when it is shorter than
		// the normal schedule and the policy offers rush work.
		if add := rush.Surcharge; !add.IsZero() && !p.Firm["deadline"] {
			m.PriceDelta, m.Gets = add.String(), "+"+amt(add)+" rush surcharge"
			m.Gives = "a shorter schedule"
			m.DaysDelta = -s.workingDaysBetween(rush.Earliest, s.cur.Delivery)
			m.Delivery = rush.Earliest.Format(time.DateOnly)
			data["Surcharge"], data["Total"] = add, mustAdd(s.cur.Total, add)
		}
		return []Move{m}
	case err != nil || p.Firm["deadline"]:
		return []Move{{Kind: KindEarliestDate, Ask: ask.Code, Rules: []string{"P5", "P1"}, Score: 90,
			Summary: fmt.Sprintf("hold the schedule: delivery %s", s.cur.Delivery.Format("2006-01-02")),
			data:    map[string]any{"Wanted": wanted(want, dated), "Earliest": s.cur.Delivery, "Days": s.deal.Terms.WorkDays, "Delivery": s.cur.Delivery, "Surcharge": nil}}}
	}
	add := rushAmount(q)
	return []Move{{Kind: KindRushSurcharge, Ask: ask.Code, Rules: []string{"P5", "P4"}, Score: 100,
		Gives: "a shorter schedule", Gets: fmt.Sprintf("+%s %s rush surcharge", add, add.Currency.Code),
		Summary:    fmt.Sprintf("deliver by %s for +%s %s", q.Delivery.Format("2006-01-02"), add, add.Currency.Code),
		PriceDelta: add.String(), DaysDelta: -s.workingDaysBetween(q.Delivery, s.cur.Delivery), Delivery: q.Delivery.Format(time.DateOnly),
		data: map[string]any{"Wanted": want, "Delivery": q.Delivery, "Surcharge": add, "Total": mustAdd(s.cur.Total, add), "Percent": p.Surcharges.RushPercent}}}
}

// wanted is the client's date for a template, or nil when they named none
// ("as soon as possible"): the wording then speaks of "sooner".
func wanted(d time.Time, dated bool) any {
	if !dated {
		return nil
	}
	return d
}

func rushAmount(q *pricing.Quote) money.Money {
	for _, m := range q.Modifiers {
		if m.Kind == "rush" {
			return m.Amount
		}
	}
	return money.Zero(q.Currency)
}

func (s *situation) workingDaysBetween(a, b time.Time) int {
	n := 0
	for d := a.AddDate(0, 0, 1); !d.After(b); d = d.AddDate(0, 0, 1) {
		if s.policy.Calendar.IsWorkingDay(d) {
			n++
		}
	}
	return n
}

// newWorkMove prices added work separately (R1, P4).
func (s *situation) newWorkMove(ask Ask, score int) Move {
	var rates []map[string]any
	for _, sv := range s.policy.Services {
		rates = append(rates, map[string]any{"Name": sv.Name, "Rate": sv.Rate, "Unit": sv.Unit})
	}
	return Move{Kind: KindPriceNewWork, Ask: ask.Code, Rules: []string{"R1", "P4", "M3"}, Score: score,
		Gets:    "the addition is priced as new work",
		Summary: "the addition is outside the agreed scope: quote it separately before doing it",
		data:    map[string]any{"Included": s.included(), "Rates": rates}}
}

// disagreeMoves follow B4: ask why, argue with cases, offer options; when
// the client insists, proceed with the objection on record.
func (s *situation) disagreeMoves(ask Ask) []Move {
	data := map[string]any{"Cases": s.cases()}
	if s.earlier(AskDisagree) == 0 {
		return []Move{
			{Kind: KindAskWhy, Ask: ask.Code, Rules: []string{"B4", "P7"}, Score: 95, Summary: "ask why the client decided so, and what result they expect", data: data},
			{Kind: KindOfferOptions, Ask: ask.Code, Rules: []string{"B4", "P6"}, Score: 85, Summary: "explain the recommendation with cases and offer both ways as options", data: data},
		}
	}
	return []Move{
		{Kind: KindProceedDisclaimer, Ask: ask.Code, Rules: []string{"B4", "C2"}, Score: 95,
			Summary: "do it the client's way, with your objection and a disclaimer confirmed in writing", data: data},
		{Kind: KindOfferOptions, Ask: ask.Code, Rules: []string{"B4", "P6"}, Score: 80, Summary: "offer both ways once more as options", data: data},
		{Kind: KindPoliteExit, Ask: ask.Code, Rules: []string{"B4", "W1"}, Score: 60, Summary: "if the choice harms the result you answer for, decline politely", data: data},
	}
}

// complaintMoves tell a defect from new work (R1) and follow the dispute
// steps of C1: find out what exactly does not suit, fix a defect free, price
// new work, use a revision round for a change of taste; refund and part when
// the client will not be satisfied.
func (s *situation) complaintMoves(ask Ask) []Move {
	data := map[string]any{"Included": s.included(), "Rounds": s.cur.Revisions - s.roundsUsed(), "Total": s.cur.Total,
		"Refund": mustFrac(s.cur.Total, s.policy.Payment.RefundPercent), "RefundPercent": s.policy.Payment.RefundPercent}
	var out []Move
	newWork := s.has(AskNewRequirement) || s.has(AskScope)
	if newWork {
		m := s.newWorkMove(ask, 95)
		out = append(out, m)
	} else {
		out = append(out, Move{Kind: KindFixDefect, Ask: ask.Code, Rules: []string{"R1", "C1"}, Score: 95,
			Summary: "the work misses what was agreed: admit it, fix it free, and do not count it as a revision round", data: data})
		if s.cur.Revisions-s.roundsUsed() > 0 {
			out = append(out, Move{Kind: KindUseRevisionRound, Ask: ask.Code, Rules: []string{"R1"}, Score: 70,
				Revisions: 0, Summary: fmt.Sprintf("if it is a change of taste, not a defect: use one of the %d rounds left", s.cur.Revisions-s.roundsUsed()), data: data})
		}
	}
	if s.has(AskRefund) || s.earlier(AskComplaint) >= 2 {
		refund := mustFrac(s.cur.Total, s.policy.Payment.RefundPercent)
		out = append(out,
			Move{Kind: KindPartialRefund, Ask: ask.Code, Rules: []string{"C1"}, Score: 75,
				Gives: fmt.Sprintf("a refund of %s %s", refund, refund.Currency.Code), Gets: "the dispute closed",
				PriceDelta: refund.Neg().String(),
				Summary:    fmt.Sprintf("offer a partial refund of %s %s and close", refund, refund.Currency.Code), data: data},
			Move{Kind: KindRefundAndPart, Ask: ask.Code, Rules: []string{"C1", "W1"}, Score: 60,
				Gives: fmt.Sprintf("a full refund of %s %s", s.cur.Total, s.cur.Total.Currency.Code), Gets: "parting on good terms",
				PriceDelta: s.cur.Total.Neg().String(),
				Summary:    "when you are right and the client will not listen: refund and part politely", data: data})
	}
	return out
}

// roundsUsed counts revision rounds used: client messages that asked for
// changes and were answered with a revision round.
func (s *situation) roundsUsed() int {
	n := 0
	for _, e := range s.deal.Ledger {
		if e.Kind == KindUseRevisionRound {
			n++
		}
	}
	return n
}
