package pricing

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/parley-desk/parley/money"
)

// FieldError is one problem in a policy file: the field's path, its line
// (0 when the field is missing) and what to do.
type FieldError struct {
	Field   string
	Line    int
	Message string
}

func (e FieldError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s: %s", e.Line, e.Field, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.Field, e.Message)
}

// PolicyErrors is every problem found in a policy file.
type PolicyErrors []FieldError

func (es PolicyErrors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// num is a number as written in the file: TOML integers, floats and
// strings ("12 500,50") are all kept as their decimal text, so that no
// amount passes through a float.
type num struct {
	text string
	set  bool
}

func (n *num) UnmarshalTOML(v any) error {
	switch v := v.(type) {
	case int64:
		n.text = strconv.FormatInt(v, 10)
	case float64:
		n.text = strconv.FormatFloat(v, 'f', -1, 64) // the shortest text that reads back as v: what was written
	case string:
		n.text = v
	default:
		return fmt.Errorf("want a number, got %T", v)
	}
	n.set = true
	return nil
}

// The file's shape. Keys are snake_case; every one is documented in the
// default policy that "parley policy init" writes.
type policyFile struct {
	Currency       string `toml:"currency"`
	Language       string `toml:"language"`
	QuoteValidDays *int   `toml:"quote_valid_days"`
	Payment        struct {
		Prepayment    string `toml:"prepayment"`
		MaxStages     *int   `toml:"max_stages"`
		StagedFrom    num    `toml:"staged_from"`
		RefundPercent num    `toml:"refund_percent"`
	} `toml:"payment"`
	Surcharges struct {
		NDAMin             num   `toml:"nda_min_percent"`
		NDAMax             num   `toml:"nda_max_percent"`
		NDADefault         num   `toml:"nda_default_percent"`
		RushAllowed        *bool `toml:"rush_allowed"`
		RushPercent        num   `toml:"rush_percent"`
		RushMaxCompression num   `toml:"rush_max_compression_percent"`
	} `toml:"surcharges"`
	Discounts struct {
		RepeatStructure     num `toml:"repeat_structure_percent"`
		LongerDeadlineExtra num `toml:"longer_deadline_extra_time_percent"`
		Reasons             []struct {
			Reason     string `toml:"reason"`
			MaxPercent num    `toml:"max_percent"`
		} `toml:"reasons"`
	} `toml:"discounts"`
	Deadline struct {
		BufferPercent num `toml:"buffer_percent"`
	} `toml:"deadline"`
	Calendar struct {
		TimeZone    string      `toml:"time_zone"`
		WorkingDays []string    `toml:"working_days"`
		Holidays    []time.Time `toml:"holidays"`
		TimeOff     []struct {
			From time.Time `toml:"from"`
			To   time.Time `toml:"to"`
		} `toml:"time_off"`
	} `toml:"calendar"`
	Charter struct {
		WorkingHours  string   `toml:"working_hours"`
		CallWindows   []string `toml:"call_windows"`
		ResponseHours *int     `toml:"response_hours"`
		Channels      []string `toml:"channels"`
		StatusReports string   `toml:"status_reports"`
	} `toml:"charter"`
	Terms struct {
		Firm                    []string `toml:"firm"`
		Flexible                []string `toml:"flexible"`
		PriceIncreaseNoticeDays *int     `toml:"price_increase_notice_days"`
		ContractMonths          []int    `toml:"contract_months"`
	} `toml:"terms"`
	Services []struct {
		ID          string   `toml:"id"`
		Name        string   `toml:"name"`
		Unit        string   `toml:"unit"`
		Rate        num      `toml:"rate"`
		Floor       num      `toml:"floor"`
		DaysPerUnit num      `toml:"days_per_unit"`
		MinLeadDays *int     `toml:"min_lead_days"`
		Revisions   *int     `toml:"revisions"`
		Included    []string `toml:"included"`
		Excluded    []string `toml:"excluded"`
		Reduced     *struct {
			Percent num      `toml:"percent"`
			Drop    []string `toml:"drop"`
		} `toml:"reduced"`
		Cases []struct {
			Title string `toml:"title"`
			URL   string `toml:"url"`
		} `toml:"cases"`
		Explanation string   `toml:"explanation"`
		Questions   []string `toml:"questions"`
	} `toml:"services"`
}

// MaxPolicyBytes bounds a policy file: a real one is a few kilobytes.
const MaxPolicyBytes = 1 << 20

// ParsePolicy reads and validates a policy file. The error, when there is
// one, is PolicyErrors: every problem with its field and line.
func ParsePolicy(data []byte) (*Policy, error) {
	if len(data) > MaxPolicyBytes {
		return nil, PolicyErrors{{Field: "file", Message: fmt.Sprintf("is %d bytes; a policy is at most %d", len(data), MaxPolicyBytes)}}
	}
	var f policyFile
	md, err := toml.Decode(string(data), &f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, PolicyErrors{{Field: "file", Line: pe.Position.Line, Message: "not valid TOML: " + pe.Message}}
		}
		return nil, PolicyErrors{{Field: "file", Message: "not valid TOML: " + err.Error()}}
	}
	v := &validator{lines: keyLines(data)}
	for _, k := range md.Undecoded() {
		v.fail(k.String(), "is not a policy field; check its spelling against \"parley policy init\"")
	}
	p := v.policy(&f)
	if len(v.errs) > 0 {
		slices.SortStableFunc(v.errs, func(a, b FieldError) int { return lineOrder(a.Line) - lineOrder(b.Line) })
		return nil, v.errs
	}
	return p, nil
}

