package negotiate

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/locale"
	"github.com/parley-desk/parley/money"
	"github.com/parley-desk/parley/pricing"
	"github.com/parley-desk/parley/screen"
	"github.com/parley-desk/parley/wording"
)

// Assistant holds the compiled detector and wording. Build it once with
// New; it is safe for concurrent use.
type Assistant struct {
	detect *screen.Screener
	text   map[string]*wording.Catalog
	// closing is each language's last paragraph of a reply: it takes no
	// data, so it is rendered once.
	closing map[string]string
	words   map[string]*words
}

// New compiles the asks detector (the screening lexicons plus asks/*.rules)
// and the reply wording of every language.
func New() (*Assistant, error) {
	det, err := newDetector()
	if err != nil {
		return nil, err
	}
	a := &Assistant{detect: det, text: map[string]*wording.Catalog{}, words: map[string]*words{}, closing: map[string]string{}}
	for _, lang := range locale.Languages {
		c, err := wording.Load(data, "text/"+lang+".toml", lang, requiredText)
		if err != nil {
			return nil, fmt.Errorf("negotiate: %w", err)
		}
		a.text[lang], a.words[lang], a.closing[lang] = c, loadWords(c), c.T("closing", nil)
	}
	return a, nil
}

// Ask is one thing the client asks for, with the words that show it and
// the amount or date it names.
type Ask struct {
	Code    string       `json:"code"`
	Quote   string       `json:"quote"`
	Start   int          `json:"start"`
	End     int          `json:"end"`
	Amount  *money.Money `json:"-"`
	Percent int64        `json:"-"`
	Date    *time.Time   `json:"-"`
}

// Analysis is the answer to a client's message.
type Analysis struct {
	Language  string
	Foreign   bool // the message is not in the client's language
	Asks      []Ask
	Flags     []screen.Flag // red flags in the message (manipulation, devaluing …)
	Mentions  []Mention
	Moves     []Move // ranked, best first
	Reply     string
	WhoseMove string
	Waiting   time.Duration
	Current   Current
	Warnings  []Warning
}

// MaxMessageBytes bounds one client message.
const MaxMessageBytes = screen.MaxInquiryBytes

// asks finds the asks of a message and the language it is in.
func (a *Assistant) asks(text, lang string) ([]Ask, screen.Result, error) {
	asks, res, toks, err := a.asksTokens(text, lang, "")
	a.detect.ReleaseTokens(toks)
	return asks, res, err
}

// asksTokens detects in lang (empty: each sentence's own), taking prefer
// for a text that shows no language of its own.
func (a *Assistant) asksTokens(text, lang, prefer string) ([]Ask, screen.Result, []screen.Token, error) {
	res, toks, err := a.detect.DetectTokens(text, screen.Options{Language: lang, Prefer: prefer})
	if err != nil {
		return nil, res, nil, err
	}
	var out []Ask
	seen := map[string]bool{}
	for _, f := range res.Flags {
		code, ok := askOf[f.Code]
		if !ok || seen[code] {
			continue
		}
		seen[code] = true
		ask := Ask{Code: code}
		if len(f.Evidence) > 0 {
			ask.Quote, ask.Start, ask.End = f.Evidence[0].Quote, f.Evidence[0].Start, f.Evidence[0].End
		}
		out = append(out, ask)
	}
	return out, res, toks, nil
}

