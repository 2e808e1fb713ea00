package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/negotiate"
)

// saveBrief records the answers to the brief's questions (B2): the form
// sends each question beside its answer, so an answer is never matched to
// the wrong question when the policy changes in between.
func (s *Server) saveBrief(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, d, err := s.loadDeal(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		s.dealError(w, r, u, parley.Errorf(parley.EINVALID, "%s", s.text(r).F("err_form_unreadable")))
		return
	}
	qs, as := r.PostForm["question"], r.PostForm["answer"]
	if len(qs) != len(as) {
		s.dealError(w, r, u, parley.Errorf(parley.EINVALID, "%s", s.text(r).F("err_form_unreadable")))
		return
	}
	brief := make([]negotiate.BriefAnswer, len(qs))
	for i := range qs {
		brief[i] = negotiate.BriefAnswer{Question: qs[i], Answer: as[i]}
	}
	if err := s.setBrief(r.Context(), u, rec, d, brief, s.text(r)); err != nil {
		s.dealError(w, r, u, err)
		return
	}
	http.Redirect(w, r, dealURL(rec.ID, "brief-heading"), http.StatusSeeOther)
}

// setBrief records the brief's answers, each beside its question.
func (s *Server) setBrief(ctx context.Context, u *parley.User, rec *parley.DealRecord, d *negotiate.Deal, brief []negotiate.BriefAnswer, t Text) error {
	if len(brief) > 100 {
		return parley.Errorf(parley.EINVALID, "%s", t.F("err_brief_answer"))
	}
	for i := range brief {
		brief[i].Question, brief[i].Answer = strings.TrimSpace(brief[i].Question), strings.TrimSpace(brief[i].Answer)
		if brief[i].Question == "" || len(brief[i].Question) > 1000 || len(brief[i].Answer) > 10000 {
			return parley.Errorf(parley.EINVALID, "%s", t.F("err_brief_answer"))
		}
	}
	d.Brief = brief
	return s.storeDeal(ctx, u, rec, d)
}

// briefView is the brief as the deal page shows it: the questions with
// their answers, the open ones counted, and the restatement to send.
type briefView struct {
	Questions   []negotiate.BriefAnswer `json:"questions"`
	Missing     int                     `json:"missing"`
	Restatement string                  `json:"restatement"`
}

func (s *Server) briefOf(r *http.Request, u *parley.User, d *negotiate.Deal) briefView {
	var v briefView
	p, err := s.policy(r, u)
	if err != nil {
		return v
	}
	v.Questions = negotiate.BriefQuestions(d, p)
	for _, q := range v.Questions {
		if q.Answer == "" {
			v.Missing++
		}
	}
	if dr, err := s.advisor.Restatement(d); err == nil {
		v.Restatement = dr.Text
	}
	return v
}