func lineOrder(l int) int {
	if l == 0 {
		return 1 << 30 // missing fields after the ones with a line
	}
	return l
}

// validator converts the file into a Policy and collects every problem.
type validator struct {
	lines map[string]int
	errs  PolicyErrors
}

func (v *validator) fail(field, format string, args ...any) {
	v.errs = append(v.errs, FieldError{Field: field, Line: v.line(field), Message: fmt.Sprintf(format, args...)})
}

// line finds the line of field, or of the nearest enclosing table.
func (v *validator) line(field string) int {
	for f := field; f != ""; {
		if l, ok := v.lines[f]; ok {
			return l
		}
		i := strings.LastIndexAny(f, ".[")
		if i < 0 {
			break
		}
		f = f[:i]
	}
	return 0
}

func (v *validator) amount(field string, n num, cur money.Currency, required bool) money.Money {
	if !n.set {
		if required {
			v.fail(field, "is missing: write an amount in %s, like 1500", cur.Code)
		}
		return money.Zero(cur)
	}
	m, err := money.Parse(n.text, cur)
	if err != nil {
		v.fail(field, "%v", err)
		return money.Zero(cur)
	}
	if m.IsNegative() {
		v.fail(field, "is negative; write an amount of zero or more")
	}
	return m
}

// percent reads a percentage into hundredths, within [lo, hi] percent.
func (v *validator) percent(field string, n num, def, lo, hi int64) int64 {
	if !n.set {
		return def
	}
	p, err := money.ParseFixed(n.text, 2)
	if err != nil {
		v.fail(field, "%v", err)
		return def
	}
	if p < lo*100 || p > hi*100 {
		v.fail(field, "is %s; it must be between %d and %d (percent)", n.text, lo, hi)
		return def
	}
	return p
}

func (v *validator) intIn(field string, p *int, def, lo, hi int) int {
	if p == nil {
		return def
	}
	if *p < lo || *p > hi {
		v.fail(field, "is %d; it must be between %d and %d", *p, lo, hi)
		return def
	}
	return *p
}

func (v *validator) policy(f *policyFile) *Policy {
	p := &Policy{}
	cur, err := money.Lookup(f.Currency)
	if f.Currency == "" {
		v.fail("currency", "is missing: write the ISO code you invoice in, like currency = \"EUR\"")
		cur = money.Currency{Code: "EUR", Digits: 2, Symbol: "€"}
	} else if err != nil {
		v.fail("currency", "%v", err)
		cur = money.Currency{Code: "EUR", Digits: 2, Symbol: "€"}
	}
	p.Currency = cur
	p.Language = f.Language
	switch f.Language {
	case "en", "fi", "ru":
	case "":
		v.fail("language", "is missing: write en, fi or ru")
	default:
		v.fail("language", "is %q; write en, fi or ru", f.Language)
	}
	p.QuoteValidDays = v.intIn("quote_valid_days", f.QuoteValidDays, 14, 1, 365)

	v.payment(f, p)
	v.surcharges(f, p)
	v.discounts(f, p)
	p.BufferPercent = v.percent("deadline.buffer_percent", f.Deadline.BufferPercent, 2000, 0, 200)
	v.calendar(f, p)
	v.charter(f, p)
	v.terms(f, p)
	v.services(f, p)
	return p
}