// Analyze reads the client's new message against the deal and the policy:
// the asks with their amounts and dates, the moves ranked best first, a
// reply draft in the client's language that combines the best move for
// each ask, whose move it is, and the ledger's warnings. It changes
// nothing; the shell records the message and the pending moves.
func (a *Assistant) Analyze(deal *Deal, policy *pricing.Policy, message string, now time.Time) (*Analysis, error) {
	if err := deal.Check(); err != nil {
		return nil, err
	}
	if deal.Terms.Currency != policy.Currency.Code {
		return nil, parley.Errorf(parley.EINVALID, "the deal is in %s but the policy in %s; use the policy the deal was quoted with", deal.Terms.Currency, policy.Currency.Code)
	}
	asks, res, toks, err := a.asksTokens(message, "", deal.Client.Language)
	if err != nil {
		return nil, err
	}
	// A defect is read by ClassifyChange; in a negotiation it is a complaint.
	asks = slices.DeleteFunc(asks, func(a Ask) bool { return a.Code == AskDefect })
	an := &Analysis{Language: res.Language, Current: deal.Current()}
	an.Foreign = res.Language != deal.Client.Language
	for _, f := range res.Flags {
		if f.Severity != screen.SeverityAsk {
			if _, isAsk := askOf[f.Code]; !isAsk || f.Code == "volume_bait" {
				an.Flags = append(an.Flags, f)
			}
		}
	}
	// Amounts and dates, read with the words of the message's language.
	an.Mentions = extract(message, toks, a.words[res.Language], now, policy.Currency)
	a.detect.ReleaseTokens(toks) // the mentions keep offsets, not tokens
	for i := range an.Mentions {
		if m := &an.Mentions[i]; m.WorkDays > 0 {
			m.Date, _ = policy.Calendar.Finish(pricing.Day(now).AddDate(0, 0, 1), m.WorkDays)
		}
	}
	attach(asks, an.Mentions)
	an.Asks = merge(asks)
	s := &situation{deal: deal, policy: policy, cur: an.Current, now: now, today: pricing.Day(now), asks: asks, history: deal.History}
	an.Moves = s.moves()
	an.Reply = a.reply(deal, s, an)
	an.WhoseMove = "me" // the client has just written (P7)
	an.Warnings = deal.ledgerWarnings(an.Current, policy.Firm)
	if an.Foreign {
		an.Warnings = append(an.Warnings, Warning{Code: "other_language", Rule: "P9",
			Text: fmt.Sprintf("the message is in %s, the client's language is %s: the reply is drafted in %s", res.Language, deal.Client.Language, deal.Client.Language)})
	}
	for _, f := range an.Flags {
		an.Warnings = append(an.Warnings, Warning{Code: f.Code, Rule: "P8", Text: f.Explanation})
	}
	return an, nil
}

// merge drops an ask another one says more precisely: a named price or a
// budget is the discount request, with its figure.
func merge(asks []Ask) []Ask {
	has := func(code string) bool {
		return slices.ContainsFunc(asks, func(a Ask) bool { return a.Code == code && a.Amount != nil })
	}
	if !has(AskLowerPrice) && !has(AskBudget) {
		return asks
	}
	return slices.DeleteFunc(asks, func(a Ask) bool { return a.Code == AskDiscount })
}

// attach gives each ask the amount, percentage or date nearest to its
// words: a named price or budget takes an amount, a deadline a date.
func attach(asks []Ask, mentions []Mention) {
	for i := range asks {
		a := &asks[i]
		want := ""
		switch a.Code {
		case AskLowerPrice, AskBudget, AskCompetitor:
			want = "amount"
		case AskFaster:
			want = "date"
		case AskDiscount:
			want = "percent"
		default:
			continue
		}
		best, dist := -1, 1<<30
		for j, m := range mentions {
			if m.Kind != want && !(a.Code == AskDiscount && m.Kind == "amount") {
				continue
			}
			d := 0
			switch {
			case m.End <= a.Start:
				d = a.Start - m.End
			case m.Start >= a.End:
				d = m.Start - a.End
			}
			if d < dist {
				best, dist = j, d
			}
		}
		if best < 0 {
			continue
		}
		m := mentions[best]
		switch m.Kind {
		case "amount":
			v := m.Amount
			a.Amount = &v
		case "percent":
			a.Percent = m.Percent
		case "date":
			v := m.Date
			a.Date = &v
		}
	}
}

// reply drafts one answer in the client's language: a greeting, for each
// ask the best move's paragraph (acknowledge, reason, offer: P5), and a
// closing that keeps the dialogue going (P7).
func (a *Assistant) reply(deal *Deal, s *situation, an *Analysis) string {
	lang := deal.Client.Language
	c := a.text[lang]
	var paras []string
	paras = append(paras, c.T("greeting", map[string]any{"Name": firstName(deal.Client.Name)}))
	done := map[string]bool{}
	for _, ask := range an.Asks {
		for _, m := range an.Moves {
			if m.Ask != ask.Code || done[m.Kind] {
				continue
			}
			done[m.Kind] = true
			key := "move_" + m.Kind
			if c.Has(key) {
				paras = append(paras, c.T(key, m.data))
			}
			break
		}
	}
	if len(an.Asks) == 0 {
		paras = append(paras, c.T("move_keep_dialogue", map[string]any{"Questions": s.questions()}))
	}
	paras = append(paras, a.closing[lang])
	return tidy(strings.Join(paras, "\n\n"))
}

