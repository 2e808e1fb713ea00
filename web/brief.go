package web

import (
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
	if len(qs) != len(as) || len(qs) > 100 {
		s.dealError(w, r, u, parley.Errorf(parley.EINVALID, "%s", s.text(r).F("err_form_unreadable")))
		return
	}
	var brief []negotiate.BriefAnswer
	for i, q := range qs {
		q, a := strings.TrimSpace(q), strings.TrimSpace(as[i])
		if q == "" || len(q) > 1000 || len(a) > 10000 {
			s.dealError(w, r, u, parley.Errorf(parley.EINVALID, "%s", s.text(r).F("err_brief_answer")))
			return
		}
		brief = append(brief, negotiate.BriefAnswer{Question: q, Answer: a})
	}
	d.Brief = brief
	if err := s.storeDeal(r.Context(), u, rec, d); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, dealURL(rec.ID, "brief-heading"), http.StatusSeeOther)
}

// briefView is the brief as the deal page shows it: the questions with
// their answers, the open ones counted, and the restatement to send.
type briefView struct {
	Questions   []negotiate.BriefAnswer
	Missing     int
	Restatement string
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
