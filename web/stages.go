package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/locale"
)

// stageView is a stage as the deal page shows it, with the one action
// that comes next: paid, then delivered, then accepted (M6).
type stageView struct {
	Number      int
	Line, State string
	Next        string // paid, delivered, accepted, or "" when done
}

// stageViews describes a deal's stages in the user's language.
func (s *Server) stageViews(r *http.Request, stages []*parley.Stage) []stageView {
	t := s.text(r)
	out := make([]stageView, len(stages))
	for i, st := range stages {
		v := stageView{Number: st.Number}
		switch {
		case st.Paid.IsZero():
			v.State, v.Next = t.F("deal_stage_state_open"), "paid"
		case st.Delivered.IsZero():
			v.State, v.Next = t.F("deal_stage_state_paid"), "delivered"
		case st.Accepted.IsZero():
			v.State, v.Next = t.F("deal_stage_state_delivered"), "accepted"
		default:
			v.State = t.F("deal_stage_state_accepted")
		}
		due := st.Due
		if d, err := time.Parse(time.DateOnly, st.Due); err == nil {
			due = locale.ShortDate(t.Lang(), d)
		}
		v.Line = t.F("deal_stage_line", st.Number, st.Amount+" "+st.Currency, due)
		out[i] = v
	}
	return out
}

// planStages records the prepaid stages of the deal's current terms: the
// price split exactly into the agreed number of stages, the first due when
// work starts and the others spread to the delivery date.
func (s *Server) planStages(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, d, err := s.loadDeal(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	schedule, err := d.Schedule()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	stages := make([]parley.Stage, len(schedule))
	for i, st := range schedule {
		stages[i] = parley.Stage{Number: st.Number, Amount: st.Amount, Currency: d.Terms.Currency, Due: st.Due}
	}
	if err := s.store.SetStages(r.Context(), u.WorkspaceID, rec.ID, stages); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/deals/"+strconv.FormatInt(rec.ID, 10)+"#stages-heading", http.StatusSeeOther)
}

func (s *Server) markStage(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, _, err := s.loadDeal(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		s.fail(w, r, parley.Errorf(parley.ENOTFOUND, "no stage %q", r.PathValue("n")))
		return
	}
	if err := s.store.MarkStage(r.Context(), u.WorkspaceID, rec.ID, n, r.PathValue("event")); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/deals/"+strconv.FormatInt(rec.ID, 10)+"#stages-heading", http.StatusSeeOther)
}

// dueStage is an unpaid stage on the dashboard.
type dueStage struct {
	DealID int64
	Line   string
}

func (s *Server) stagesDue(r *http.Request, u *parley.User) ([]dueStage, error) {
	stages, err := s.store.StagesDue(r.Context(), u.WorkspaceID, s.now().Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	views := s.stageViews(r, stages)
	out := make([]dueStage, len(stages))
	for i, st := range stages {
		out[i] = dueStage{DealID: st.DealID, Line: views[i].Line}
	}
	return out, nil
}
