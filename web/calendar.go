package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/calendar"
	"github.com/parley-desk/parley/negotiate"
)

// The calendar feed (P2, M6, B1): a secret address per workspace that
// calendar apps subscribe to, with the open promises both ways, the unpaid
// stages, the delivery dates of open deals and the call windows.

func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request, u *parley.User) {
	s.render(w, r, http.StatusOK, "calendar", map[string]any{"User": u, "Feed": s.sessions.PopString(r.Context(), "new_feed")})
}

// newFeed makes a new feed address, shown once; the old one stops.
func (s *Server) newFeed(w http.ResponseWriter, r *http.Request, u *parley.User) {
	secret, err := s.store.SetCalendarSecret(r.Context(), u.WorkspaceID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), "new_feed", s.portalBase(r)+"/calendar/"+secret+".ics")
	http.Redirect(w, r, "/settings/calendar", http.StatusSeeOther)
}

// feed serves the iCalendar text of a feed address.
func (s *Server) feed(w http.ResponseWriter, r *http.Request) {
	if ok, wait := s.perIP.allow(clientIP(r), s.now()); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		http.Error(w, "too many requests", http.StatusTooManyRequests)
		return
	}
	secret, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	ws, err := s.store.CalendarWorkspace(r.Context(), secret)
	if !ok || err != nil {
		if err != nil && parley.ErrorCode(err) != parley.ENOTFOUND {
			s.log.Error("calendar feed", "path", redactPath(r.URL.Path), "err", err)
		}
		http.NotFound(w, r)
		return
	}
	b, err := s.feedFor(r, &parley.User{WorkspaceID: ws})
	if err != nil {
		s.log.Error("calendar feed", "path", redactPath(r.URL.Path), "err", err)
		http.Error(w, "the feed could not be made; try again later", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Cache-Control", "private, max-age=300")
	w.Write(b)
}

func (s *Server) feedFor(r *http.Request, u *parley.User) ([]byte, error) {
	ctx, now := r.Context(), s.now()
	in := calendar.Input{Name: "Parley", Language: "en", Host: hostOf(s.portalBase(r)), Now: now}
	titles := map[int64]string{}
	title := func(id int64) string {
		if t, ok := titles[id]; ok || id == 0 {
			return t
		}
		if rec, err := s.store.Deal(ctx, u.WorkspaceID, id); err == nil {
			titles[id] = rec.Title
		}
		return titles[id]
	}
	cs, err := s.store.OpenCommitments(ctx, u.WorkspaceID, now.AddDate(1, 0, 0))
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		in.Commitments = append(in.Commitments, calendar.Commitment{ID: c.ID, Owner: c.Owner, What: c.What, Deal: title(c.DealID), Due: c.Due})
	}
	stages, err := s.store.StagesDue(ctx, u.WorkspaceID, now.AddDate(1, 0, 0).Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	for _, st := range stages {
		in.Stages = append(in.Stages, calendar.Stage{DealID: st.DealID, Deal: title(st.DealID), Number: st.Number, Amount: st.Amount, Currency: st.Currency, Due: st.Due})
	}
	deals, _, err := s.store.Deals(ctx, u.WorkspaceID, parley.Page{Limit: parley.MaxPageSize})
	if err != nil {
		return nil, err
	}
	for _, rec := range deals {
		if rec.Status != parley.DealOpen {
			continue
		}
		var d *negotiate.Deal
		if d, err = decodeDeal(rec); err != nil || d.Check() != nil {
			continue
		}
		in.Deliveries = append(in.Deliveries, calendar.Delivery{DealID: rec.ID, Deal: rec.Title, Date: d.Current().Delivery.Format(time.DateOnly)})
	}
	if p, err := s.policyIn(ctx, u, s.English()); err == nil {
		in.Language = p.Language
		if ws, err := calendar.ParseCallWindows(p.Charter.CallWindows, p.TimeZone); err == nil {
			in.CallWindows = ws
		} else {
			s.log.Warn("calendar feed: call windows left out", "err", err)
		}
	}
	return calendar.Feed(in)
}

func hostOf(base string) string {
	if u, err := url.Parse(base); err == nil && u.Hostname() != "" {
		return u.Hostname()
	}
	return "parley.local"
}
