package calendar

import (
	"bytes"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/locale"
)

const host = "desk.example.com"

var now = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

func helsinki(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		t.Skip("no time zone data on this machine:", err)
	}
	return loc
}

// fixture is a freelancer's week: promises both ways (one kept), stages of
// two deals in two currencies (one paid), a delivery and two call windows.
func fixture(t testing.TB, lang string) Input {
	return Input{
		Language: lang, Host: host, Now: now, Name: "Parley: Anna",
		Commitments: []Commitment{
			{ID: 42, Owner: OwnerClient, What: "send the brief", Deal: "Website copy", Due: time.Date(2026, 12, 2, 13, 0, 0, 0, time.UTC)},
			{ID: 43, Owner: OwnerMe, What: "call to agree the structure", Deal: "Website copy", Due: time.Date(2026, 12, 3, 10, 30, 0, 0, helsinki(t))},
			{ID: 44, Owner: OwnerMe, What: "send the contract", Due: time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC), Done: true},
		},
		Stages: []Stage{
			{DealID: 7, Deal: "Website copy", Number: 1, Amount: "1250.00", Currency: "EUR", Due: "2026-12-01", Paid: true},
			{DealID: 7, Deal: "Website copy", Number: 2, Amount: "1250", Currency: "EUR", Due: "2026-12-15"},
			{DealID: 9, Deal: "Ёлки-Палки", Number: 1, Amount: "45000", Currency: "RUB", Due: "2026-12-10"},
		},
		Deliveries: []Delivery{{DealID: 7, Deal: "Website copy", Date: "2026-12-22"}},
		CallWindows: []CallWindow{
			{Days: []time.Weekday{time.Tuesday}, Start: Clock{14, 0}, End: Clock{16, 0}, TimeZone: "Europe/Helsinki"},
			{Days: []time.Weekday{time.Thursday}, Start: Clock{10, 0}, End: Clock{12, 0}, TimeZone: "Europe/Helsinki"},
		},
	}
}

// event is what a test expects of one VEVENT, as the parser reads it back.
type event struct {
	start, end, tzid, value, rrule, transp, description string
}

// wantEvents are the fixture's events apart from their titles, which
// depend on the language.
func wantEvents() map[string]event {
	return map[string]event{
		"commitment-42@" + host:           {start: "20261202T130000Z", end: "20261202T131500Z", description: "send the brief"},
		"commitment-43@" + host:           {start: "20261203T083000Z", end: "20261203T084500Z", description: "call to agree the structure"}, // 10:30 in Helsinki, in UTC
		"commitment-44@" + host:           {start: "20261128T120000Z", end: "20261128T121500Z", description: "send the contract", transp: "TRANSPARENT"},
		"stage-7-1@" + host:               {start: "20261201", end: "20261202", value: "DATE", transp: "TRANSPARENT"},
		"stage-7-2@" + host:               {start: "20261215", end: "20261216", value: "DATE", transp: "TRANSPARENT"},
		"stage-9-1@" + host:               {start: "20261210", end: "20261211", value: "DATE", transp: "TRANSPARENT"},
		"delivery-7@" + host:              {start: "20261222", end: "20261223", value: "DATE", transp: "TRANSPARENT"},
		"callwindow-tu-1400-1600@" + host: {start: "20260106T140000", end: "20260106T160000", tzid: "Europe/Helsinki", rrule: "FREQ=WEEKLY;BYDAY=TU", transp: "TRANSPARENT"},
		"callwindow-th-1000-1200@" + host: {start: "20260101T100000", end: "20260101T120000", tzid: "Europe/Helsinki", rrule: "FREQ=WEEKLY;BYDAY=TH", transp: "TRANSPARENT"},
	}
}

