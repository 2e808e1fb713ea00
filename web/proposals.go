package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/pricing"
	"github.com/parley-desk/parley/proposal"
)

// makeProposal writes the proposal of a quote in the client's language
// (M2: understanding, related work, options, scope, terms, charter) and
// stores it with the quote and its options, as the client will see them.
func (s *Server) makeProposal(r *http.Request, u *parley.User, rec *parley.DealRecord, p *pricing.Policy, q *pricing.Quote, client, lang, task string) (*parley.Proposal, error) {
	c, err := proposal.LoadCatalog(lang)
	if err != nil {
		return nil, parley.Errorf(parley.EINTERNAL, "proposal wording %s: %w", lang, err)
	}
	doc := proposal.Build(c, proposal.Input{Quote: q, Policy: p, Client: client, Task: task, Today: pricing.Day(s.now())})
	docJSON, err := json.Marshal(doc)
	if err != nil {
		return nil, parley.Errorf(parley.EINTERNAL, "proposal: %w", err)
	}
	quoteJSON, err := json.Marshal(proposal.JSON(c, q).WithCharter(p.Charter))
	if err != nil {
		return nil, parley.Errorf(parley.EINTERNAL, "proposal: %w", err)
	}
	pr := &parley.Proposal{WorkspaceID: u.WorkspaceID, DealID: rec.ID, Language: lang, Quote: quoteJSON, Doc: docJSON}
	if err := s.store.CreateProposal(r.Context(), pr); err != nil {
		return nil, err
	}
	return pr, nil
}

// storedProposal decodes a stored proposal's document and quote.
func storedProposal(pr *parley.Proposal) (proposal.Doc, proposal.QuoteJSON, error) {
	var doc proposal.Doc
	var q proposal.QuoteJSON
	if err := json.Unmarshal(pr.Doc, &doc); err != nil {
		return doc, q, parley.Errorf(parley.EINTERNAL, "proposal %d: %w", pr.ID, err)
	}
	if err := json.Unmarshal(pr.Quote, &q); err != nil {
		return doc, q, parley.Errorf(parley.EINTERNAL, "proposal %d: %w", pr.ID, err)
	}
	return doc, q, nil
}

// proposalPDF serves the deal's latest proposal as a PDF.
func (s *Server) proposalPDF(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, _, err := s.loadDeal(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pr, err := s.store.LatestProposal(r.Context(), u.WorkspaceID, rec.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sendProposalPDF(w, r, pr, rec.ID)
}

func (s *Server) sendProposalPDF(w http.ResponseWriter, r *http.Request, pr *parley.Proposal, deal int64) {
	doc, _, err := storedProposal(pr)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, err := doc.PDF(pr.CreatedAt)
	if err != nil {
		s.fail(w, r, parley.Errorf(parley.EINTERNAL, "proposal PDF: %w", err))
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="proposal-`+strconv.FormatInt(deal, 10)+`-v`+strconv.Itoa(pr.Version)+`.pdf"`)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(b)
}
