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
	due, err := time.ParseInLocation(time.DateOnly, r.PostFormValue("due"), time.Local)
	if err != nil {
		s.fail(w, r, parley.Errorf(parley.EINVALID, "the due date %q is not a date (YYYY-MM-DD)", r.PostFormValue("due")))
		return
	}
	c := &parley.Commitment{WorkspaceID: u.WorkspaceID, DealID: rec.ID, Owner: r.PostFormValue("owner"), What: r.PostFormValue("what"),
		Due: due.Add(24*time.Hour - time.Second)}
	if err := s.store.CreateCommitment(r.Context(), c); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/deals/"+strconv.FormatInt(rec.ID, 10), http.StatusSeeOther)
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
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// dueView is a promise as the dashboard lists it.
type dueView struct {
	ID, DealID  int64
	Owner, What string
	When        string
	Overdue     bool
}

// dueToday lists the open promises due by the end of today, both ways.
func (s *Server) dueToday(r *http.Request, u *parley.User) ([]dueView, error) {
	now := s.now().Local()
	endOfDay := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.Local).Add(24 * time.Hour)
	cs, err := s.store.OpenCommitments(r.Context(), u.WorkspaceID, endOfDay)
	if err != nil {
		return nil, err
	}
	t := s.text(r)
	out := make([]dueView, len(cs))
	for i, c := range cs {
		out[i] = dueView{ID: c.ID, DealID: c.DealID, Owner: c.Owner, What: c.What, When: t.Date(c.Due), Overdue: c.Due.Before(now)}
	}
	return out, nil
}