// questions are the brief's questions of the deal's services (B2).
func (s *situation) questions() []string {
	var out []string
	for _, l := range s.deal.Terms.Lines {
		if sv, ok := s.policy.Service(l.Service); ok {
			out = append(out, sv.Questions...)
		}
	}
	if len(out) > 3 {
		out = out[:3]
	}
	return out
}

func firstName(name string) string {
	f := strings.Fields(name)
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// tidy joins the lines of each paragraph and trims blank runs, so that
// templates can be written readably. A line starting "- " is a list item
// and keeps its own line, as does the line right after one.
func tidy(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for p := range strings.SplitSeq(s, "\n\n") {
		started, lastItem := false, false
		for l := range strings.SplitSeq(p, "\n") {
			l = strings.TrimSpace(l)
			if l == "" {
				continue
			}
			item := strings.HasPrefix(l, "- ")
			switch {
			case !started:
				if b.Len() > 0 {
					b.WriteString("\n\n")
				}
				started, lastItem = true, item
			case item || lastItem:
				b.WriteByte('\n')
				lastItem = item
			default:
				b.WriteByte(' ')
			}
			b.WriteString(l)
		}
	}
	return b.String()
}

// Accept records a pending move: the ledger gets what was given and what
// was received, and the moves are no longer pending. A move that is not
// pending, or that would take the price under the floor, is refused and the
// deal is left as it was.
func Accept(deal *Deal, moveID string, now time.Time) error {
	if err := deal.Check(); err != nil {
		return err
	}
	i := slices.IndexFunc(deal.Pending, func(m Move) bool { return m.ID == moveID || m.Kind == moveID })
	if i < 0 {
		var ids []string
		for _, m := range deal.Pending {
			ids = append(ids, m.ID)
		}
		if len(ids) == 0 {
			return parley.Errorf(parley.EINVALID, "no moves are pending; run \"parley negotiate --deal FILE MESSAGE\" on the client's message first")
		}
		return parley.Errorf(parley.EINVALID, "move %q is not one of the pending moves: %s", moveID, strings.Join(ids, ", "))
	}
	m := deal.Pending[i]
	cur, _ := money.Lookup(deal.Terms.Currency)
	delta := money.Zero(cur)
	if m.PriceDelta != "" {
		var err error
		if delta, err = money.Parse(m.PriceDelta, cur); err != nil {
			return parley.Errorf(parley.EINVALID, "pending move %s: price_delta: %v", m.ID, err)
		}
	}
	c := deal.Current()
	after, err := c.Total.Add(delta)
	if err != nil {
		return parley.Errorf(parley.EINVALID, "move %s: %v", m.ID, err)
	}
	refund := m.Kind == KindPartialRefund || m.Kind == KindRefundAndPart
	if refund {
		// A refund settles a dispute (C1); it is money returned, not a
		// lower price, so it is kept apart from the price.
		after, delta = c.Total, money.Zero(cur)
	}
	if after.Cmp(c.Floor) < 0 {
		return parley.Errorf(parley.EINVALID, "move %s would take the price to %s %s, under the floor of %s %s (M10); it is no longer allowed", m.ID, after, cur.Code, c.Floor, cur.Code)
	}
	deal.Ledger = append(deal.Ledger, Entry{Move: m.ID, Kind: m.Kind, Gave: m.Gives, Got: m.Gets, PriceDelta: delta.String(),
		DaysDelta: m.DaysDelta, Delivery: m.Delivery, Stages: m.Stages, NDA: m.NDA, Revisions: m.Revisions, Drop: m.Drop,
		Volume: m.Ask == AskFutureVolume && m.Gives != "", At: now.UTC().Format(time.RFC3339)})
	if refund {
		deal.Ledger[len(deal.Ledger)-1].Refund = strings.TrimPrefix(m.PriceDelta, "-")
	}
	if m.Kind == KindUseRevisionRound {
		// a round is used, not given: recorded for the count of rounds left
		deal.Ledger[len(deal.Ledger)-1].Gave = ""
	}
	// The other asks of the message still wait for their moves.
	deal.Pending = slices.DeleteFunc(deal.Pending, func(p Move) bool { return p.Ask == m.Ask })
	if len(deal.Pending) == 0 {
		deal.Pending = nil
	}
	return nil
}
