package calendar

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
)

// onset is an instant from which a VTIMEZONE puts an offset in effect.
type onset struct {
	at time.Time
	to int
}

// zoneOnsets expands a parsed VTIMEZONE's observances (DTSTART, the yearly
// RRULEs this package writes, RDATEs) into instants up to until: an
// evaluator written for the test, as a calendar app would read the zone.
func zoneOnsets(t *testing.T, z *ics.VTimezone, until time.Time) []onset {
	t.Helper()
	var out []onset
	for _, sub := range z.SubComponents() {
		props := map[string][]string{}
		for _, p := range sub.UnknownPropertiesIANAProperties() {
			props[p.IANAToken] = append(props[p.IANAToken], p.Value)
		}
		from, to := parseOffset(t, props["TZOFFSETFROM"][0]), parseOffset(t, props["TZOFFSETTO"][0])
		start := parseLocal(t, props["DTSTART"][0])
		locals := []time.Time{start}
		for _, r := range props["RDATE"] {
			for _, v := range strings.Split(r, ",") {
				locals = append(locals, parseLocal(t, v))
			}
		}
		for _, rule := range props["RRULE"] {
			month, n, wd := parseYearly(t, rule)
			for y := start.Year(); y <= until.Year(); y++ {
				d := nthWeekday(y, month, n, wd).Add(time.Duration(start.Hour())*time.Hour + time.Duration(start.Minute())*time.Minute)
				if d.After(start) {
					locals = append(locals, d)
				}
			}
		}
		for _, l := range locals {
			out = append(out, onset{at: l.Add(-time.Duration(from) * time.Second), to: to})
		}
	}
	slices.SortFunc(out, func(a, b onset) int { return a.at.Compare(b.at) })
	return out
}

// offsetAt is the offset the zone puts in effect at at; false before
// its first observance.
func offsetAt(onsets []onset, at time.Time) (int, bool) {
	i, _ := slices.BinarySearchFunc(onsets, at, func(o onset, at time.Time) int {
		if o.at.After(at) {
			return 1
		}
		return -1
	})
	if i == 0 {
		return 0, false
	}
	return onsets[i-1].to, true
}

func parseOffset(t *testing.T, s string) int {
	t.Helper()
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	h, _ := strconv.Atoi(s[1:3])
	m, _ := strconv.Atoi(s[3:5])
	sec := 0
	if len(s) == 7 {
		sec, _ = strconv.Atoi(s[5:7])
	}
	return sign * (h*3600 + m*60 + sec)
}

func parseLocal(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse("20060102T150405", s)
	if err != nil {
		t.Fatalf("local time %q: %v", s, err)
	}
	return d
}

// parseYearly reads FREQ=YEARLY;BYMONTH=m;BYDAY=nDD, the only RRULE form a
// VTIMEZONE of this package has.
func parseYearly(t *testing.T, rule string) (time.Month, int, time.Weekday) {
	t.Helper()
	parts := map[string]string{}
	for _, kv := range strings.Split(rule, ";") {
		k, v, _ := strings.Cut(kv, "=")
		parts[k] = v
	}
	month, err := strconv.Atoi(parts["BYMONTH"])
	day := parts["BYDAY"]
	if parts["FREQ"] != "YEARLY" || err != nil || len(day) < 3 {
		t.Fatalf("unexpected RRULE %q", rule)
	}
	n, err := strconv.Atoi(day[:len(day)-2])
	wd := strings.Index(icsDays, day[len(day)-2:]) / 2
	if err != nil || wd < 0 {
		t.Fatalf("unexpected BYDAY in %q", rule)
	}
	return time.Month(month), n, time.Weekday(wd)
}

// nthWeekday is the nth wd of the month (n = -1: the last one).
func nthWeekday(y int, m time.Month, n int, wd time.Weekday) time.Time {
	if n < 0 {
		d := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
		for d.Weekday() != wd {
			d = d.AddDate(0, 0, -1)
		}
		return d
	}
	d := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != wd {
		d = d.AddDate(0, 0, 1)
	}
	return d.AddDate(0, 0, 7*(n-1))
}

