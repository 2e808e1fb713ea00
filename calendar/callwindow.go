package calendar

import (
	"fmt"
	"slices"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/parley-desk/parley"
)

// icsDays are RFC 5545's weekday codes, indexed by time.Weekday.
const icsDays = "SUMOTUWETHFRSA"

func icsDay(d time.Weekday) string { return icsDays[2*d : 2*d+2] }

// callWindows makes one weekly event per call window (B1), in its own time
// zone with TZID, and one VTIMEZONE per zone used. Local wall times with a
// zone stay right across DST changes, which UTC times would not: a window
// at 14:00 in Helsinki is 12:00 UTC in winter and 11:00 UTC in summer.
func (f *feed) callWindows(windows []CallWindow) ([]*ics.VTimezone, []*ics.VEvent, error) {
	var zones []*ics.VTimezone
	var events []*ics.VEvent
	seen := map[string]bool{}
	for i, w := range windows {
		loc, err := checkWindow(w)
		if err != nil {
			return nil, nil, parley.Errorf(parley.EINVALID, "call window %d: %w", i+1, err)
		}
		days := weekdays(w.Days)
		codes := make([]string, len(days))
		for j, d := range days {
			codes[j] = icsDay(d)
		}
		uid := fmt.Sprintf("callwindow-%s-%02d%02d-%02d%02d@%s", strings.ToLower(strings.Join(codes, "-")),
			w.Start.Hour, w.Start.Minute, w.End.Hour, w.End.Minute, f.host)
		if f.uids[uid] { // the same window written twice in the charter: show it once
			continue
		}
		// The series starts on the first of its days this year: stable across
		// refreshes all year, and covered by the zone's definition below.
		year := f.now.In(loc).Year()
		first := time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC)
		for !slices.Contains(days, first.Weekday()) {
			first = first.AddDate(0, 0, 1)
		}
		if !seen[w.TimeZone] {
			seen[w.TimeZone] = true
			zones = append(zones, vtimezone(loc, time.Date(year, time.January, 1, 0, 0, 0, 0, loc)))
		}
		e, err := f.event(uid, fmt.Sprintf("call window %d", i+1))
		if err != nil {
			return nil, nil, err
		}
		e.SetSummary(f.c.T("call_window", nil))
		e.SetDescription(f.c.T("call_window_description", nil))
		e.SetProperty(ics.ComponentPropertyDtStart, wallTime(first, w.Start), ics.WithTZID(w.TimeZone))
		e.SetProperty(ics.ComponentPropertyDtEnd, wallTime(first, w.End), ics.WithTZID(w.TimeZone))
		e.AddRrule("FREQ=WEEKLY;BYDAY=" + strings.Join(codes, ","))
		e.SetTimeTransparency(ics.TransparencyTransparent) // a time to be reachable, not a busy time
		events = append(events, e)
	}
	return zones, events, nil
}

// checkWindow returns the window's zone, or what is wrong with it.
func checkWindow(w CallWindow) (*time.Location, error) {
	if w.TimeZone == "" || w.TimeZone == "Local" {
		return nil, fmt.Errorf("no time zone; give an IANA name like Europe/Helsinki")
	}
	loc, err := time.LoadLocation(w.TimeZone)
	if err != nil {
		return nil, fmt.Errorf("%q is not a time zone; give an IANA name like Europe/Helsinki", w.TimeZone)
	}
	switch {
	case len(w.Days) == 0:
		return nil, fmt.Errorf("names no weekday; give at least one")
	case !w.Start.valid() || !w.End.valid():
		return nil, fmt.Errorf("times must lie between 00:00 and 23:59")
	case w.Start.minutes() >= w.End.minutes():
		return nil, fmt.Errorf("ends at %02d:%02d, not after it starts at %02d:%02d; a window runs within one day",
			w.End.Hour, w.End.Minute, w.Start.Hour, w.Start.Minute)
	}
	for _, d := range w.Days {
		if d < time.Sunday || d > time.Saturday {
			return nil, fmt.Errorf("weekday %d does not exist", d)
		}
	}
	return loc, nil
}

// weekdays are days sorted Monday first, each once, so that one window
// always has one UID however its days were listed.
func weekdays(days []time.Weekday) []time.Weekday {
	out := slices.Clone(days)
	monFirst := func(d time.Weekday) int { return (int(d) + 6) % 7 }
	slices.SortFunc(out, func(a, b time.Weekday) int { return monFirst(a) - monFirst(b) })
	return slices.Compact(out)
}

// wallTime is day at clock c as an iCalendar local DATE-TIME, written out
// directly: going through time.Date in the zone would move a time that
// falls in a DST gap.
func wallTime(day time.Time, c Clock) string {
	return fmt.Sprintf("%04d%02d%02dT%02d%02d00", day.Year(), int(day.Month()), day.Day(), c.Hour, c.Minute)
}
