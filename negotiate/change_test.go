package negotiate

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/money"
	"github.com/parley-desk/parley/pricing"
)

// articleDeal is a deal for seventy articles in lang, with the example policy's
// scope: two revision rounds, images and publishing excluded.
func articleDeal(t *testing.T, lang string) *Deal {
	t.Helper()
	data, _ := pricing.Example("copywriter", lang)
	p, err := pricing.ParsePolicy(data)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	q, err := pricing.Compute(p, pricing.Request{Today: now, Stages: 3, Lines: []pricing.LineRequest{{Service: "article", Quantity: 70000}}})
	if err != nil {
		t.Fatal(err)
	}
	d, err := NewDeal(p, q, Client{Name: "Client", Language: lang}, "", now)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// R1: every change request is a defect, a revision or new work, judged
// against the agreed scope and the rounds left.
func TestClassifyChange(t *testing.T) {
	a := newTestAssistant(t)
	cases := []struct {
		lang, text string
		used       int
		kind, item string
		left       int
		reason     string // a word the reason must hold
	}{
		{"en", "Could you also add images to the article? Three stock photos would do.", 0, parley.ChangeNewWork, "images", 2, "outside"},
		{"en", "Please also publish it on our blog when it's ready.", 0, parley.ChangeNewWork, "publishing", 2, "outside"},
		{"en", "We now also need a second article about the same topic.", 0, parley.ChangeNewWork, "", 2, "did not include"},
		{"en", "There are typos in the second paragraph and the phone number is wrong.", 0, parley.ChangeDefect, "", 2, "free"},
		{"en", "The text doesn't match the brief: the section on pricing is missing.", 1, parley.ChangeDefect, "", 1, "free"},
		{"en", "Could the intro be a bit warmer and more personal?", 0, parley.ChangeRevision, "", 1, "round 1 of 2"},
		{"en", "Could the ending be shorter?", 1, parley.ChangeRevision, "", 0, "round 2 of 2"},
		{"en", "Could the ending be shorter?", 2, parley.ChangeNewWork, "", 0, "paid"},
		{"fi", "Voisitteko lisätä artikkeliin myös kuvitus? Pari kuvaa riittää.", 0, parley.ChangeNewWork, "kuvitus", 2, "uudesta työstä"},
		{"fi", "Tekstissä on kirjoitusvirheitä ja puhelinnumero puuttuu.", 0, parley.ChangeDefect, "", 2, "maksutta"},
		{"fi", "Voisiko johdanto olla hieman lämpimämpi?", 0, parley.ChangeRevision, "", 1, "1/2"},
		{"fi", "Voisiko johdanto olla hieman lämpimämpi?", 2, parley.ChangeNewWork, "", 0, "maksullisia"},
		{"ru", "Добавьте, пожалуйста, иллюстрации к статье.", 0, parley.ChangeNewWork, "иллюстрации", 2, "новая работа"},
		{"ru", "В тексте есть опечатки, и пропущен раздел про цены.", 0, parley.ChangeDefect, "", 2, "бесплатно"},
		{"ru", "Можно сделать вступление чуть теплее?", 0, parley.ChangeRevision, "", 1, "1 из 2"},
		{"ru", "Можно сделать вступление чуть теплее?", 2, parley.ChangeNewWork, "", 0, "платные"},
	}
	for _, c := range cases {
		t.Run(c.lang+"/"+c.text, func(t *testing.T) {
			d := articleDeal(t, c.lang)
			got, err := a.ClassifyChange(d, c.text, c.used)
			if err != nil {
				t.Fatal(err)
			}
			if got.Kind != c.kind || got.RoundsLeft != c.left || (c.item != "" && got.Item != c.item) {
				t.Errorf("got %+v, want kind %s item %q left %d", got, c.kind, c.item, c.left)
			}
			if !strings.Contains(got.Reason, c.reason) {
				t.Errorf("reason %q lacks %q", got.Reason, c.reason)
			}
		})
	}
	if _, err := a.ClassifyChange(articleDeal(t, "en"), "  ", 0); parley.ErrorCode(err) != parley.EINVALID {
		t.Errorf("empty request: %v", err)
	}
}

// A dropped scope item (a concession traded for a lower price) is new work
// when the client asks for it again.
func TestClassifyChangeDroppedItem(t *testing.T) {
	a := newTestAssistant(t)
	d := articleDeal(t, "en")
	d.Ledger = append(d.Ledger, Entry{Move: "m1", Kind: KindTradeScope, Gave: "a discount", Got: "headline options dropped", PriceDelta: "-20.00", Drop: []string{"headline options"}, At: "2026-11-30"})
	got, err := a.ClassifyChange(d, "Can you send us a few headline options too?", 0)
	if err != nil || got.Kind != parley.ChangeNewWork || got.Item != "headline options" {
		t.Errorf("%+v %v", got, err)
	}
}

// C2, M6: a snapshot holds the current terms, its schedule adds up to the
// total exactly, and a later move makes the stored snapshot stale.
func TestSnapshot(t *testing.T) {
	d := articleDeal(t, "en")
	s, err := d.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	cur, _ := money.Lookup(s.Currency)
	sum := money.Zero(cur)
	for _, st := range s.Schedule {
		m, err := money.Parse(st.Amount, cur)
		if err != nil {
			t.Fatal(err)
		}
		sum, _ = sum.Add(m)
	}
	if sum.String() != s.Total || len(s.Schedule) != 3 || s.Schedule[0].Due != d.Terms.Start {
		t.Errorf("schedule %+v sums to %s, total %s", s.Schedule, sum, s.Total)
	}
	stored, _ := json.Marshal(s)
	if !d.SameTerms(stored) {
		t.Error("fresh snapshot differs from the deal")
	}
	d.Ledger = append(d.Ledger, Entry{Move: "m1", Kind: KindTradeScope, Gave: "a discount", Got: "outline dropped", PriceDelta: "-10.00", Drop: []string{"outline"}, At: "2026-11-30"})
	if d.SameTerms(stored) {
		t.Error("a recorded move left the snapshot current")
	}
	s2, _ := d.Snapshot()
	for _, l := range s2.Lines {
		for _, item := range l.Included {
			if item == "outline" {
				t.Error("a dropped item is still included")
			}
		}
	}
	if d.SameTerms([]byte("not json")) {
		t.Error("garbage counted as the same terms")
	}
}

// M8: a rate notice goes out at least 30 days (or the policy's notice)
// ahead, explains, and does not ask the client's opinion.
func TestRateNotice(t *testing.T) {
	a := newTestAssistant(t)
	now := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	for _, lang := range []string{"en", "fi", "ru"} {
		data, _ := pricing.Example("copywriter", lang)
		p, err := pricing.ParsePolicy(data)
		if err != nil {
			t.Fatal(err)
		}
		old, _ := money.Parse("60", p.Currency)
		new, _ := money.Parse("75", p.Currency)
		effective := pricing.Day(now).AddDate(0, 0, max(p.PriceIncreaseNoticeDays, 30))
		cl := Client{Name: "Anna Virtanen", Language: lang}
		d, err := a.RateNotice(cl, p, "Article", old, new, effective, time.Time{}, "Research now takes twice as long.", now)
		if err != nil {
			t.Fatal(lang, err)
		}
		for _, want := range []string{"Anna", "75", "60", "Research now takes twice as long."} {
			if !strings.Contains(d.Text, want) {
				t.Errorf("%s notice lacks %q:\n%s", lang, want, d.Text)
			}
		}
		if strings.Contains(d.Text, "?") || strings.Contains(strings.ToLower(d.Text), "sorry") {
			t.Errorf("%s notice asks or apologises:\n%s", lang, d.Text)
		}
		bad := []struct {
			name               string
			new                money.Money
			effective, renewal time.Time
			reason             string
		}{
			{"a day short", new, effective.AddDate(0, 0, -1), time.Time{}, "r"},
			{"not a rise", old, effective, time.Time{}, "r"},
			{"no reason", new, effective, time.Time{}, " "},
			{"renewal first", new, effective, effective.AddDate(0, 0, -1), "r"},
		}
		for _, b := range bad {
			if _, err := a.RateNotice(cl, p, "Article", old, b.new, b.effective, b.renewal, b.reason, now); parley.ErrorCode(err) != parley.EINVALID {
				t.Errorf("%s %s: %v", lang, b.name, err)
			}
		}
	}
}

// P3: the client chooses the reduced option; the price and scope follow
// the option, and a second choice is refused.
func TestChooseOption(t *testing.T) {
	d := articleDeal(t, "en")
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
	included := d.Terms.Lines[0].Included
	opt := Option{Variant: "reduced", Total: "3000.00", Delivery: "2027-01-20", Included: included[:len(included)-1]}
	if err := ChooseOption(d, Option{Variant: "deluxe", Total: "1", Delivery: "2027-01-01"}, now); parley.ErrorCode(err) != parley.EINVALID {
		t.Errorf("unknown option: %v", err)
	}
	if err := ChooseOption(d, opt, now); err != nil {
		t.Fatal(err)
	}
	c := d.Current()
	if c.Total.String() != "3000.00" || c.Delivery.Format(time.DateOnly) != "2027-01-20" || len(c.Dropped) != 1 || c.Dropped[0] != included[len(included)-1] {
		t.Errorf("after the option: total %s, delivery %s, dropped %v", c.Total, c.Delivery, c.Dropped)
	}
	if err := ChooseOption(d, opt, now); parley.ErrorCode(err) != parley.ECONFLICT {
		t.Errorf("second choice: %v", err)
	}
}

// FuzzClassifyChange: any request text gets one of the three kinds and a
// reason, never a panic; rounds left never go below zero.
func FuzzClassifyChange(f *testing.F) {
	for _, s := range []string{"There are typos.", "Add images too", "Можно теплее?", "Lisää kuvitus", "", "\x00", strings.Repeat("a ", 5000)} {
		f.Add(s, 1)
	}
	a := newTestAssistant(f)
	d, _ := fuzzDeal(f)
	f.Fuzz(func(t *testing.T, text string, used int) {
		c, err := a.ClassifyChange(d, text, used)
		if err != nil {
			if parley.ErrorCode(err) != parley.EINVALID {
				t.Fatalf("%q: %v", text, err)
			}
			return
		}
		if (c.Kind != parley.ChangeDefect && c.Kind != parley.ChangeRevision && c.Kind != parley.ChangeNewWork) || c.Reason == "" || c.RoundsLeft < 0 {
			t.Fatalf("%q, %d used: %+v", text, used, c)
		}
	})
}

func TestTidy(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Hello,\n\nline one\n  line two  \n\n\n\nlast", "Hello,\n\nline one line two\n\nlast"},
		{"intro\n- a\n- b\nafter\nmore", "intro\n- a\n- b\nafter more"},
		{"\n\n  \n", ""},
		{"- only\n  - item", "- only\n- item"},
	} {
		if got := tidy(c.in); got != c.want {
			t.Errorf("tidy(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// C2: the agreement letter puts the version's terms in writing and asks
// for confirmation, in the client's language.
func TestAgreementLetter(t *testing.T) {
	a := newTestAssistant(t)
	for lang, want := range map[string]string{"en": "confirm", "fi": "Vahvistathan", "ru": "подтвердите"} {
		d := articleDeal(t, lang)
		snap, err := d.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		dr, err := a.AgreementLetter(d, 2, snap)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{want, "2", d.Terms.Lines[0].Name, "3"} {
			if !strings.Contains(dr.Text, w) {
				t.Errorf("%s letter lacks %q:\n%s", lang, w, dr.Text)
			}
		}
	}
}