// The VTIMEZONE written for a call window gives, at every hour of the ten
// years it covers and on both sides of every transition, the same UTC
// offset as Go's zone data. Zones with a yearly rule get RRULEs and stay
// right far beyond the horizon; irregular ones (Casablanca's Ramadan,
// Gaza) get their transitions listed.
func TestVTimezoneMatchesGo(t *testing.T) {
	cases := []struct {
		zone    string
		regular bool // has a yearly weekday rule: expect RRULEs, check 30 years
	}{
		{"Europe/Helsinki", true}, {"Europe/London", true}, {"Europe/Dublin", true},
		{"America/New_York", true}, {"America/St_Johns", true}, {"Australia/Sydney", true},
		{"Pacific/Auckland", true}, {"Pacific/Chatham", true}, {"Antarctica/Troll", true},
		{"Europe/Moscow", false}, {"UTC", false}, {"Asia/Kolkata", false}, {"Asia/Tehran", false},
		{"America/Sao_Paulo", false}, {"America/Santiago", false}, {"Africa/Casablanca", false}, {"Asia/Gaza", false},
	}
	for _, c := range cases {
		t.Run(c.zone, func(t *testing.T) {
			loc, err := time.LoadLocation(c.zone)
			if err != nil {
				t.Skip("no zone data:", err)
			}
			in := Input{Language: "en", Host: host, Now: now, CallWindows: []CallWindow{
				{Days: []time.Weekday{time.Monday, time.Friday}, Start: Clock{9, 0}, End: Clock{9, 30}, TimeZone: c.zone},
			}}
			data, err := Feed(in)
			if err != nil {
				t.Fatal(err)
			}
			if probs := strictCheck(data); len(probs) > 0 {
				t.Fatalf("not valid iCalendar:\n%s", strings.Join(probs, "\n"))
			}
			zones := parse(t, data).Timezones()
			if len(zones) != 1 {
				t.Fatalf("%d VTIMEZONEs", len(zones))
			}
			from := time.Date(now.In(loc).Year(), time.January, 1, 0, 0, 0, 0, loc)
			horizon := from.AddDate(tzHorizonYears, 0, 0)
			check := horizon
			if c.regular {
				check = from.AddDate(30, 0, 0)
				if strings.Contains(string(data), "RDATE") {
					t.Errorf("a regular zone has RDATEs:\n%s", data)
				}
			}
			onsets := zoneOnsets(t, zones[0], check)
			compare := func(at time.Time) {
				_, want := at.In(loc).Zone()
				if got, ok := offsetAt(onsets, at); !ok || got != want {
					t.Fatalf("at %v the VTIMEZONE says %+ds, Go %+ds\n%s", at.UTC(), got, want, data)
				}
			}
			// Every hour, and both sides of every change Go's data makes,
			// to the second.
			goOffset := func(at time.Time) int { _, off := at.In(loc).Zone(); return off }
			for at := from; at.Before(check); at = at.Add(time.Hour) {
				compare(at)
				if next := at.Add(time.Hour); goOffset(next) != goOffset(at) {
					lo, hi := at, next
					for hi.Sub(lo) > time.Second {
						if mid := lo.Add(hi.Sub(lo) / 2).Truncate(time.Second); goOffset(mid) == goOffset(lo) {
							lo = mid
						} else {
							hi = mid
						}
					}
					compare(lo)
					compare(hi)
				}
			}
		})
	}
}

// A call window keeps its wall-clock time across DST: Tuesday 14:00 in
// Helsinki is 12:00 UTC in January and 11:00 UTC in July, by the zone the
// feed itself defines.
func TestCallWindowAcrossDST(t *testing.T) {
	data, err := Feed(fixture(t, "en"))
	if err != nil {
		t.Fatal(err)
	}
	cal := parse(t, data)
	onsets := zoneOnsets(t, cal.Timezones()[0], time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	for _, c := range []struct {
		local time.Time
		utc   string
	}{
		{time.Date(2027, 1, 12, 14, 0, 0, 0, time.UTC), "2027-01-12T12:00:00Z"},
		{time.Date(2027, 7, 13, 14, 0, 0, 0, time.UTC), "2027-07-13T11:00:00Z"},
		{time.Date(2027, 3, 30, 14, 0, 0, 0, time.UTC), "2027-03-30T11:00:00Z"}, // the Tuesday after the change
	} {
		// The wall time minus the offset in effect then (the offset before an
		// onset decides nothing here: no transition falls on a Tuesday).
		guess := c.local.Add(-2 * time.Hour)
		off, ok := offsetAt(onsets, guess)
		if !ok {
			t.Fatalf("%v is before the zone's first observance", guess)
		}
		if got := c.local.Add(-time.Duration(off) * time.Second).Format(time.RFC3339); got != c.utc {
			t.Errorf("%s local is %s UTC, want %s", c.local.Format("2006-01-02 15:04"), got, c.utc)
		}
	}
}

// yearlyRule recognises last-weekday and nth-weekday rules and refuses the
// rest.
func TestYearlyRule(t *testing.T) {
	d := func(y int, m time.Month, day, h int) time.Time { return time.Date(y, m, day, h, 0, 0, 0, time.UTC) }
	cases := []struct {
		name   string
		onsets []time.Time
		want   string
	}{
		{"last Sunday of March", []time.Time{d(2026, 3, 29, 3), d(2027, 3, 28, 3), d(2028, 3, 26, 3)}, "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"},
		{"second Sunday of March", []time.Time{d(2026, 3, 8, 2), d(2027, 3, 14, 2), d(2028, 3, 12, 2)}, "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"},
		{"first Sunday of April", []time.Time{d(2026, 4, 5, 3), d(2027, 4, 4, 3), d(2028, 4, 2, 3)}, "FREQ=YEARLY;BYMONTH=4;BYDAY=1SU"},
		{"a year missing", []time.Time{d(2026, 3, 29, 3), d(2028, 3, 26, 3)}, ""},
		{"ended before the horizon", []time.Time{d(2024, 3, 31, 3), d(2025, 3, 30, 3)}, ""},
		{"fixed date", []time.Time{d(2026, 3, 21, 0), d(2027, 3, 21, 0), d(2028, 3, 21, 0)}, ""},
		{"hour changes", []time.Time{d(2026, 3, 29, 3), d(2027, 3, 28, 2), d(2028, 3, 26, 3)}, ""},
		{"one only", []time.Time{d(2028, 3, 26, 3)}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := yearlyRule(c.onsets, 2028)
			if got != c.want || ok != (c.want != "") {
				t.Errorf("got %q %v, want %q", got, ok, c.want)
			}
		})
	}
}
