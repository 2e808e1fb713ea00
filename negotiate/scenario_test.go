package negotiate

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parley-desk/parley/money"
	"github.com/parley-desk/parley/pricing"
)

// scenario is one negotiation situation and what must come of it. The
// files testdata/scenarios-LANG.json hold at least one per rule of the
// assistant in each language.
type scenario struct {
	Name       string            `json:"name"`
	Rule       string            `json:"rule"`
	Profession string            `json:"profession"` // the example policy
	PolicyLang string            `json:"policy_lang"`
	Services   []string          `json:"services"` // ID=QTY
	Stages     int               `json:"stages"`
	Client     Client            `json:"client"`
	History    []Message         `json:"history"`
	Ledger     []Entry           `json:"ledger"`
	Now        time.Time         `json:"now"`
	Message    string            `json:"message"` // the client's new message; empty for a draft
	Draft      string            `json:"draft"`   // summary, restatement, followup, notice, decline
	Notes      string            `json:"notes"`
	NewTotal   string            `json:"new_total"`
	Effective  string            `json:"effective"`
	Asks       []string          `json:"asks"`      // must all be found
	NotAsks    []string          `json:"not_asks"`  // must not be found
	Top        string            `json:"top"`       // the best move's kind
	Moves      []string          `json:"moves"`     // kinds that must be among the moves
	NotMoves   []string          `json:"not_moves"` // kinds that must not (P1)
	Amounts    map[string]string `json:"amounts"`   // ask → amount it carries
	Dates      map[string]string `json:"dates"`     // ask → date it carries
	ReplyHas   []string          `json:"reply_has"` // in the reply or draft
	ReplyNot   []string          `json:"reply_not"`
	Whose      string            `json:"whose"`
	Error      string            `json:"error"` // the draft must be refused with this in the message
	Warnings   []string          `json:"warnings"`
}

func loadScenarios(t *testing.T) map[string][]scenario {
	files, _ := filepath.Glob("testdata/scenarios-*.json")
	out := map[string][]scenario{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var list []scenario
		dec := json.NewDecoder(strings.NewReader(string(b)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&list); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		lang := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "scenarios-"), ".json")
		out[lang] = list
	}
	return out
}

func (sc *scenario) deal(t *testing.T) (*Deal, *pricing.Policy) {
	t.Helper()
	lang := sc.PolicyLang
	if lang == "" {
		lang = sc.Client.Language
	}
	prof := sc.Profession
	if prof == "" {
		prof = "copywriter"
	}
	data, err := pricing.Example(prof, lang)
	if err != nil {
		t.Fatal(err)
	}
	p, err := pricing.ParsePolicy(data)
	if err != nil {
		t.Fatal(err)
	}
	req := pricing.Request{Today: pricing.Day(sc.Now), Stages: sc.Stages}
	for _, s := range sc.Services {
		id, qty, _ := strings.Cut(s, "=")
		q := int64(1000)
		if qty != "" {
			if q, err = money.ParseFixed(qty, 3); err != nil {
				t.Fatal(err)
			}
		}
		req.Lines = append(req.Lines, pricing.LineRequest{Service: id, Quantity: q})
	}
	q, err := pricing.Compute(p, req)
	if err != nil {
		t.Fatal(err)
	}
	d, err := NewDeal(p, q, sc.Client, "", sc.Now)
	if err != nil {
		t.Fatal(err)
	}
	d.History = append(d.History, sc.History...)
	d.Ledger = append(d.Ledger, sc.Ledger...)
	return d, p
}

func TestScenarios(t *testing.T) {
	a := newTestAssistant(t)
	all := loadScenarios(t)
	rules := []string{"P1", "P3", "P4", "P5", "P7", "M5", "M8", "M9", "M10", "B2", "B3", "B4", "R1", "C1", "C2"}
	for _, lang := range []string{"en", "fi", "ru"} {
		covered := map[string]bool{}
		for _, sc := range all[lang] {
			covered[sc.Rule] = true
			t.Run(lang+"/"+sc.Name, func(t *testing.T) { runScenario(t, a, sc) })
		}
		for _, r := range rules {
			if !covered[r] {
				t.Errorf("%s: no scenario for rule %s", lang, r)
			}
		}
	}
}