// wantTitles are the fixture's event titles per language (the UID's first
// part is the key).
func wantTitles() map[string]map[string]string {
	return map[string]map[string]string{
		"en": {
			"commitment-42": "Client owes: send the brief — Website copy",
			"commitment-43": "I promised: call to agree the structure — Website copy",
			"commitment-44": "✓ Done: send the contract",
			"stage-7-1":     "✓ Stage 1 paid: €1,250.00 — Website copy",
			"stage-7-2":     "Stage 2 payment due: €1,250.00 — Website copy",
			"stage-9-1":     "Stage 1 payment due: ₽45,000.00 — Ёлки-Палки",
			"delivery-7":    "Delivery due: Website copy",
			"callwindow-tu": "Call window",
			"callwindow-th": "Call window",
		},
		"fi": {
			"commitment-42": "Asiakas lupasi: send the brief — Website copy",
			"commitment-43": "Lupasin: call to agree the structure — Website copy",
			"commitment-44": "✓ Tehty: send the contract",
			"stage-7-1":     "✓ Vaihe 1 maksettu: 1 250,00 € — Website copy",
			"stage-7-2":     "Vaiheen 2 maksu erääntyy: 1 250,00 € — Website copy",
			"stage-9-1":     "Vaiheen 1 maksu erääntyy: 45 000,00 ₽ — Ёлки-Палки",
			"delivery-7":    "Toimituspäivä: Website copy",
			"callwindow-tu": "Puheluaika",
			"callwindow-th": "Puheluaika",
		},
		"ru": {
			"commitment-42": "Клиент должен: send the brief — Website copy",
			"commitment-43": "Моё обещание: call to agree the structure — Website copy",
			"commitment-44": "✓ Сделано: send the contract",
			"stage-7-1":     "✓ Этап 1 оплачен: 1 250,00 € — Website copy",
			"stage-7-2":     "Срок оплаты этапа 2: 1 250,00 € — Website copy",
			"stage-9-1":     "Срок оплаты этапа 1: 45 000,00 ₽ — Ёлки-Палки",
			"delivery-7":    "Сдача работы: Website copy",
			"callwindow-tu": "Время для созвонов",
			"callwindow-th": "Время для созвонов",
		},
	}
}

func titleKey(uid string) string {
	uid, _, _ = strings.Cut(uid, "@")
	if rest, ok := strings.CutPrefix(uid, "callwindow-"); ok {
		return "callwindow-" + rest[:2]
	}
	return uid
}

func parse(t testing.TB, data []byte) *ics.Calendar {
	t.Helper()
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("golang-ical cannot read the feed back: %v\n%s", err, data)
	}
	return cal
}

