package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/money"
	"github.com/parley-desk/parley/negotiate"
)

// agreementView is one version of the agreement log as the deal page
// shows it (C2).
type agreementView struct {
	Version      int
	Created      string
	Confirmed    string // when and how, or "" while unconfirmed
	Record       string
	Superseded   bool
	Terms        negotiate.Snapshot
	ScheduleLine []string
}

// agreementViews describes a deal's agreement log in the user's language,
// and whether the deal's terms have moved on since the latest version.
func (s *Server) agreementViews(r *http.Request, d *negotiate.Deal, log []*parley.Agreement) ([]agreementView, bool) {
	t := s.text(r)
	out := make([]agreementView, len(log))
	for i, a := range log {
		v := agreementView{Version: a.Version, Created: t.Stamp(a.CreatedAt), Superseded: !a.Superseded.IsZero(), Record: a.Confirmation}
		if !a.Confirmed.IsZero() {
			v.Confirmed = t.F("agr_confirmed_line", t.Stamp(a.Confirmed), t.Enum("agr_via", a.ConfirmedVia))
		}
		json.Unmarshal(a.Terms, &v.Terms)
		for _, st := range v.Terms.Schedule {
			due, _ := time.Parse(time.DateOnly, st.Due)
			v.ScheduleLine = append(v.ScheduleLine, t.F("deal_stage_line", st.Number, st.Amount+" "+v.Terms.Currency, t.Date(due)))
		}
		out[i] = v
	}
	changed := len(log) > 0 && !d.SameTerms(log[len(log)-1].Terms)
	return out, changed
}

// recordAgreement freezes the deal's current terms as the next version of
// its agreement (C2), and keeps the client's agreed rates for M8.
func (s *Server) recordAgreement(r *http.Request, u *parley.User, rec *parley.DealRecord, d *negotiate.Deal) (*parley.Agreement, error) {
	snap, err := d.Snapshot()
	if err != nil {
		return nil, err
	}
	log, err := s.store.Agreements(r.Context(), u.WorkspaceID, rec.ID)
	if err != nil {
		return nil, err
	}
	if n := len(log); n > 0 && d.SameTerms(log[n-1].Terms) {
		return nil, parley.Errorf(parley.ECONFLICT, "%s", s.text(r).F("err_agreement_same", log[n-1].Version))
	}
	data, err := json.Marshal(snap)
	if err != nil {
		return nil, parley.Errorf(parley.EINTERNAL, "agreement: %w", err)
	}
	a := &parley.Agreement{WorkspaceID: u.WorkspaceID, DealID: rec.ID, Terms: data}
	if err := s.store.RecordAgreement(r.Context(), a); err != nil {
		return nil, err
	}
	if rec.ClientID != 0 {
		if err := s.store.SetClientRates(r.Context(), agreedRates(u.WorkspaceID, rec.ClientID, snap, s.now())); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// agreedRates are the unit rates of an agreement's lines: each line's
// amount over its quantity.
func agreedRates(workspace, client int64, snap negotiate.Snapshot, now time.Time) []parley.ClientRate {
	cur, err := money.Lookup(snap.Currency)
	if err != nil {
		return nil
	}
	var out []parley.ClientRate
	for _, l := range snap.Lines {
		amount, err1 := money.Parse(l.Amount, cur)
		qty, err2 := money.ParseFixed(l.Quantity, 3)
		if err1 != nil || err2 != nil || qty <= 0 {
			continue
		}
		rate, err := money.MulDivRound(amount.Minor, 1000, qty)
		if err != nil {
			continue
		}
		out = append(out, parley.ClientRate{WorkspaceID: workspace, ClientID: client, Service: l.Service, RateMinor: rate, Currency: cur.Code, AgreedOn: now.Format(time.DateOnly)})
	}
	return out
}

func (s *Server) addAgreement(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, d, err := s.loadDeal(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := s.recordAgreement(r, u, rec, d); err != nil {
		s.dealError(w, r, u, err)
		return
	}
	http.Redirect(w, r, dealURL(rec.ID, "agreement-heading"), http.StatusSeeOther)
}

// confirmAgreement records the client's confirmation that came by e-mail:
// the freelancer pastes the client's words or the message's details (C2).
// Confirmation through the portal is the client's own.
func (s *Server) confirmAgreement(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, _, err := s.loadDeal(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	version, err := strconv.Atoi(r.PathValue("version"))
	if err != nil {
		s.fail(w, r, parley.Errorf(parley.ENOTFOUND, "no agreement version %q", r.PathValue("version")))
		return
	}
	record := r.PostFormValue("record")
	if len(record) == 0 {
		s.dealError(w, r, u, parley.Errorf(parley.EINVALID, "%s", s.text(r).F("err_confirmation_record")))
		return
	}
	if err := s.store.ConfirmAgreement(r.Context(), u.WorkspaceID, rec.ID, version, parley.ConfirmedViaEmail, record); err != nil {
		s.dealError(w, r, u, err)
		return
	}
	http.Redirect(w, r, dealURL(rec.ID, "agreement-heading"), http.StatusSeeOther)
}

// dealURL is a deal's page, at a section when one is named.
func dealURL(id int64, section string) string {
	u := "/deals/" + strconv.FormatInt(id, 10)
	if section != "" {
		u += "#" + section
	}
	return u
}
