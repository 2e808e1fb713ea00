package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/negotiate"
)

// roundsUsed counts the revision rounds a deal has used: revision
// requests and rounds recorded in the ledger (R1).
func roundsUsed(d *negotiate.Deal, changes []*parley.ChangeRequest) int {
	n := 0
	for _, c := range changes {
		if c.Kind == parley.ChangeRevision && c.Status != parley.ChangeDeclined {
			n++
		}
	}
	for _, e := range d.Ledger {
		if e.Kind == negotiate.KindUseRevisionRound {
			n++
		}
	}
	return n
}

// addChange classifies a client's change request against the agreed
// scope and rounds (R1) and records it; the freelancer may overrule the
// kind, and the reason then says so.
func (s *Server) addChange(r *http.Request, u *parley.User, rec *parley.DealRecord, d *negotiate.Deal, text, kind, source string) (*parley.ChangeRequest, error) {
	changes, err := s.store.Changes(r.Context(), u.WorkspaceID, rec.ID)
	if err != nil {
		return nil, err
	}
	cl, err := s.advisor.ClassifyChange(d, text, roundsUsed(d, changes))
	if err != nil {
		return nil, err
	}
	c := &parley.ChangeRequest{WorkspaceID: u.WorkspaceID, DealID: rec.ID, Text: text, Kind: cl.Kind, Reason: cl.Reason, Currency: d.Terms.Currency, Source: source}
	if kind != "" && kind != cl.Kind {
		if !slices.Contains([]string{parley.ChangeDefect, parley.ChangeRevision, parley.ChangeNewWork}, kind) {
			return nil, parley.Errorf(parley.EINVALID, "%s", s.text(r).F("err_change_kind", kind))
		}
		// The reason is the client's to read: the one of the kind chosen.
		if c.Reason, err = s.advisor.ChangeReason(d, kind, roundsUsed(d, changes)); err != nil {
			return nil, err
		}
		c.Kind = kind
	}
	if err := s.store.CreateChange(r.Context(), c); err != nil {
		return nil, err
	}
	return c, nil
}

func (s *Server) postChange(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, d, err := s.loadDeal(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if _, err := s.addChange(r, u, rec, d, strings.TrimSpace(r.PostFormValue("text")), r.PostFormValue("kind"), "desk"); err != nil {
		s.dealError(w, r, u, err)
		return
	}
	http.Redirect(w, r, dealURL(rec.ID, "changes-heading"), http.StatusSeeOther)
}

// dealChange finds change request id among the deal's.
func (s *Server) dealChange(r *http.Request, u *parley.User, deal int64, id string) (*parley.ChangeRequest, error) {
	cs, err := s.store.Changes(r.Context(), u.WorkspaceID, deal)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if strconv.FormatInt(c.ID, 10) == id {
			return c, nil
		}
	}
	return nil, parley.Errorf(parley.ENOTFOUND, "deal %d has no change request %q", deal, id)
}

// changeStatus moves a request on: new work is quoted with its price,
// then accepted or declined by the client, then done; a defect or a
// revision is done.
func (s *Server) changeStatus(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, _, err := s.loadDeal(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.dealChange(r, u, rec.ID, r.PathValue("change"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if _, err := s.store.SetChangeStatus(r.Context(), u.WorkspaceID, c.ID, r.PostFormValue("status"), r.PostFormValue("price")); err != nil {
		s.dealError(w, r, u, err)
		return
	}
	http.Redirect(w, r, dealURL(rec.ID, "changes-heading"), http.StatusSeeOther)
}
