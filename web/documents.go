package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/money"
	"github.com/parley-desk/parley/negotiate"
	"github.com/parley-desk/parley/proposal"
)

// The documents the client reads as PDF: an agreement version with its
// confirmation record and the log before it (C2), and a price-change
// notice (M8), in the client's language.

// agreementDoc lays out version of a deal's agreement.
func (s *Server) agreementDoc(ctx context.Context, ws int64, rec *parley.DealRecord, d *negotiate.Deal, version int) (proposal.Doc, error) {
	log, err := s.store.Agreements(ctx, ws, rec.ID)
	if err != nil {
		return proposal.Doc{}, err
	}
	var a *parley.Agreement
	var earlier []proposal.VersionRecord
	for _, v := range log {
		if v.Version == version {
			a = v
		} else if v.Version < version {
			earlier = append(earlier, proposal.VersionRecord{Version: v.Version, Date: v.CreatedAt, Confirmation: confirmation(v)})
		}
	}
	if a == nil {
		return proposal.Doc{}, parley.Errorf(parley.ENOTFOUND, "deal %d has no agreement version %d", rec.ID, version)
	}
	var snap negotiate.Snapshot
	if err := json.Unmarshal(a.Terms, &snap); err != nil {
		return proposal.Doc{}, parley.Errorf(parley.EINTERNAL, "agreement %d: %w", a.ID, err)
	}
	owner, err := s.store.Owner(ctx, ws)
	if err != nil {
		return proposal.Doc{}, err
	}
	p, err := s.policyIn(ctx, &parley.User{WorkspaceID: ws}, s.English())
	if err != nil {
		return proposal.Doc{}, err
	}
	cur, err := money.Lookup(snap.Currency)
	if err != nil {
		return proposal.Doc{}, parley.Errorf(parley.EINTERNAL, "agreement %d: %w", a.ID, err)
	}
	lang := d.Client.Language
	t := s.texts[lang]
	parse := func(v string) money.Money { m, _ := money.Parse(v, cur); return m }
	in := proposal.AgreementInput{Deal: rec.Title, Version: a.Version, Date: a.CreatedAt, Freelancer: owner.Name, Client: snap.Client,
		Total: parse(snap.Total), Revisions: snap.Revisions, RefundPercent: p.Payment.RefundPercent, NDA: snap.NDA, Charter: p.Charter,
		Confirmation: confirmation(a), Earlier: earlier}
	if in.Client == "" {
		in.Client = t.F("doc_the_client")
	}
	in.Delivery, _ = time.Parse(time.DateOnly, snap.Delivery)
	sum := money.Zero(cur)
	for _, l := range snap.Lines {
		qty, _ := money.ParseFixed(l.Quantity, 3)
		unit := ""
		if sv, ok := p.Service(l.Service); ok {
			unit = sv.Unit
		}
		amount := parse(l.Amount)
		sum, _ = sum.Add(amount)
		in.Lines = append(in.Lines, proposal.AgreementLine{Service: l.Name, Quantity: qty, Unit: unit, Amount: amount, Included: l.Included, Excluded: l.Excluded})
	}
	quoted := parse(d.Terms.Total)
	if diff, _ := quoted.Sub(sum); !diff.IsZero() {
		in.Adjustments = append(in.Adjustments, proposal.Adjustment{Label: t.F("doc_adjust_quote"), Amount: diff})
	}
	if diff, _ := in.Total.Sub(quoted); !diff.IsZero() {
		in.Adjustments = append(in.Adjustments, proposal.Adjustment{Label: t.F("doc_adjust_agreed"), Amount: diff})
	}
	for _, st := range snap.Schedule {
		due, _ := time.Parse(time.DateOnly, st.Due)
		in.Stages = append(in.Stages, proposal.AgreementStage{Number: st.Number, Amount: parse(st.Amount), Due: due})
	}
	c, err := proposal.LoadCatalog(lang)
	if err != nil {
		return proposal.Doc{}, parley.Errorf(parley.EINTERNAL, "wording %s: %w", lang, err)
	}
	return proposal.BuildAgreement(c, in)
}

func confirmation(a *parley.Agreement) proposal.Confirmation {
	return proposal.Confirmation{At: a.Confirmed, Via: a.ConfirmedVia, Record: a.Confirmation}
}

