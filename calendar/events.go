package calendar

import (
	"fmt"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/locale"
	"github.com/parley-desk/parley/money"
)

// commitmentSlot is how long a promise shows in the calendar. It is due at
// a moment, but apps draw zero-length events poorly; the slot starts at the
// due time, so the start is the deadline.
const commitmentSlot = 15 * time.Minute

// commitment is a timed event in UTC at the promise's due time (P2).
func (f *feed) commitment(cm Commitment) (*ics.VEvent, error) {
	what := oneLine(cm.What)
	switch {
	case cm.ID <= 0:
		return nil, parley.Errorf(parley.EINVALID, "commitment %q has no id; pass the stored commitment's id", what)
	case cm.Owner != OwnerMe && cm.Owner != OwnerClient:
		return nil, parley.Errorf(parley.EINVALID, "commitment %d has owner %q; write %q or %q", cm.ID, cm.Owner, OwnerMe, OwnerClient)
	case what == "":
		return nil, parley.Errorf(parley.EINVALID, "commitment %d has no text; say what was promised", cm.ID)
	case cm.Due.IsZero():
		return nil, parley.Errorf(parley.EINVALID, "commitment %d has no due time; every promise needs one (P2)", cm.ID)
	}
	e, err := f.event(fmt.Sprintf("commitment-%d@%s", cm.ID, f.host), fmt.Sprintf("commitment %d", cm.ID))
	if err != nil {
		return nil, err
	}
	key := "commitment_" + cm.Owner
	if cm.Done {
		key += "_done"
		e.SetTimeTransparency(ics.TransparencyTransparent)
	}
	e.SetSummary(f.c.T(key, map[string]string{"What": what, "Deal": oneLine(cm.Deal)}))
	e.SetDescription(strings.TrimSpace(clean(cm.What))) // the promise word for word, line breaks and all
	e.SetStartAt(cm.Due)
	e.SetEndAt(cm.Due.Add(commitmentSlot))
	return e, nil
}

// stage is an all-day event on the day a stage's prepayment is due (M6).
func (f *feed) stage(s Stage) (*ics.VEvent, error) {
	what := fmt.Sprintf("stage %d of deal %d", s.Number, s.DealID)
	if s.DealID <= 0 || s.Number <= 0 {
		return nil, parley.Errorf(parley.EINVALID, "%s: a stage needs its deal's id and a number from 1", what)
	}
	day, err := parseDay(s.Due, what)
	if err != nil {
		return nil, err
	}
	cur, err := money.Lookup(s.Currency)
	if err != nil {
		return nil, parley.Errorf(parley.EINVALID, "%s: %w", what, err)
	}
	amount, err := money.Parse(s.Amount, cur)
	if err != nil {
		return nil, parley.Errorf(parley.EINVALID, "%s: amount %q: %w", what, s.Amount, err)
	}
	e, err := f.event(fmt.Sprintf("stage-%d-%d@%s", s.DealID, s.Number, f.host), what)
	if err != nil {
		return nil, err
	}
	key := "stage"
	if s.Paid {
		key = "stage_paid"
	}
	e.SetSummary(f.c.T(key, map[string]any{"Number": s.Number, "Amount": locale.Money(f.c.Lang, amount), "Deal": oneLine(s.Deal)}))
	allDay(e, day)
	return e, nil
}

// delivery is an all-day event on a deal's delivery date.
func (f *feed) delivery(d Delivery) (*ics.VEvent, error) {
	what := fmt.Sprintf("delivery of deal %d", d.DealID)
	if d.DealID <= 0 {
		return nil, parley.Errorf(parley.EINVALID, "delivery %q needs its deal's id", d.Deal)
	}
	day, err := parseDay(d.Date, what)
	if err != nil {
		return nil, err
	}
	e, err := f.event(fmt.Sprintf("delivery-%d@%s", d.DealID, f.host), what)
	if err != nil {
		return nil, err
	}
	e.SetSummary(f.c.T("delivery", map[string]string{"Deal": oneLine(d.Deal)}))
	allDay(e, day)
	return e, nil
}

// allDay makes e a whole-day event: DTSTART;VALUE=DATE and DTEND the next
// day (RFC 5545 §3.6.1: DTEND is exclusive). It does not make the day busy.
func allDay(e *ics.VEvent, day time.Time) {
	e.SetAllDayStartAt(day)
	e.SetAllDayEndAt(day.AddDate(0, 0, 1))
	e.SetTimeTransparency(ics.TransparencyTransparent)
}

func parseDay(s, what string) (time.Time, error) {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, parley.Errorf(parley.EINVALID, "%s: date %q is not a date; write it as YYYY-MM-DD, like 2026-12-07", what, s)
	}
	return d, nil
}
