package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/money"
	"github.com/parley-desk/parley/negotiate"
)

func (s *Server) postDispute(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, d, err := s.loadDeal(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	dp := &parley.Dispute{WorkspaceID: u.WorkspaceID, DealID: rec.ID, Complaint: r.PostFormValue("complaint"), Currency: d.Terms.Currency}
	if err := s.store.OpenDispute(r.Context(), dp); err != nil {
		s.dealError(w, r, u, err)
		return
	}
	http.Redirect(w, r, dealURL(rec.ID, "dispute-heading"), http.StatusSeeOther)
}

// dealDispute finds dispute id among the deal's.
func (s *Server) dealDispute(r *http.Request, u *parley.User, deal int64, id string) (*parley.Dispute, error) {
	ds, err := s.store.Disputes(r.Context(), u.WorkspaceID, deal)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		if strconv.FormatInt(d.ID, 10) == id {
			return d, nil
		}
	}
	return nil, parley.Errorf(parley.ENOTFOUND, "deal %d has no dispute %q", deal, id)
}

// settleDispute records the steps of C1 on the deal's dispute and, with an
// outcome, closes it. A refund never exceeds what the client paid; a full
// refund with no amount is exactly that.
func (s *Server) settleDispute(r *http.Request, u *parley.User, rec *parley.DealRecord, d *negotiate.Deal, dp *parley.Dispute) error {
	if dp.Outcome == parley.OutcomePartialRefund || dp.Outcome == parley.OutcomeFullRefund {
		paid, err := s.paidOn(r, u, rec, d)
		if err != nil {
			return err
		}
		if dp.Outcome == parley.OutcomeFullRefund && strings.TrimSpace(dp.Refund) == "" {
			dp.Refund = paid.String()
		}
		if refund, err := money.Parse(strings.TrimSpace(dp.Refund), paid.Currency); err == nil && refund.Cmp(paid) > 0 {
			return parley.Errorf(parley.EINVALID, "%s", s.text(r).F("err_refund_over_paid", refund.String(), paid.String()+" "+paid.Currency.Code))
		}
	}
	return s.store.UpdateDispute(r.Context(), dp)
}

// paidOn is what the client paid on a deal: its paid stages, or, before
// any stage is planned, the deal's current price (full prepayment).
func (s *Server) paidOn(r *http.Request, u *parley.User, rec *parley.DealRecord, d *negotiate.Deal) (money.Money, error) {
	stages, err := s.store.Stages(r.Context(), u.WorkspaceID, rec.ID)
	if err != nil {
		return money.Money{}, err
	}
	if len(stages) == 0 {
		return d.Current().Total, nil
	}
	cur, _ := money.Lookup(d.Terms.Currency)
	paid := money.Zero(cur)
	for _, st := range stages {
		if st.Paid.IsZero() {
			continue
		}
		if m, err := money.Parse(st.Amount, cur); err == nil {
			paid, _ = paid.Add(m)
		}
	}
	return paid, nil
}

func (s *Server) postDisputeSteps(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, d, err := s.loadDeal(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	old, err := s.dealDispute(r, u, rec.ID, r.PathValue("dispute"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		s.dealError(w, r, u, parley.Errorf(parley.EINVALID, "%s", s.text(r).F("err_form_unreadable")))
		return
	}
	dp := &parley.Dispute{ID: old.ID, WorkspaceID: u.WorkspaceID, WhatNotSuits: r.PostFormValue("what_not_suits"), Solutions: r.PostFormValue("solutions"),
		MistakeAdmitted: r.PostFormValue("mistake_admitted") == "on", Outcome: r.PostFormValue("outcome"), Refund: r.PostFormValue("refund")}
	if err := s.settleDispute(r, u, rec, d, dp); err != nil {
		s.dealError(w, r, u, err)
		return
	}
	http.Redirect(w, r, dealURL(rec.ID, "dispute-heading"), http.StatusSeeOther)
}
