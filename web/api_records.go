package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/parley-desk/parley"
)

// The API of what hangs off a deal or a client: the agreement log (C2),
// change requests (R1), disputes (C1), promises (P2), stages (M6), and the
// clients with their account and price changes (P4, M8).

// optional writes a time that may be unset as null.
func optional(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

type clientJSON struct {
	ID             int64     `json:"id"`
	Name           string    `json:"name"`
	Email          string    `json:"email,omitempty"`
	Kind           string    `json:"kind,omitempty"`
	Language       string    `json:"language"`
	Source         string    `json:"source,omitempty"`
	Sophistication string    `json:"sophistication,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
}

func toClientJSON(c *parley.Client) clientJSON {
	return clientJSON{c.ID, c.Name, c.Email, c.Kind, c.Language, c.Source, c.Sophistication, c.CreatedAt}
}

func (s *Server) apiClients(w http.ResponseWriter, r *http.Request, u *parley.User) {
	cs, next, err := s.store.Clients(r.Context(), u.WorkspaceID, page(r))
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	items := make([]clientJSON, len(cs))
	for i, c := range cs {
		items[i] = toClientJSON(c)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "next": next})
}

type priceChangeJSON struct {
	ID          int64      `json:"id"`
	ClientID    int64      `json:"client_id"`
	Service     string     `json:"service"`
	OldRate     string     `json:"old_rate"`
	NewRate     string     `json:"new_rate"`
	Currency    string     `json:"currency"`
	NoticeOn    string     `json:"notice_on"`
	EffectiveOn string     `json:"effective_on"`
	RenewalOn   string     `json:"renewal_on,omitempty"`
	Reason      string     `json:"reason"`
	Letter      string     `json:"letter"`
	Answer      string     `json:"answer"`
	AnsweredAt  *time.Time `json:"answered_at"`
}

func toPriceChangeJSON(p *parley.PriceChange) priceChangeJSON {
	return priceChangeJSON{p.ID, p.ClientID, p.Service, p.OldRate, p.NewRate, p.Currency, p.NoticeOn, p.EffectiveOn, p.RenewalOn, p.Reason, p.Letter, p.Answer, optional(p.AnsweredAt)}
}

func (s *Server) apiClient(w http.ResponseWriter, r *http.Request, u *parley.User) {
	c, err := s.loadClient(r, u)
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	sum, err := s.summarise(r, u, c)
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	type dealRow struct {
		ID     int64  `json:"id"`
		Title  string `json:"title"`
		Status string `json:"status"`
		Price  string `json:"price"`
	}
	type rateRow struct {
		Service string `json:"service"`
		Agreed  string `json:"agreed"`
		Card    string `json:"card,omitempty"`
		Behind  bool   `json:"behind"`
	}
	deals := make([]dealRow, len(sum.Deals))
	for i, d := range sum.Deals {
		deals[i] = dealRow{d.ID, d.Title, d.Status, d.Total}
	}
	rates := make([]rateRow, len(sum.Rates))
	for i, rt := range sum.Rates {
		rates[i] = rateRow{rt.Service, rt.Agreed, rt.Card, rt.Behind}
	}
	changes := make([]priceChangeJSON, len(sum.Changes))
	for i, p := range sum.Changes {
		changes[i] = toPriceChangeJSON(p)
	}
	writeJSON(w, http.StatusOK, map[string]any{"client": toClientJSON(c), "deals": deals, "received": nonNil(sum.Received), "refunded": nonNil(sum.Refunded),
		"discounts": nonNil(sum.Discounts), "concessions": sum.Concessions, "unmatched_concessions": sum.Unmatched, "rates": rates, "price_changes": changes})
}

func nonNil(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}

func (s *Server) apiPriceChange(w http.ResponseWriter, r *http.Request, u *parley.User) {
	var body struct {
		Service   string `json:"service"`
		OldRate   string `json:"old_rate"`
		NewRate   string `json:"new_rate"`
		Effective string `json:"effective_on"`
		Renewal   string `json:"renewal_on"`
		Reason    string `json:"reason"`
	}
	c, err := s.loadClient(r, u)
	if err == nil {
		err = readJSON(w, r, &body)
	}
	var pc *parley.PriceChange
	if err == nil {
		pc, err = s.planPriceChange(r, u, c, priceForm{body.Service, body.OldRate, body.NewRate, body.Effective, body.Renewal, body.Reason})
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toPriceChangeJSON(pc))
}

func (s *Server) apiAnswerPriceChange(w http.ResponseWriter, r *http.Request, u *parley.User) {
	var body struct {
		Answer string `json:"answer"`
	}
	c, err := s.loadClient(r, u)
	if err == nil {
		err = readJSON(w, r, &body)
	}
	var pc *parley.PriceChange
	if err == nil {
		pc, err = s.answerFor(r, u, c, r.PathValue("change"), body.Answer)
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toPriceChangeJSON(pc))
}

type agreementJSON struct {
	Version      int             `json:"version"`
	Terms        json.RawMessage `json:"terms"`
	CreatedAt    time.Time       `json:"created_at"`
	Superseded   *time.Time      `json:"superseded_at"`
	Confirmed    *time.Time      `json:"confirmed_at"`
	ConfirmedVia string          `json:"confirmed_via,omitempty"`
	Confirmation string          `json:"confirmation,omitempty"`
}

func toAgreementJSON(a *parley.Agreement) agreementJSON {
	return agreementJSON{a.Version, json.RawMessage(a.Terms), a.CreatedAt, optional(a.Superseded), optional(a.Confirmed), a.ConfirmedVia, a.Confirmation}
}

func (s *Server) apiAgreements(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, _, err := s.loadDeal(r, u)
	var log []*parley.Agreement
	if err == nil {
		log, err = s.store.Agreements(r.Context(), u.WorkspaceID, rec.ID)
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	items := make([]agreementJSON, len(log))
	for i, a := range log {
		items[i] = toAgreementJSON(a)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

func (s *Server) apiRecordAgreement(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, d, err := s.loadDeal(r, u)
	var a *parley.Agreement
	if err == nil {
		a, err = s.recordAgreement(r, u, rec, d)
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toAgreementJSON(a))
}

func (s *Server) apiConfirmAgreement(w http.ResponseWriter, r *http.Request, u *parley.User) {
	var body struct {
		Record string `json:"record"`
	}
	rec, _, err := s.loadDeal(r, u)
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil && strings.TrimSpace(body.Record) == "" {
		err = parley.Errorf(parley.EINVALID, "%s", s.texts[defaultLang].F("err_confirmation_record"))
	}
	if err == nil {
		version, perr := strconv.Atoi(r.PathValue("version"))
		if perr != nil {
			err = parley.Errorf(parley.ENOTFOUND, "no agreement version %q", r.PathValue("version"))
		} else {
			err = s.store.ConfirmAgreement(r.Context(), u.WorkspaceID, rec.ID, version, parley.ConfirmedViaEmail, body.Record)
		}
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	s.apiAgreements(w, r, u)
}

type changeJSON struct {
	ID        int64     `json:"id"`
	Text      string    `json:"text"`
	Kind      string    `json:"kind"`
	Reason    string    `json:"reason"`
	Price     string    `json:"price,omitempty"`
	Currency  string    `json:"currency"`
	Status    string    `json:"status"`
	Source    string    `json:"source"`
	CreatedAt time.Time `json:"created_at"`
}

func toChangeJSON(c *parley.ChangeRequest) changeJSON {
	return changeJSON{c.ID, c.Text, c.Kind, c.Reason, c.Price, c.Currency, c.Status, c.Source, c.CreatedAt}
}

func (s *Server) apiChanges(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, _, err := s.loadDeal(r, u)
	var cs []*parley.ChangeRequest
	if err == nil {
		cs, err = s.store.Changes(r.Context(), u.WorkspaceID, rec.ID)
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	items := make([]changeJSON, len(cs))
	for i, c := range cs {
		items[i] = toChangeJSON(c)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

func (s *Server) apiAddChange(w http.ResponseWriter, r *http.Request, u *parley.User) {
	var body struct {
		Text string `json:"text"`
		Kind string `json:"kind"` // empty: classified against the agreed scope
	}
	rec, d, err := s.loadDeal(r, u)
	if err == nil {
		err = readJSON(w, r, &body)
	}
	var c *parley.ChangeRequest
	if err == nil {
		c, err = s.addChange(r, u, rec, d, strings.TrimSpace(body.Text), body.Kind, "desk")
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toChangeJSON(c))
}

func (s *Server) apiChangeStatus(w http.ResponseWriter, r *http.Request, u *parley.User) {
	var body struct {
		Status string `json:"status"`
		Price  string `json:"price"`
	}
	rec, _, err := s.loadDeal(r, u)
	var c *parley.ChangeRequest
	if err == nil {
		c, err = s.dealChange(r, u, rec.ID, r.PathValue("change"))
	}
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		c, err = s.store.SetChangeStatus(r.Context(), u.WorkspaceID, c.ID, body.Status, body.Price)
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toChangeJSON(c))
}

type disputeJSON struct {
	ID              int64      `json:"id"`
	Complaint       string     `json:"complaint"`
	WhatNotSuits    string     `json:"what_not_suits"`
	Solutions       string     `json:"solutions"`
	MistakeAdmitted bool       `json:"mistake_admitted"`
	Outcome         string     `json:"outcome"`
	Refund          string     `json:"refund,omitempty"`
	Currency        string     `json:"currency"`
	OpenedAt        time.Time  `json:"opened_at"`
	ClosedAt        *time.Time `json:"closed_at"`
}

func toDisputeJSON(d *parley.Dispute) disputeJSON {
	return disputeJSON{d.ID, d.Complaint, d.WhatNotSuits, d.Solutions, d.MistakeAdmitted, d.Outcome, d.Refund, d.Currency, d.Opened, optional(d.Closed)}
}

func (s *Server) apiDisputes(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, _, err := s.loadDeal(r, u)
	var ds []*parley.Dispute
	if err == nil {
		ds, err = s.store.Disputes(r.Context(), u.WorkspaceID, rec.ID)
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	items := make([]disputeJSON, len(ds))
	for i, d := range ds {
		items[i] = toDisputeJSON(d)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

func (s *Server) apiOpenDispute(w http.ResponseWriter, r *http.Request, u *parley.User) {
	var body struct {
		Complaint string `json:"complaint"`
	}
	rec, d, err := s.loadDeal(r, u)
	if err == nil {
		err = readJSON(w, r, &body)
	}
	dp := &parley.Dispute{}
	if err == nil {
		dp = &parley.Dispute{WorkspaceID: u.WorkspaceID, DealID: rec.ID, Complaint: body.Complaint, Currency: d.Terms.Currency}
		err = s.store.OpenDispute(r.Context(), dp)
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toDisputeJSON(dp))
}

func (s *Server) apiSettleDispute(w http.ResponseWriter, r *http.Request, u *parley.User) {
	var body struct {
		WhatNotSuits    string `json:"what_not_suits"`
		Solutions       string `json:"solutions"`
		MistakeAdmitted bool   `json:"mistake_admitted"`
		Outcome         string `json:"outcome"`
		Refund          string `json:"refund"`
	}
	rec, d, err := s.loadDeal(r, u)
	var old *parley.Dispute
	if err == nil {
		old, err = s.dealDispute(r, u, rec.ID, r.PathValue("dispute"))
	}
	if err == nil {
		err = readJSON(w, r, &body)
	}
	dp := &parley.Dispute{}
	if err == nil {
		dp = &parley.Dispute{ID: old.ID, WorkspaceID: u.WorkspaceID, WhatNotSuits: body.WhatNotSuits, Solutions: body.Solutions,
			MistakeAdmitted: body.MistakeAdmitted, Outcome: body.Outcome, Refund: body.Refund}
		err = s.settleDispute(r, u, rec, d, dp)
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toDisputeJSON(dp))
}

type commitmentJSON struct {
	ID     int64      `json:"id"`
	DealID int64      `json:"deal_id,omitempty"`
	Owner  string     `json:"owner"`
	What   string     `json:"what"`
	Due    time.Time  `json:"due"`
	Done   *time.Time `json:"done_at"`
}

func toCommitmentJSON(c *parley.Commitment) commitmentJSON {
	return commitmentJSON{c.ID, c.DealID, c.Owner, c.What, c.Due, optional(c.Done)}
}

func (s *Server) apiCommitments(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, _, err := s.loadDeal(r, u)
	var cs []*parley.Commitment
	if err == nil {
		cs, err = s.store.DealCommitments(r.Context(), u.WorkspaceID, rec.ID)
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	items := make([]commitmentJSON, len(cs))
	for i, c := range cs {
		items[i] = toCommitmentJSON(c)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

func (s *Server) apiAddCommitment(w http.ResponseWriter, r *http.Request, u *parley.User) {
	var body struct {
		Owner string `json:"owner"`
		What  string `json:"what"`
		Due   string `json:"due"` // YYYY-MM-DD
	}
	rec, _, err := s.loadDeal(r, u)
	if err == nil {
		err = readJSON(w, r, &body)
	}
	var c *parley.Commitment
	if err == nil {
		c, err = s.addDealCommitment(r, u, rec, body.Owner, body.What, body.Due)
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, toCommitmentJSON(c))
}

func (s *Server) apiCommitmentDone(w http.ResponseWriter, r *http.Request, u *parley.User) {
	id, err := pathID(r, "commitment")
	if err == nil {
		err = s.store.CompleteCommitment(r.Context(), u.WorkspaceID, id)
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": id, "done": true})
}

type stageJSON struct {
	Number    int        `json:"number"`
	Amount    string     `json:"amount"`
	Currency  string     `json:"currency"`
	Due       string     `json:"due"`
	Paid      *time.Time `json:"paid_at"`
	Delivered *time.Time `json:"delivered_at"`
	Accepted  *time.Time `json:"accepted_at"`
}

func (s *Server) apiStages(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, _, err := s.loadDeal(r, u)
	var st []*parley.Stage
	if err == nil {
		st, err = s.store.Stages(r.Context(), u.WorkspaceID, rec.ID)
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	items := make([]stageJSON, len(st))
	for i, x := range st {
		items[i] = stageJSON{x.Number, x.Amount, x.Currency, x.Due, optional(x.Paid), optional(x.Delivered), optional(x.Accepted)}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

func (s *Server) apiPlanStages(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, d, err := s.loadDeal(r, u)
	if err == nil {
		err = s.planDealStages(r, u, rec, d)
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	s.apiStages(w, r, u)
}

func (s *Server) apiMarkStage(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, _, err := s.loadDeal(r, u)
	if err == nil {
		n, perr := strconv.Atoi(r.PathValue("n"))
		if perr != nil {
			err = parley.Errorf(parley.ENOTFOUND, "no stage %q", r.PathValue("n"))
		} else {
			err = s.markDealStage(r.Context(), u, rec, n, r.PathValue("event"), s.text(r))
		}
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	s.apiStages(w, r, u)
}