func value(c *ics.ComponentBase, p ics.ComponentProperty) string {
	if v := c.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

func param(c *ics.ComponentBase, p ics.ComponentProperty, name string) string {
	if v := c.GetProperty(p); v != nil && len(v.ICalParameters[name]) > 0 {
		return v.ICalParameters[name][0]
	}
	return ""
}

// Every event of the feed, read back with golang-ical, in each language:
// title, times and their types, recurrence, transparency, time stamp.
func TestFeedEvents(t *testing.T) {
	for _, lang := range locale.Languages {
		t.Run(lang, func(t *testing.T) {
			data, err := Feed(fixture(t, lang))
			if err != nil {
				t.Fatal(err)
			}
			if probs := strictCheck(data); len(probs) > 0 {
				t.Fatalf("not valid iCalendar:\n%s", strings.Join(probs, "\n"))
			}
			cal := parse(t, data)
			want, titles := wantEvents(), wantTitles()[lang]
			var got []string
			for _, e := range cal.Events() {
				uid := e.Id()
				got = append(got, uid)
				w, ok := want[uid]
				if !ok {
					t.Errorf("unexpected event %s", uid)
					continue
				}
				checks := []struct{ name, got, want string }{
					{"SUMMARY", value(&e.ComponentBase, ics.ComponentPropertySummary), titles[titleKey(uid)]},
					{"DTSTAMP", value(&e.ComponentBase, ics.ComponentPropertyDtstamp), "20261130T090000Z"},
					{"DTSTART", value(&e.ComponentBase, ics.ComponentPropertyDtStart), w.start},
					{"DTEND", value(&e.ComponentBase, ics.ComponentPropertyDtEnd), w.end},
					{"DTSTART;TZID", param(&e.ComponentBase, ics.ComponentPropertyDtStart, "TZID"), w.tzid},
					{"DTEND;TZID", param(&e.ComponentBase, ics.ComponentPropertyDtEnd, "TZID"), w.tzid},
					{"DTSTART;VALUE", param(&e.ComponentBase, ics.ComponentPropertyDtStart, "VALUE"), w.value},
					{"DTEND;VALUE", param(&e.ComponentBase, ics.ComponentPropertyDtEnd, "VALUE"), w.value},
					{"RRULE", value(&e.ComponentBase, ics.ComponentPropertyRrule), w.rrule},
					{"TRANSP", value(&e.ComponentBase, ics.ComponentPropertyTransp), w.transp},
				}
				if w.description != "" {
					checks = append(checks, struct{ name, got, want string }{"DESCRIPTION", value(&e.ComponentBase, ics.ComponentPropertyDescription), w.description})
				}
				for _, c := range checks {
					if c.got != c.want {
						t.Errorf("%s %s = %q, want %q", uid, c.name, c.got, c.want)
					}
				}
				if w.value == "" && w.tzid == "" { // a UTC time the library reads back as the same instant
					start, err := e.GetStartAt()
					if err != nil || start.Format("20060102T150405Z") != w.start {
						t.Errorf("%s: start read back as %v (%v)", uid, start, err)
					}
				}
			}
			if wantUIDs := slices.Sorted(maps.Keys(want)); !slices.Equal(slices.Sorted(slices.Values(got)), wantUIDs) {
				t.Errorf("events %v, want %v", got, wantUIDs)
			}
			props := map[string]string{}
			for _, p := range cal.CalendarProperties {
				props[p.IANAToken] = p.Value
			}
			for name, want := range map[string]string{
				"VERSION": "2.0", "PRODID": "-//Parley//Parley desk//" + strings.ToUpper(lang), "X-WR-CALNAME": "Parley: Anna",
				"NAME": "Parley: Anna", "METHOD": "PUBLISH", "CALSCALE": "GREGORIAN",
			} {
				if props[name] != want {
					t.Errorf("%s = %q, want %q", name, props[name], want)
				}
			}
			if zones := cal.Timezones(); len(zones) != 1 || value(&zones[0].ComponentBase, ics.ComponentPropertyTzid) != "Europe/Helsinki" {
				t.Errorf("want one VTIMEZONE for Europe/Helsinki, got %d", len(zones))
			}
		})
	}
}

// UIDs are stable: a later refresh of the same commitments, in another
// order, yields the same events with the same UIDs, so that apps update
// them instead of adding copies.
func TestStableUIDs(t *testing.T) {
	a := fixture(t, "en")
	b := fixture(t, "en")
	b.Now = now.Add(36 * time.Hour)
	slices.Reverse(b.Commitments)
	slices.Reverse(b.Stages)
	b.Commitments[0].Done = true
	events := func(in Input) map[string]string {
		data, err := Feed(in)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, e := range parse(t, data).Events() {
			out[e.Id()] = value(&e.ComponentBase, ics.ComponentPropertyDtStart)
		}
		return out
	}
	if ea, eb := events(a), events(b); !maps.Equal(ea, eb) {
		t.Errorf("the events moved between refreshes:\n%v\n%v", ea, eb)
	}
}

// The freelancer's or the client's words survive the trip through the
// feed exactly: escapes, line breaks, Cyrillic, ä and ö, long lines that
// must be folded.
func TestUserTextRoundTrip(t *testing.T) {
	cases := []struct{ name, what, deal string }{
		{"escapes", "send \"the brief\"; then, maybe \\ and\na newline", "Site; copy, v2 \\ final"},
		{"finnish", "lähetä yhteenveto: tärkeät kohdat ja päätökset, äöÄÖå", "Äänekosken Öljy"},
		{"russian", "прислать бриф; согласовать структуру, ёлки", "Ёлки-Палки"},
		{"long", strings.Repeat("Ж ä; x, \\ ", 40), strings.Repeat("ö", 100)},
		{"no spaces", strings.Repeat("ЁжиКö€", 60), "x"},
		{"emoji and tabs", "📞 call\tback 👍🏽", "🚀"},
		{"CRLF and CR", "line one\r\nline two\rline three", "d"},
		{"blank lines", "first\n\n  second  \n", "d"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := Input{Language: "ru", Host: host, Now: now, Name: c.deal,
				Commitments: []Commitment{{ID: 1, Owner: OwnerClient, What: c.what, Deal: c.deal, Due: now}}}
			data, err := Feed(in)
			if err != nil {
				t.Fatal(err)
			}
			if probs := strictCheck(data); len(probs) > 0 {
				t.Fatalf("not valid iCalendar:\n%s\n%s", strings.Join(probs, "\n"), data)
			}
			e := parse(t, data).Events()[0]
			wantDesc := strings.TrimSpace(strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(c.what))
			if got := value(&e.ComponentBase, ics.ComponentPropertyDescription); got != wantDesc {
				t.Errorf("DESCRIPTION\n got %q\nwant %q", got, wantDesc)
			}
			wantSum := "Клиент должен: " + strings.Join(strings.Fields(c.what), " ") + " — " + strings.Join(strings.Fields(c.deal), " ")
			if got := value(&e.ComponentBase, ics.ComponentPropertySummary); got != wantSum {
				t.Errorf("SUMMARY\n got %q\nwant %q", got, wantSum)
			}
			if probs := strictCheckText(data, "DESCRIPTION", wantDesc); probs != "" {
				t.Error(probs)
			}
		})
	}
}