func (v *validator) payment(f *policyFile, p *Policy) {
	switch f.Payment.Prepayment {
	case "", "full":
		p.Payment.FullPrepayment = true
	case "none":
	default:
		v.fail("payment.prepayment", "is %q; write \"full\" (work starts when paid) or \"none\"", f.Payment.Prepayment)
	}
	p.Payment.MaxStages = v.intIn("payment.max_stages", f.Payment.MaxStages, 4, 1, 24)
	p.Payment.StagedFrom = v.amount("payment.staged_from", f.Payment.StagedFrom, p.Currency, false)
	p.Payment.RefundPercent = v.percent("payment.refund_percent", f.Payment.RefundPercent, 5000, 0, 100)
}

func (v *validator) surcharges(f *policyFile, p *Policy) {
	s := &f.Surcharges
	p.Surcharges.NDAMin = v.percent("surcharges.nda_min_percent", s.NDAMin, 2000, 0, 500)
	p.Surcharges.NDAMax = v.percent("surcharges.nda_max_percent", s.NDAMax, 4000, 0, 500)
	p.Surcharges.NDADefault = v.percent("surcharges.nda_default_percent", s.NDADefault, 3000, 0, 500)
	if p.Surcharges.NDAMin > p.Surcharges.NDAMax {
		v.fail("surcharges.nda_min_percent", "is above nda_max_percent; the range must run from low to high")
	} else if p.Surcharges.NDADefault < p.Surcharges.NDAMin || p.Surcharges.NDADefault > p.Surcharges.NDAMax {
		v.fail("surcharges.nda_default_percent", "must lie between nda_min_percent and nda_max_percent")
	}
	p.Surcharges.RushAllowed = s.RushAllowed == nil || *s.RushAllowed
	p.Surcharges.RushPercent = v.percent("surcharges.rush_percent", s.RushPercent, 5000, 0, 500)
	p.Surcharges.RushMaxCompression = v.percent("surcharges.rush_max_compression_percent", s.RushMaxCompression, 3000, 0, 90)
}

func (v *validator) discounts(f *policyFile, p *Policy) {
	d := &f.Discounts
	p.Discounts.RepeatPercent = v.percent("discounts.repeat_structure_percent", d.RepeatStructure, 6000, 1, 100)
	p.Discounts.LongerDeadlineExtra = v.percent("discounts.longer_deadline_extra_time_percent", d.LongerDeadlineExtra, 5000, 0, 500)
	p.Discounts.Allowed = map[string]int64{}
	for i, r := range d.Reasons {
		field := fmt.Sprintf("discounts.reasons[%d]", i)
		switch {
		case r.Reason == "future_volume":
			v.fail(field+".reason", "future_volume cannot be a discount reason: a promise of later orders is not a concession (P4)")
			continue
		case !slices.Contains(DiscountReasons, r.Reason):
			v.fail(field+".reason", "is %q; write one of %s", r.Reason, strings.Join(DiscountReasons, ", "))
			continue
		}
		if _, dup := p.Discounts.Allowed[r.Reason]; dup {
			v.fail(field+".reason", "%s is listed twice", r.Reason)
		}
		p.Discounts.Allowed[r.Reason] = v.percent(field+".max_percent", r.MaxPercent, 1000, 1, 90)
	}
}

var weekdayNames = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

