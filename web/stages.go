package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/locale"
	"github.com/parley-desk/parley/negotiate"
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
	if err := s.planDealStages(r, u, rec, d); err != nil {
		s.dealError(w, r, u, err)
		return
	}
	http.Redirect(w, r, dealURL(rec.ID, "stages-heading"), http.StatusSeeOther)
}

// planDealStages records the stages of the deal's exact schedule (M6).
func (s *Server) planDealStages(r *http.Request, u *parley.User, rec *parley.DealRecord, d *negotiate.Deal) error {
	schedule, err := d.Schedule()
	if err != nil {
		return err
	}
	stages := make([]parley.Stage, len(schedule))
	for i, st := range schedule {
		stages[i] = parley.Stage{Number: st.Number, Amount: st.Amount, Currency: d.Terms.Currency, Due: st.Due}
	}
	return s.store.SetStages(r.Context(), u.WorkspaceID, rec.ID, stages)
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
	if err := s.markDealStage(r.Context(), u, rec, n, r.PathValue("event"), s.text(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/deals/"+strconv.FormatInt(rec.ID, 10)+"#stages-heading", http.StatusSeeOther)
}

// markDealStage records a stage's progress. A paid stage obliges the
// freelancer to deliver it (M6, P2): the promise is recorded, due when the
// next stage is, or on the delivery date for the last one.
func (s *Server) markDealStage(ctx context.Context, u *parley.User, rec *parley.DealRecord, n int, event string, t Text) error {
	if err := s.store.MarkStage(ctx, u.WorkspaceID, rec.ID, n, event); err != nil {
		return err
	}
	if event != "paid" {
		return nil
	}
	stages, err := s.store.Stages(ctx, u.WorkspaceID, rec.ID)
	if err != nil {
		return err
	}
	d, err := decodeDeal(rec)
	if err != nil {
		return err
	}
	due := d.Current().Delivery
	for _, st := range stages {
		if st.Number == n+1 {
			if next, err := time.Parse(time.DateOnly, st.Due); err == nil {
				due = next
			}
		}
	}
	end := time.Date(due.Year(), due.Month(), due.Day(), 23, 59, 59, 0, time.Local)
	return s.store.CreateCommitment(ctx, &parley.Commitment{WorkspaceID: u.WorkspaceID, DealID: rec.ID, Owner: "me", What: t.F("commit_deliver_stage", n), Due: end})
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
