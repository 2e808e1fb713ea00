// Package calendar writes the desk's iCalendar feed (RFC 5545): the
// promises both ways (P2), the stage payment dates (M6), the delivery
// dates and the freelancer's call windows (B1), for any calendar app to
// subscribe to. It is pure: plain values in, bytes out; the shell reads the
// store and passes the clock.
//
// Every event has a stable UID (commitment-42@HOST, stage-7-2@HOST, …), so
// that an app refreshing the feed updates its events instead of adding
// copies. Kept promises and paid stages stay in the feed, marked ✓ in their
// title, so the calendar keeps its history.
package calendar

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/locale"
	"github.com/parley-desk/parley/wording"
)

// refresh is how often a subscribed app should fetch the feed again.
const refresh = "PT1H"

// Feed writes the iCalendar feed of in: CRLF line endings, lines folded at
// 75 octets on UTF-8 boundaries, text escaped. Errors are EINVALID and name
// the item that is wrong.
func Feed(in Input) ([]byte, error) {
	if !locale.Supported(in.Language) {
		return nil, parley.Errorf(parley.EINVALID, "calendar language %q is not supported; use en, fi or ru", in.Language)
	}
	if err := checkHost(in.Host); err != nil {
		return nil, err
	}
	if in.Now.IsZero() {
		return nil, parley.Errorf(parley.EINVALID, "the feed needs the current time (Now) for its time stamps")
	}
	c, err := loadCatalog(in.Language)
	if err != nil {
		return nil, fmt.Errorf("calendar wording: %w", err)
	}
	f := &feed{c: c, host: in.Host, now: in.Now.UTC(), uids: map[string]bool{}}

	cal := ics.NewCalendarFor("Parley")
	cal.SetProductId("-//Parley//Parley desk//" + strings.ToUpper(in.Language))
	cal.SetMethod(ics.MethodPublish)
	cal.SetCalscale("GREGORIAN")
	name := oneLine(in.Name)
	if name == "" {
		name = c.T("calendar_name", nil)
	}
	cal.SetName(name) // NAME (RFC 7986) and X-WR-CALNAME, which older apps read
	cal.SetXPublishedTTL(refresh)
	cal.CalendarProperties = append(cal.CalendarProperties, ics.CalendarProperty{BaseProperty: ics.BaseProperty{
		IANAToken: "REFRESH-INTERVAL", ICalParameters: map[string][]string{"VALUE": {"DURATION"}}, Value: refresh,
	}})

	// Time zones first: the call windows' DTSTART and DTEND refer to them.
	zones, events, err := f.callWindows(in.CallWindows)
	if err != nil {
		return nil, err
	}
	for _, z := range zones {
		cal.AddVTimezone(z)
	}
	for _, e := range events {
		cal.AddVEvent(e)
	}
	for _, cm := range in.Commitments {
		e, err := f.commitment(cm)
		if err != nil {
			return nil, err
		}
		cal.AddVEvent(e)
	}
	for _, s := range in.Stages {
		e, err := f.stage(s)
		if err != nil {
			return nil, err
		}
		cal.AddVEvent(e)
	}
	for _, d := range in.Deliveries {
		e, err := f.delivery(d)
		if err != nil {
			return nil, err
		}
		cal.AddVEvent(e)
	}

	var b bytes.Buffer
	if err := cal.SerializeTo(&b, ics.WithNewLineWindows); err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	return b.Bytes(), nil
}

// feed holds what every event needs while the calendar is built.
type feed struct {
	c    *wording.Catalog
	host string
	now  time.Time
	uids map[string]bool
}

// event starts an event with its UID and time stamp. Two items with one
// UID would make an app drop one of them, so that is refused.
func (f *feed) event(uid, what string) (*ics.VEvent, error) {
	if f.uids[uid] {
		return nil, parley.Errorf(parley.EINVALID, "%s appears twice in the feed; each needs its own id", what)
	}
	f.uids[uid] = true
	e := ics.NewEvent(uid)
	e.SetDtStampTime(f.now)
	return e, nil
}

// checkHost accepts a host name, with a port if any: it goes into every
// UID, so spaces, "@" and controls are refused.
func checkHost(h string) error {
	ok := h != ""
	for _, r := range h {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == ':') {
			ok = false
		}
	}
	if !ok {
		return parley.Errorf(parley.EINVALID, "calendar host %q is not a host name; pass the desk's host, like parley.example.com", h)
	}
	return nil
}
