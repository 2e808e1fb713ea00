package pricing

import (
	"time"
)

// Date is a calendar day: a time.Time at midnight UTC. Quotes deal in days;
// the freelancer's time zone only decides which day "today" is, and the
// shell does that before calling the core.
type Date = time.Time

// Day returns the calendar day of t in t's own location.
func Day(t time.Time) Date {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ParseDate reads an ISO 8601 date, 2026-12-07.
func ParseDate(s string) (Date, error) {
	return time.Parse(time.DateOnly, s)
}

// Calendar is when the freelancer works: the weekdays, holidays and time off
// (M7: deadlines count working days only).
type Calendar struct {
	Workdays [7]bool            // indexed by time.Weekday
	Off      map[int64]struct{} // holidays and days of time off, by DayNumber
}

// DayNumber is the day's number since 1970-01-01: a cheap map key.
func DayNumber(d Date) int64 { return d.Unix() / 86400 }

// IsWorkingDay reports whether work happens on d.
func (c *Calendar) IsWorkingDay(d Date) bool {
	if !c.Workdays[d.Weekday()] {
		return false
	}
	_, off := c.Off[DayNumber(d)]
	return !off
}

// maxCalendarScan bounds every walk through the calendar: a policy whose
// time off blocks years at a stretch is refused by validation, and no
// computation may loop on one.
const maxCalendarScan = 20 * 366

// NextWorkingDay returns d if work happens on it, else the next day it does.
func (c *Calendar) NextWorkingDay(d Date) (Date, bool) {
	for range maxCalendarScan {
		if c.IsWorkingDay(d) {
			return d, true
		}
		d = d.AddDate(0, 0, 1)
	}
	return d, false
}

// Finish returns the day on which n working days of work that begins on
// start are done: start itself counts when it is a working day. n ≥ 1.
func (c *Calendar) Finish(start Date, n int) (Date, bool) {
	d, ok := c.NextWorkingDay(start)
	if !ok {
		return d, false
	}
	for i := 1; i < n; i++ {
		if d, ok = c.NextWorkingDay(d.AddDate(0, 0, 1)); !ok {
			return d, false
		}
	}
	return d, true
}

// WorkingDays counts the working days from start to end, both included.
func (c *Calendar) WorkingDays(start, end Date) int {
	n := 0
	for i, d := 0, start; !d.After(end) && i < maxCalendarScan; i, d = i+1, d.AddDate(0, 0, 1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return n
}