func runScenario(t *testing.T, a *Assistant, sc scenario) {
	deal, p := sc.deal(t)
	var text string
	var err error
	if sc.Draft != "" {
		var d Draft
		switch sc.Draft {
		case "summary":
			d, err = a.CallSummary(deal, sc.Notes, sc.Now)
		case "restatement":
			d, err = a.Restatement(deal)
		case "followup":
			d, err = a.FollowUp(deal, sc.Now)
		case "decline":
			d, err = a.Decline(deal)
		case "notice":
			eff, _ := time.Parse(time.DateOnly, sc.Effective)
			nt, perr := money.Parse(sc.NewTotal, p.Currency)
			if perr != nil {
				t.Fatal(perr)
			}
			d, err = a.PriceIncrease(deal, p, nt, eff, "", sc.Now)
		default:
			t.Fatalf("unknown draft %q", sc.Draft)
		}
		if sc.Error != "" {
			if err == nil || !strings.Contains(err.Error(), sc.Error) {
				t.Fatalf("want a refusal saying %q, got %v", sc.Error, err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		text = d.Text
	} else {
		an, err := a.Analyze(deal, p, sc.Message, sc.Now)
		if err != nil {
			t.Fatal(err)
		}
		var asks []string
		for _, k := range an.Asks {
			asks = append(asks, k.Code)
			if want, ok := sc.Amounts[k.Code]; ok && (k.Amount == nil || k.Amount.String() != want) {
				t.Errorf("ask %s: amount %v, want %s", k.Code, k.Amount, want)
			}
			if want, ok := sc.Dates[k.Code]; ok && (k.Date == nil || k.Date.Format(time.DateOnly) != want) {
				t.Errorf("ask %s: date %v, want %s", k.Code, k.Date, want)
			}
		}
		for _, w := range sc.Asks {
			if !slices.Contains(asks, w) {
				t.Errorf("asks %v lack %s", asks, w)
			}
		}
		for _, w := range sc.NotAsks {
			if slices.Contains(asks, w) {
				t.Errorf("asks %v have %s", asks, w)
			}
		}
		var kinds []string
		for _, m := range an.Moves {
			kinds = append(kinds, m.Kind)
		}
		if sc.Top != "" && (len(kinds) == 0 || kinds[0] != sc.Top) {
			t.Errorf("moves %v: want %s first", kinds, sc.Top)
		}
		for _, w := range sc.Moves {
			if !slices.Contains(kinds, w) {
				t.Errorf("moves %v lack %s", kinds, w)
			}
		}
		for _, w := range sc.NotMoves {
			if slices.Contains(kinds, w) {
				t.Errorf("moves %v have %s, which gives up a firm term", kinds, w)
			}
		}
		if sc.Whose != "" && an.WhoseMove != sc.Whose {
			t.Errorf("whose move %s, want %s", an.WhoseMove, sc.Whose)
		}
		var warns []string
		for _, w := range an.Warnings {
			warns = append(warns, w.Code)
		}
		for _, w := range sc.Warnings {
			if !slices.Contains(warns, w) {
				t.Errorf("warnings %v lack %s", warns, w)
			}
		}
		text = an.Reply
	}
	for _, w := range sc.ReplyHas {
		if !strings.Contains(text, w) {
			t.Errorf("the text lacks %q:\n%s", w, text)
		}
	}
	for _, w := range sc.ReplyNot {
		if strings.Contains(text, w) {
			t.Errorf("the text has %q:\n%s", w, text)
		}
	}
	if strings.Contains(text, "[move_") || strings.Contains(text, "[draft_") || strings.Contains(text, "<no value>") {
		t.Errorf("broken wording:\n%s", text)
	}
}
