package calendar

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/locale"
	"github.com/parley-desk/parley/pricing"
)

// The charter's call windows as freelancers write them, in each language.
func TestParseCallWindow(t *testing.T) {
	const (
		mon, tue, wed, thu, fri, sat, sun = time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday
	)
	cases := []struct {
		text       string
		days       []time.Weekday
		start, end Clock
	}{
		{"Tue 14:00–16:00", []time.Weekday{tue}, Clock{14, 0}, Clock{16, 0}},
		{"Thu 10:00–12:00", []time.Weekday{thu}, Clock{10, 0}, Clock{12, 0}},
		{"Mon–Fri 9:30–10:00", []time.Weekday{mon, tue, wed, thu, fri}, Clock{9, 30}, Clock{10, 0}},
		{"Tue, Thu 14-16", []time.Weekday{tue, thu}, Clock{14, 0}, Clock{16, 0}},
		{"tuesdays and thursdays 14.30 to 15.00", []time.Weekday{tue, thu}, Clock{14, 30}, Clock{15, 0}},
		{"Fri–Mon 8:00—9:00 (UK time)", []time.Weekday{mon, fri, sat, sun}, Clock{8, 0}, Clock{9, 0}},
		{"ti klo 14–16", []time.Weekday{tue}, Clock{14, 0}, Clock{16, 0}},
		{"to klo 10–12", []time.Weekday{thu}, Clock{10, 0}, Clock{12, 0}},
		{"ma–pe klo 9–10", []time.Weekday{mon, tue, wed, thu, fri}, Clock{9, 0}, Clock{10, 0}},
		{"tiistaisin ja torstaisin 13–14", []time.Weekday{tue, thu}, Clock{13, 0}, Clock{14, 0}},
		{"вт 14:00–16:00", []time.Weekday{tue}, Clock{14, 0}, Clock{16, 0}},
		{"чт 11:00–13:00", []time.Weekday{thu}, Clock{11, 0}, Clock{13, 0}},
		{"пн–пт с 10 до 11", []time.Weekday{mon, tue, wed, thu, fri}, Clock{10, 0}, Clock{11, 0}},
		{"по вторникам и четвергам 15:00-16:30", []time.Weekday{tue, thu}, Clock{15, 0}, Clock{16, 30}},
		{"Сб 10:00–11:00", []time.Weekday{sat}, Clock{10, 0}, Clock{11, 0}},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			w, err := ParseCallWindow(c.text, "Europe/Helsinki")
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(w.Days, c.days) || w.Start != c.start || w.End != c.end || w.TimeZone != "Europe/Helsinki" {
				t.Errorf("got %+v, want %v %v–%v", w, c.days, c.start, c.end)
			}
		})
	}
}

func TestParseCallWindowErrors(t *testing.T) {
	cases := []struct{ text, tz, want string }{
		{"Tuesday afternoons", "Europe/Helsinki", "does not end with a time range"},
		{"14:00–16:00", "Europe/Helsinki", "no weekday"},
		{"Someday 14–16", "Europe/Helsinki", `"someday" is not a weekday`},
		{"Tue 16:00–14:00", "Europe/Helsinki", "not after it starts"},
		{"Tue 14:00–25:00", "Europe/Helsinki", "between 00:00 and 23:59"},
		{"Tue 14:00–16:00", "Helsinki", "not a time zone"},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			_, err := ParseCallWindow(c.text, c.tz)
			var pe *parley.Error
			if !errors.As(err, &pe) || pe.Code != parley.EINVALID {
				t.Fatalf("error %v, want EINVALID", err)
			}
			if !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "write it like") {
				t.Errorf("message %q does not say %q and how to write it", err, c.want)
			}
		})
	}
}

// Every shipped example policy's call windows read, and make a valid feed.
func TestShippedPolicies(t *testing.T) {
	for _, name := range pricing.ExampleNames() {
		profession, lang, _ := strings.Cut(name, "-")
		if !locale.Supported(lang) {
			continue
		}
		t.Run(name, func(t *testing.T) {
			data, err := pricing.Example(profession, lang)
			if err != nil {
				t.Fatal(err)
			}
			p, err := pricing.ParsePolicy(data)
			if err != nil {
				t.Fatal(err)
			}
			windows, err := ParseCallWindows(p.Charter.CallWindows, p.TimeZone)
			if err != nil {
				t.Fatal(err)
			}
			if len(windows) != len(p.Charter.CallWindows) {
				t.Fatalf("%d windows read from %d", len(windows), len(p.Charter.CallWindows))
			}
			feed, err := Feed(Input{Language: lang, Host: host, Now: now, CallWindows: windows})
			if err != nil {
				t.Fatal(err)
			}
			if probs := strictCheck(feed); len(probs) > 0 {
				t.Fatal(probs)
			}
			if n := strings.Count(string(feed), "RRULE:FREQ=WEEKLY"); n != len(windows) {
				t.Errorf("%d weekly events for %d windows", n, len(windows))
			}
		})
	}
}
