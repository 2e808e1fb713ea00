package screen

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"text/template"
	"time"
)

// replyBook is one language's compiled reply templates (replies/LANG.tmpl).
type replyBook struct {
	tmpl     *template.Template
	months   []string // January … December, as the date template needs them
	weekdays []string // Sunday … Saturday
}

// replyData is what the templates see.
type replyData struct {
	Verdict   string
	Flags     map[string]bool
	Questions []string
	Earliest  string // the earliest honest delivery date, formatted; "" without Options.Today
	LeadDays  int
	Stages    int // the most stages a staged full prepayment is split into (M6)
}

// Has reports whether the inquiry carries the flag; templates call it.
func (d replyData) Has(code string) bool { return d.Flags[code] }

// dateParts is what the "date" template formats.
type dateParts struct {
	Day, MonthNum, Year int
	Month, Weekday      string
}

// maxStages is the article's staged prepayment: up to four stages (M6).
const maxStages = 4

func parseReplies(file string, src []byte) (*replyBook, error) {
	t, err := template.New(file).Option("missingkey=error").Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	b := &replyBook{tmpl: t}
	for _, name := range []string{"reply", "date", "months", "weekdays"} {
		if t.Lookup(name) == nil {
			return nil, fmt.Errorf("%s: no {{define %q}} block; every reply file needs reply, date, months and weekdays", file, name)
		}
	}
	if b.months, err = b.list("months", 12); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if b.weekdays, err = b.list("weekdays", 7); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if _, err := b.render("reply", replyData{Verdict: VerdictProceed, Flags: map[string]bool{}, LeadDays: 5, Stages: maxStages}); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return b, nil
}

func (b *replyBook) list(name string, n int) ([]string, error) {
	s, err := b.render(name, nil)
	if err != nil {
		return nil, err
	}
	items := strings.Split(strings.TrimSpace(s), "|")
	if len(items) != n {
		return nil, fmt.Errorf("block %q must list %d names separated by |, found %d", name, n, len(items))
	}
	for i := range items {
		items[i] = strings.TrimSpace(items[i])
	}
	return items, nil
}

func (b *replyBook) render(name string, data any) (string, error) {
	var sb strings.Builder
	if err := b.tmpl.ExecuteTemplate(&sb, name, data); err != nil {
		return "", err
	}
	return sb.String(), nil
}

func (b *replyBook) date(t time.Time) string {
	s, err := b.render("date", dateParts{Day: t.Day(), MonthNum: int(t.Month()), Year: t.Year(), Month: b.months[t.Month()-1], Weekday: b.weekdays[t.Weekday()]})
	if err != nil {
		return t.Format(time.DateOnly)
	}
	return strings.TrimSpace(s)
}

// addWorkingDays moves n working days (Monday to Friday) past day.
func addWorkingDays(day time.Time, n int) time.Time {
	for n > 0 {
		day = day.AddDate(0, 0, 1)
		if wd := day.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return day
}

// drafts caches rendered drafts: they depend only on the language, the
// flags, the missing signals and the dates, and rendering templates costs
// more than the rest of a screening. Bounded, so it cannot grow with input.
type drafts struct {
	m sync.Map // draftKey → draft
	n atomic.Int32
}

const maxCachedDrafts = 4096

type draftKey struct {
	lang, verdict, flags, missing string
	today                         time.Time
	leadDays                      int
}

type draft struct {
	reply     string
	questions []string
}

// draft writes the questions to ask (B2) and the reply in the inquiry's
// language. A template that fails to render (a bad override file) leaves
// the part out rather than failing the screening.
func (s *Screener) draft(res *Result, opt Options) (string, []string) {
	if opt.LeadDays <= 0 {
		opt.LeadDays = 5
	}
	key := draftKey{lang: res.Language, verdict: res.Verdict, missing: strings.Join(res.Missing, ","), leadDays: opt.LeadDays}
	if !opt.Today.IsZero() {
		y, m, d := opt.Today.Date()
		key.today = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	for _, f := range res.Flags {
		key.flags += f.Code + ","
	}
	if v, ok := s.drafts.m.Load(key); ok {
		d := v.(draft)
		return d.reply, slices.Clone(d.questions)
	}
	reply, questions := s.render(res, key.today, opt.LeadDays)
	if s.drafts.n.Add(1) <= maxCachedDrafts {
		s.drafts.m.Store(key, draft{reply, slices.Clone(questions)})
	}
	return reply, questions
}

func (s *Screener) render(res *Result, today time.Time, leadDays int) (string, []string) {
	b := s.replies[res.Language]
	if b == nil {
		return "", []string{}
	}
	d := replyData{Verdict: res.Verdict, Flags: map[string]bool{}, LeadDays: leadDays, Stages: maxStages}
	for _, f := range res.Flags {
		d.Flags[f.Code] = true
	}
	if !today.IsZero() {
		d.Earliest = b.date(addWorkingDays(today, d.LeadDays))
	}
	questions := []string{}
	if res.Verdict != VerdictDecline {
		var names []string
		for _, sig := range res.Missing {
			names = append(names, "question."+sig)
		}
		for _, f := range res.Flags {
			names = append(names, "question."+f.Code)
		}
		for _, name := range names {
			if b.tmpl.Lookup(name) == nil {
				continue
			}
			if q, err := b.render(name, d); err == nil && strings.TrimSpace(q) != "" {
				questions = append(questions, strings.TrimSpace(q))
			}
		}
	}
	d.Questions = questions
	reply, err := b.render("reply", d)
	if err != nil {
		return "", questions
	}
	return tidy(reply), questions
}

// tidy lays a rendered template out as plain text: paragraphs are separated
// by one blank line, the lines of a paragraph are joined with single spaces,
// and a line that starts with "- " stays a line of its own (a list item).
// Templates can so be written readably, one sentence per line.
func tidy(s string) string {
	var paras []string
	var lines []string // of the current paragraph
	flush := func() {
		if len(lines) > 0 {
			paras = append(paras, strings.Join(lines, "\n"))
			lines = nil
		}
	}
	for _, raw := range strings.Split(s, "\n") {
		line := strings.Join(strings.Fields(raw), " ")
		switch {
		case line == "":
			flush()
		case strings.HasPrefix(line, "- ") || len(lines) == 0:
			lines = append(lines, line)
		default:
			lines[len(lines)-1] += " " + line
		}
	}
	flush()
	return strings.Join(paras, "\n\n")
}