func (v *validator) calendar(f *policyFile, p *Policy) {
	c := &f.Calendar
	p.TimeZone = c.TimeZone
	if c.TimeZone == "" {
		p.TimeZone = "UTC"
	} else if _, err := time.LoadLocation(c.TimeZone); err != nil {
		v.fail("calendar.time_zone", "%q is not a time zone; write an IANA name like Europe/Helsinki", c.TimeZone)
	}
	days := c.WorkingDays
	if days == nil {
		days = []string{"mon", "tue", "wed", "thu", "fri"}
	}
	for _, d := range days {
		wd, ok := weekdayNames[strings.ToLower(strings.TrimSpace(d))]
		if !ok {
			v.fail("calendar.working_days", "%q is not a weekday; write mon, tue, wed, thu, fri, sat or sun", d)
			continue
		}
		p.Calendar.Workdays[wd] = true
	}
	if !slices.Contains(p.Calendar.Workdays[:], true) {
		v.fail("calendar.working_days", "lists no working day; a deadline could never be met")
	}
	p.Calendar.Off = map[int64]struct{}{}
	for _, h := range c.Holidays {
		p.Calendar.Off[DayNumber(Day(h))] = struct{}{}
	}
	for i, r := range c.TimeOff {
		field := fmt.Sprintf("calendar.time_off[%d]", i)
		from, to := Day(r.From), Day(r.To)
		switch {
		case r.From.IsZero() || r.To.IsZero():
			v.fail(field, "needs both from and to dates, like from = 2027-07-01 and to = 2027-07-31")
		case to.Before(from):
			v.fail(field+".to", "is before from")
		case to.Sub(from) > 366*24*time.Hour:
			v.fail(field, "is longer than a year; split it or shorten it")
		default:
			for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
				p.Calendar.Off[DayNumber(d)] = struct{}{}
			}
		}
	}
}

func (v *validator) charter(f *policyFile, p *Policy) {
	c := &f.Charter
	p.Charter = Charter{
		WorkingHours:  c.WorkingHours,
		CallWindows:   c.CallWindows,
		ResponseHours: v.intIn("charter.response_hours", c.ResponseHours, 24, 1, 24*14),
		Channels:      c.Channels,
		StatusReports: c.StatusReports,
	}
	if strings.TrimSpace(c.WorkingHours) == "" {
		v.fail("charter.working_hours", "is missing: say when clients can reach you, like \"Mon–Fri 9:00–17:00\" (B1)")
	}
	if len(c.Channels) == 0 {
		v.fail("charter.channels", "is missing: list how clients reach you, like [\"e-mail\", \"Telegram\"] (B1)")
	}
}

func (v *validator) terms(f *policyFile, p *Policy) {
	t := &f.Terms
	p.Firm = map[string]bool{}
	mark := func(list []string, firm bool, field string) {
		for _, term := range list {
			if !slices.Contains(Terms, term) {
				v.fail(field, "%q is not a term; write some of %s", term, strings.Join(Terms, ", "))
				continue
			}
			if _, dup := p.Firm[term]; dup {
				v.fail(field, "%s is listed as both firm and flexible, or twice; a term is one or the other (P1)", term)
				continue
			}
			p.Firm[term] = firm
		}
	}
	mark(t.Firm, true, "terms.firm")
	mark(t.Flexible, false, "terms.flexible")
	for _, term := range Terms {
		if _, ok := p.Firm[term]; !ok {
			p.Firm[term] = term == "price_floor" || term == "prepayment" // unlisted: firm only where the article is
		}
	}
	p.PriceIncreaseNoticeDays = v.intIn("terms.price_increase_notice_days", t.PriceIncreaseNoticeDays, 30, 30, 365)
	p.ContractMonths = t.ContractMonths
	if p.ContractMonths == nil {
		p.ContractMonths = []int{6, 12}
	}
	for _, m := range p.ContractMonths {
		if m < 1 || m > 60 {
			v.fail("terms.contract_months", "%d months is not a contract term; write months between 1 and 60", m)
		}
	}
}

