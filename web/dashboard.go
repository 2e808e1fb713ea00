package web

import (
	"net/http"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/money"
	"github.com/parley-desk/parley/negotiate"
)

// dashboard shows what needs the freelancer today: new leads, the deals
// where it is their move (and how long the client has waited: P7), and the
// quiet ones where the client owes an answer, with the single follow-up
// due after three days (B3).
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, u *parley.User) {
	leads, _, err := s.store.Leads(r.Context(), u.WorkspaceID, parley.LeadNew, parley.Page{Limit: 20})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	now, t := s.now(), s.text(r)
	waitingOnMe, err := s.store.DealsWaiting(r.Context(), u.WorkspaceID, "me", now, 20)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	waitingOnClient, err := s.store.DealsWaiting(r.Context(), u.WorkspaceID, "client", now, 60)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type dealRow struct {
		ID          int64
		Title, Note string
	}
	var mine, quiet, awaiting []dealRow
	for _, rec := range waitingOnMe {
		mine = append(mine, dealRow{rec.ID, rec.Title, whoseText(t, "me", now.Sub(rec.WaitingSince))})
	}
	// Longest waiting first: the quiet ones, due their single follow-up
	// (B3), then proposals and replies awaiting an answer.
	for _, rec := range waitingOnClient {
		waited := now.Sub(rec.WaitingSince)
		switch {
		case waited >= 72*time.Hour && !rec.FollowedUp:
			if len(quiet) < 20 {
				quiet = append(quiet, dealRow{rec.ID, rec.Title, t.F("dash_quiet_note", waitFor(t, waited))})
			}
		case len(awaiting) < 20:
			awaiting = append(awaiting, dealRow{rec.ID, rec.Title, whoseText(t, "client", waited)})
		}
	}
	due, upcoming, err := s.dueToday(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	unpaid, err := s.stagesDue(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	unconfirmed, err := s.store.UnconfirmedAgreements(r.Context(), u.WorkspaceID, 20)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	planned, err := s.store.PlannedPriceChanges(r.Context(), u.WorkspaceID, 20)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	behind, err := s.ratesBehind(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "dashboard", map[string]any{"Due": due, "Unpaid": unpaid, "User": u, "Leads": views(t, leads), "Mine": mine, "Quiet": quiet,
		"Awaiting": awaiting, "Upcoming": upcoming, "Unconfirmed": unconfirmed, "Planned": planned, "Behind": behind})
}

// behindView is a client whose agreed rate is under the rate card (M8).
type behindView struct {
	ClientID   int64
	Name, Note string
}

// ratesBehind lists the clients whose agreed rates have fallen behind the
// policy's rate card, each once (M8).
func (s *Server) ratesBehind(r *http.Request, u *parley.User) ([]behindView, error) {
	p, err := s.policy(r, u)
	if err != nil {
		// A broken policy is shown on its own page; the dashboard still opens.
		return nil, nil
	}
	card := make([]parley.ClientRate, len(p.Services))
	names := map[string]string{}
	for i, sv := range p.Services {
		card[i] = parley.ClientRate{Service: sv.ID, Currency: sv.Rate.Currency.Code, RateMinor: sv.Rate.Minor}
		names[sv.ID] = sv.Name
	}
	rates, err := s.store.RatesBehind(r.Context(), u.WorkspaceID, card, 40)
	if err != nil {
		return nil, err
	}
	t := s.text(r)
	var out []behindView
	seen := map[int64]bool{}
	for _, rt := range rates {
		if seen[rt.ClientID] || len(out) == 20 {
			continue
		}
		seen[rt.ClientID] = true
		cur, _ := money.Lookup(rt.Currency)
		out = append(out, behindView{rt.ClientID, rt.ClientName, t.F("dash_behind_note", names[rt.Service], money.Money{Minor: rt.RateMinor, Currency: cur}.String()+" "+rt.Currency, rt.AgreedOn)})
	}
	return out, nil
}

// followedUp reports whether the follow-up went out since the client last
// wrote (B3: one reminder, not many).
func followedUp(d *negotiate.Deal) bool {
	for i := len(d.History) - 1; i >= 0 && d.History[i].From == "me"; i-- {
		if d.History[i].Kind == "followup" {
			return true
		}
	}
	return false
}