// writePDF sends a document as a PDF file named name.
func (s *Server) writePDF(w http.ResponseWriter, doc proposal.Doc, name string, created time.Time) error {
	b, err := doc.PDF(created)
	if err != nil {
		return parley.Errorf(parley.EINTERNAL, "PDF: %w", err)
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(b)
	return nil
}

func (s *Server) agreementPDF(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, d, err := s.loadDeal(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	version, err := strconv.Atoi(strings.TrimSuffix(r.PathValue("file"), ".pdf"))
	if err != nil {
		s.fail(w, r, parley.Errorf(parley.ENOTFOUND, "no agreement version %q", r.PathValue("file")))
		return
	}
	doc, err := s.agreementDoc(r.Context(), u.WorkspaceID, rec, d, version)
	if err == nil {
		err = s.writePDF(w, doc, "agreement-"+strconv.FormatInt(rec.ID, 10)+"-v"+strconv.Itoa(version)+".pdf", s.now())
	}
	if err != nil {
		s.fail(w, r, err)
	}
}

// portalAgreementPDF is the latest agreement version, for the client.
func (s *Server) portalAgreementPDF(w http.ResponseWriter, r *http.Request, v *visit) {
	log, err := s.store.Agreements(r.Context(), v.link.WorkspaceID, v.rec.ID)
	if err == nil && len(log) == 0 {
		err = parley.Errorf(parley.ENOTFOUND, "no agreement yet")
	}
	var doc proposal.Doc
	if err == nil {
		doc, err = s.agreementDoc(r.Context(), v.link.WorkspaceID, v.rec, v.deal, log[len(log)-1].Version)
	}
	if err == nil {
		err = s.logVisit(r, v, "downloaded_agreement", strconv.Itoa(log[len(log)-1].Version))
	}
	if err == nil {
		err = s.writePDF(w, doc, "agreement.pdf", s.now())
	}
	if err != nil {
		s.portalFail(w, r, v, err)
	}
}

// noticePDF is a planned price change as the notice the client receives.
func (s *Server) noticePDF(w http.ResponseWriter, r *http.Request, u *parley.User) {
	c, err := s.loadClient(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	changes, err := s.store.PriceChanges(r.Context(), u.WorkspaceID, c.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := strings.TrimSuffix(r.PathValue("file"), ".pdf")
	for _, pc := range changes {
		if strconv.FormatInt(pc.ID, 10) != id {
			continue
		}
		doc, err := s.noticeDoc(r.Context(), u, c, pc)
		if err == nil {
			err = s.writePDF(w, doc, "price-notice-"+id+".pdf", pc.CreatedAt)
		}
		if err != nil {
			s.fail(w, r, err)
		}
		return
	}
	s.fail(w, r, parley.Errorf(parley.ENOTFOUND, "client %d has no price change %q", c.ID, id))
}

func (s *Server) noticeDoc(ctx context.Context, u *parley.User, c *parley.Client, pc *parley.PriceChange) (proposal.Doc, error) {
	owner, err := s.store.Owner(ctx, u.WorkspaceID)
	if err != nil {
		return proposal.Doc{}, err
	}
	p, err := s.policyIn(ctx, u, s.English())
	if err != nil {
		return proposal.Doc{}, err
	}
	cur, err := money.Lookup(pc.Currency)
	if err != nil {
		return proposal.Doc{}, parley.Errorf(parley.EINTERNAL, "price change %d: %w", pc.ID, err)
	}
	old, _ := money.Parse(pc.OldRate, cur)
	new, _ := money.Parse(pc.NewRate, cur)
	service := pc.Service
	if sv, ok := p.Service(pc.Service); ok {
		service = sv.Name
	}
	in := proposal.NoticeInput{Freelancer: owner.Name, Client: c.Name, Rates: []proposal.RateChange{{Service: service, Current: old, New: new}},
		NoticeDays: max(p.PriceIncreaseNoticeDays, parley.MinNoticeDays), Reason: pc.Reason}
	in.NoticeDate, _ = time.Parse(time.DateOnly, pc.NoticeOn)
	in.Effective, _ = time.Parse(time.DateOnly, pc.EffectiveOn)
	if pc.RenewalOn != "" {
		in.Renewal, _ = time.Parse(time.DateOnly, pc.RenewalOn)
	}
	cat, err := proposal.LoadCatalog(c.Language)
	if err != nil {
		return proposal.Doc{}, parley.Errorf(parley.EINTERNAL, "wording %s: %w", c.Language, err)
	}
	return proposal.BuildNotice(cat, in)
}