// strictCheckText reads a TEXT property back with the test's own parser
// too, so that the round trip does not rest on golang-ical alone.
func strictCheckText(data []byte, name, want string) string {
	unfolded := strings.ReplaceAll(strings.ReplaceAll(string(data), "\r\n ", ""), "\r\n\t", "")
	for _, l := range strings.Split(unfolded, "\r\n") {
		if p, err := parseContentLine(l); err == nil && p.name == name {
			if p.value != want {
				return name + " read by the strict parser: " + p.value
			}
			return ""
		}
	}
	return "no " + name
}

// Wrong input is refused with a message that says what to fix.
func TestFeedErrors(t *testing.T) {
	cases := []struct {
		name   string
		change func(*Input)
		want   string
	}{
		{"language", func(in *Input) { in.Language = "de" }, "use en, fi or ru"},
		{"host", func(in *Input) { in.Host = "desk example" }, "not a host name"},
		{"no host", func(in *Input) { in.Host = "" }, "not a host name"},
		{"no clock", func(in *Input) { in.Now = time.Time{} }, "current time"},
		{"owner", func(in *Input) { in.Commitments[0].Owner = "them" }, `write "me" or "client"`},
		{"no due", func(in *Input) { in.Commitments[0].Due = time.Time{} }, "no due time"},
		{"no text", func(in *Input) { in.Commitments[0].What = " \n" }, "say what was promised"},
		{"no id", func(in *Input) { in.Commitments[0].ID = 0 }, "has no id"},
		{"same id", func(in *Input) { in.Commitments[1].ID = 42 }, "appears twice"},
		{"date", func(in *Input) { in.Stages[0].Due = "15.12.2026" }, "YYYY-MM-DD"},
		{"currency", func(in *Input) { in.Stages[0].Currency = "XXX" }, "ISO 4217"},
		{"amount", func(in *Input) { in.Stages[0].Amount = "12.345" }, "amount"},
		{"stage number", func(in *Input) { in.Stages[0].Number = 0 }, "number from 1"},
		{"delivery date", func(in *Input) { in.Deliveries[0].Date = "" }, "YYYY-MM-DD"},
		{"zone", func(in *Input) { in.CallWindows[0].TimeZone = "Mars/Olympus" }, "not a time zone"},
		{"no zone", func(in *Input) { in.CallWindows[0].TimeZone = "" }, "no time zone"},
		{"window backwards", func(in *Input) { in.CallWindows[0].End = Clock{13, 0} }, "not after it starts"},
		{"no days", func(in *Input) { in.CallWindows[0].Days = nil }, "no weekday"},
		{"bad clock", func(in *Input) { in.CallWindows[0].End = Clock{25, 0} }, "between 00:00 and 23:59"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := fixture(t, "en")
			c.change(&in)
			_, err := Feed(in)
			var pe *parley.Error
			if !errors.As(err, &pe) || pe.Code != parley.EINVALID {
				t.Fatalf("error %v, want EINVALID", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("message %q does not say %q", err, c.want)
			}
		})
	}
}

// An empty feed is still a valid calendar with its name.
func TestEmptyFeed(t *testing.T) {
	data, err := Feed(Input{Language: "fi", Host: host, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if probs := strictCheck(data); len(probs) > 0 {
		t.Fatal(probs)
	}
	if !bytes.Contains(data, []byte("X-WR-CALNAME:Parley\r\n")) {
		t.Errorf("no default name:\n%s", data)
	}
}

// Every catalog has every entry and compiles.
func TestCatalogs(t *testing.T) {
	for _, lang := range locale.Languages {
		if _, err := loadCatalog(lang); err != nil {
			t.Errorf("%s: %v", lang, err)
		}
	}
}