func (v *validator) services(f *policyFile, p *Policy) {
	if len(f.Services) == 0 {
		v.fail("services", "none defined: add at least one [[services]] with id, name, unit and rate")
	}
	seen := map[string]bool{}
	for i, s := range f.Services {
		field := fmt.Sprintf("services[%d]", i)
		sv := Service{ID: s.ID, Name: s.Name, Unit: s.Unit, Included: s.Included, Excluded: s.Excluded,
			Explanation: strings.TrimSpace(s.Explanation), Questions: s.Questions}
		switch {
		case s.ID == "":
			v.fail(field+".id", "is missing: a short name to ask for it by, like \"landing\"")
		case strings.ContainsAny(s.ID, " \t=,:"):
			v.fail(field+".id", "%q has spaces or punctuation; use letters, digits and -", s.ID)
		case seen[s.ID]:
			v.fail(field+".id", "%q is used by an earlier service", s.ID)
		}
		seen[s.ID] = true
		if s.Name == "" {
			v.fail(field+".name", "is missing: the name a client reads on the quote")
		}
		if !slices.Contains(Units, s.Unit) {
			v.fail(field+".unit", "is %q; write one of: %s", s.Unit, strings.Join(Units, ", "))
		}
		sv.Rate = v.amount(field+".rate", s.Rate, p.Currency, true)
		if s.Rate.set && sv.Rate.IsZero() {
			v.fail(field+".rate", "is zero; a service needs a price (M1)")
		}
		sv.Floor = v.amount(field+".floor", s.Floor, p.Currency, false)
		if !s.Floor.set {
			sv.Floor, _ = sv.Rate.MulFrac(1, 2) // no floor written: half the rate
		} else if sv.Floor.Cmp(sv.Rate) > 0 {
			v.fail(field+".floor", "(%s) is above the rate (%s); the floor is the least you accept, so at most the rate", sv.Floor, sv.Rate)
		}
		sv.DaysPerUnit = 1000
		if s.DaysPerUnit.set {
			d, err := money.ParseFixed(s.DaysPerUnit.text, 3)
			switch {
			case err != nil:
				v.fail(field+".days_per_unit", "%v", err)
			case d <= 0 || d > 365_000:
				v.fail(field+".days_per_unit", "is %s; write the working days one unit takes, more than 0 and at most 365", s.DaysPerUnit.text)
			default:
				sv.DaysPerUnit = d
			}
		}
		sv.MinLeadDays = v.intIn(field+".min_lead_days", s.MinLeadDays, 1, 1, 365)
		sv.Revisions = v.intIn(field+".revisions", s.Revisions, 2, 0, 20)
		if len(s.Included) == 0 {
			v.fail(field+".included", "is empty: list what the price includes, or the client expects more (M3)")
		}
		if s.Reduced != nil {
			r := &Reduced{Percent: v.percent(field+".reduced.percent", s.Reduced.Percent, 7000, 10, 99), Drop: s.Reduced.Drop}
			if len(r.Drop) == 0 {
				v.fail(field+".reduced.drop", "is empty: name the included items the reduced scope leaves out")
			}
			for _, d := range r.Drop {
				if !slices.Contains(s.Included, d) {
					v.fail(field+".reduced.drop", "%q is not in included; drop only items the full scope has", d)
				}
			}
			sv.Reduced = r
		}
		// The reduced scope is a drop in effort, still bound by the floor
		// (M10): a policy whose own option crosses it contradicts itself.
		if sv.Reduced != nil {
			if reduced, _ := sv.Rate.MulFrac(sv.Reduced.Percent, 10000); reduced.Cmp(sv.Floor) < 0 {
				v.fail(field+".reduced.percent", "makes the reduced scope cost %s, under the floor %s; raise the percent or lower the floor", reduced, sv.Floor)
			}
		}
		for j, c := range s.Cases {
			if c.Title == "" {
				v.fail(fmt.Sprintf("%s.cases[%d].title", field, j), "is missing")
			}
			if c.URL != "" && !strings.HasPrefix(c.URL, "https://") && !strings.HasPrefix(c.URL, "http://") || strings.ContainsAny(c.URL, " <>\"") {
				v.fail(fmt.Sprintf("%s.cases[%d].url", field, j), "%q is not a web address; write it as https://…", c.URL)
			}
			sv.Cases = append(sv.Cases, Case{Title: c.Title, URL: c.URL})
		}
		p.Services = append(p.Services, sv)
	}
}
