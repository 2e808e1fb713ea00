package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/parley-desk/parley"
)

// addCommitment records a promise of the deal, the freelancer's or the
// client's, due by the end of the day given (P2).
func (s *Server) addCommitment(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, _, err := s.loadDeal(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if _, err := s.addDealCommitment(r, u, rec, r.PostFormValue("owner"), r.PostFormValue("what"), r.PostFormValue("due")); err != nil {
		s.dealError(w, r, u, err)
		return
	}
	http.Redirect(w, r, "/deals/"+strconv.FormatInt(rec.ID, 10), http.StatusSeeOther)
}

// addDealCommitment records a promise on a deal, due by the end of the
// day given (YYYY-MM-DD, the desk's time zone).
func (s *Server) addDealCommitment(r *http.Request, u *parley.User, rec *parley.DealRecord, owner, what, day string) (*parley.Commitment, error) {
	due, err := time.ParseInLocation(time.DateOnly, day, time.Local)
	if err != nil {
		return nil, parley.Errorf(parley.EINVALID, "%s", s.text(r).F("err_date", day))
	}
	c := &parley.Commitment{WorkspaceID: u.WorkspaceID, DealID: rec.ID, Owner: owner, What: what, Due: due.Add(24*time.Hour - time.Second)}
	if err := s.store.CreateCommitment(r.Context(), c); err != nil {
		return nil, err
	}
	return c, nil
}

func (s *Server) completeCommitment(w http.ResponseWriter, r *http.Request, u *parley.User) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err == nil {
		err = s.store.CompleteCommitment(r.Context(), u.WorkspaceID, id)
	} else {
		err = parley.Errorf(parley.ENOTFOUND, "no commitment %q", r.PathValue("id"))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, backTo(r), http.StatusSeeOther)
}

// dueView is a promise as the dashboard lists it.
type dueView struct {
	ID, DealID  int64
	Owner, What string
	When        string
	Overdue     bool
}

// dueToday lists the open promises due by the end of today, both ways,
// and, apart, the next ones due within a month (one query).
func (s *Server) dueToday(r *http.Request, u *parley.User) (due, upcoming []dueView, err error) {
	now := s.now().Local()
	endOfDay := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.Local).Add(24 * time.Hour)
	cs, err := s.store.OpenCommitments(r.Context(), u.WorkspaceID, endOfDay.AddDate(0, 0, 30))
	if err != nil {
		return nil, nil, err
	}
	t := s.text(r)
	for _, c := range cs {
		v := dueView{ID: c.ID, DealID: c.DealID, Owner: c.Owner, What: c.What, When: t.Date(c.Due), Overdue: c.Due.Before(now)}
		if c.Due.Before(endOfDay) {
			due = append(due, v)
		} else if len(upcoming) < 10 {
			upcoming = append(upcoming, v)
		}
	}
	return due, upcoming, nil
}
