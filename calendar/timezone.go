package calendar

import (
	"fmt"
	"slices"
	"time"

	ics "github.com/arran4/golang-ical"
)

// tzHorizonYears is how far ahead a zone's transitions are read from Go's
// time zone data. A zone whose changes follow a yearly weekday rule over
// the whole span ("last Sunday of March at 03:00") gets that rule as an
// RRULE, valid for ever, as Go's data itself extends it; any other zone
// gets its transitions listed one by one (RDATE) up to the horizon.
const tzHorizonYears = 10

// transition is one change of a zone's offset or name.
type transition struct {
	at       time.Time // the instant
	from, to int       // offsets east of UTC in seconds, before and after
	name     string    // the abbreviation after: EET, EEST, MSK
	dst      bool
}

// local is the transition's wall time in the offset before it, as
// VTIMEZONE's DTSTART, RRULE and RDATE want it.
func (t transition) local() time.Time { return t.at.Add(time.Duration(t.from) * time.Second).UTC() }

// zoneAt is what a zone says at one instant.
type zoneAt struct {
	name string
	off  int
	dst  bool
}

func zoneOf(t time.Time, loc *time.Location) zoneAt {
	t = t.In(loc)
	name, off := t.Zone()
	return zoneAt{name, off, t.IsDST()}
}

// transitions lists the change into the offset in effect at from, then
// every change before until. Changes are found by looking once a day and
// narrowing down to the second, not by stepping with ZoneBounds: past the
// last transition written out in the zone data, ZoneBounds reports a
// boundary at every new year that changes nothing, and in a leap year one
// that does not move forward (Go 1.26: 2040-12-31 in Europe/Helsinki).
func transitions(loc *time.Location, from, until time.Time) []transition {
	cur := zoneOf(from, loc)
	var out []transition
	if start, _ := from.In(loc).ZoneBounds(); start.IsZero() || start.After(from) {
		// One offset for all time (UTC, or a zone without history in the
		// data): a single observance from 1970.
		epoch := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Duration(cur.off) * time.Second)
		out = append(out, transition{at: epoch, from: cur.off, to: cur.off, name: cur.name, dst: cur.dst})
	} else {
		before := zoneOf(start.Add(-time.Second), loc)
		out = append(out, transition{at: start, from: before.off, to: cur.off, name: cur.name, dst: cur.dst})
	}
	for day := from; day.Before(until); {
		next := day.Add(24 * time.Hour)
		z := zoneOf(next, loc)
		if z == cur {
			day = next
			continue
		}
		lo, hi := day, next // cur at lo, something else at hi
		for hi.Sub(lo) > time.Second {
			mid := lo.Add(hi.Sub(lo) / 2).Truncate(time.Second)
			if zoneOf(mid, loc) == cur {
				lo = mid
			} else {
				hi = mid
			}
		}
		z = zoneOf(hi, loc)
		if !hi.Before(until) {
			break
		}
		out = append(out, transition{at: hi, from: cur.off, to: z.off, name: z.name, dst: z.dst})
		cur, day = z, hi
	}
	return out
}

// observance is one STANDARD or DAYLIGHT part of a VTIMEZONE: all the
// transitions into the same offset and name.
type observance struct {
	dst      bool
	name     string
	from, to int
	onsets   []time.Time // local wall times, as UTC values
}

// vtimezone describes loc from from onwards: every offset in effect from
// then on, with the rules or dates it starts on.
func vtimezone(loc *time.Location, from time.Time) *ics.VTimezone {
	until := from.AddDate(tzHorizonYears, 0, 0)
	var obs []*observance
	for _, tr := range transitions(loc, from, until) {
		i := slices.IndexFunc(obs, func(o *observance) bool {
			return o.dst == tr.dst && o.name == tr.name && o.from == tr.from && o.to == tr.to
		})
		if i < 0 {
			obs = append(obs, &observance{dst: tr.dst, name: tr.name, from: tr.from, to: tr.to})
			i = len(obs) - 1
		}
		obs[i].onsets = append(obs[i].onsets, tr.local())
	}
	z := ics.NewTimezone(loc.String())
	for _, o := range obs {
		var part *ics.ComponentBase
		if o.dst {
			d := &ics.Daylight{}
			z.Components = append(z.Components, d)
			part = &d.ComponentBase
		} else {
			s := z.AddStandard()
			part = &s.ComponentBase
		}
		part.AddProperty(ics.ComponentPropertyDtStart, o.onsets[0].Format("20060102T150405"))
		part.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetfrom), utcOffset(o.from))
		part.AddProperty(ics.ComponentProperty(ics.PropertyTzoffsetto), utcOffset(o.to))
		part.AddProperty(ics.ComponentProperty(ics.PropertyTzname), o.name)
		if rule, ok := yearlyRule(o.onsets, until.Year()-1); ok {
			part.AddProperty(ics.ComponentPropertyRrule, rule)
			continue
		}
		for _, on := range o.onsets[1:] {
			part.AddProperty(ics.ComponentPropertyRdate, on.Format("20060102T150405"))
		}
	}
	return z
}

// yearlyRule finds the RRULE that yields onsets: one a year without a gap
// up to lastYear, in one month, on the same weekday (the nth, or the last,
// of the month) at the same wall time.
func yearlyRule(onsets []time.Time, lastYear int) (string, bool) {
	if len(onsets) < 2 || onsets[len(onsets)-1].Year() < lastYear {
		return "", false // too few to see a rule, or the rule has ended
	}
	first := onsets[0]
	last, nth := true, (first.Day()-1)/7+1
	for i, on := range onsets {
		h, m, s := on.Clock()
		fh, fm, fs := first.Clock()
		if on.Year() != first.Year()+i || on.Month() != first.Month() || on.Weekday() != first.Weekday() || h != fh || m != fm || s != fs {
			return "", false
		}
		last = last && on.AddDate(0, 0, 7).Month() != on.Month()
		if (on.Day()-1)/7+1 != nth {
			nth = 0
		}
	}
	byday := ""
	switch {
	case last:
		byday = "-1" + icsDay(first.Weekday())
	case nth > 0:
		byday = fmt.Sprint(nth) + icsDay(first.Weekday())
	default:
		return "", false
	}
	return fmt.Sprintf("FREQ=YEARLY;BYMONTH=%d;BYDAY=%s", int(first.Month()), byday), true
}

// utcOffset writes seconds east of UTC as ±HHMM, or ±HHMMSS when the
// offset has seconds (old local mean times do).
func utcOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	if sec%60 != 0 {
		return fmt.Sprintf("%s%02d%02d%02d", sign, sec/3600, sec/60%60, sec%60)
	}
	return fmt.Sprintf("%s%02d%02d", sign, sec/3600, sec/60%60)
}
