package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/proposal"
)

// linkDays is how long a new portal link lives unless the freelancer
// says otherwise.
const linkDays = 60

// proposalSummary is the latest proposal as the deal page lists it.
type proposalSummary struct {
	Version int
	Options []proposal.QuoteJSON
	Total   string
	Valid   string
}

func (s *Server) proposalView(pr *parley.Proposal) *proposalSummary {
	if pr == nil {
		return nil
	}
	_, q, err := storedProposal(pr)
	if err != nil {
		return nil
	}
	return &proposalSummary{Version: pr.Version, Options: q.Options, Total: q.Total + " " + q.Currency, Valid: q.ValidUntil}
}

// linkView is a portal link as the deal page lists it (never its secret).
type linkView struct {
	ID                      int64
	Created, Expires, State string
	Live                    bool
}

func (s *Server) linkViews(r *http.Request, links []*parley.PortalLink) []linkView {
	t, now := s.text(r), s.now()
	out := make([]linkView, len(links))
	for i, l := range links {
		v := linkView{ID: l.ID, Created: t.Stamp(l.CreatedAt), Expires: t.Stamp(l.ExpiresAt), Live: l.Live(now)}
		switch {
		case !l.RevokedAt.IsZero():
			v.State = t.F("link_revoked", t.Stamp(l.RevokedAt))
		case !v.Live:
			v.State = t.F("link_expired")
		case !l.LastSeenAt.IsZero():
			v.State = t.F("link_seen", t.Stamp(l.LastSeenAt))
		default:
			v.State = t.F("link_unseen")
		}
		out[i] = v
	}
	return out
}

// portalBase is where links point: the configured address of the server,
// else the one the request came to.
func (s *Server) portalBase(r *http.Request) string {
	if s.baseURL != "" {
		return s.baseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// SetBaseURL sets the address clients reach the server at, for the links
// in e-mails and on the deal page (e.g. https://desk.example.com).
func (s *Server) SetBaseURL(u string) { s.baseURL = strings.TrimRight(u, "/") }

// createLink makes a private link for the client; its secret is shown
// once, on the next page, and never again (only its hash is kept).
func (s *Server) createLink(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, _, err := s.loadDeal(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	days := linkDays
	if v := r.PostFormValue("days"); v != "" {
		if days, err = strconv.Atoi(v); err != nil || days < 1 || days > 365 {
			s.dealError(w, r, u, parley.Errorf(parley.EINVALID, "%s", s.text(r).F("err_link_days")))
			return
		}
	}
	_, secret, err := s.store.CreatePortalLink(r.Context(), u.WorkspaceID, rec.ID, s.now().Add(time.Duration(days)*24*time.Hour))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), "new_link", s.portalBase(r)+"/p/"+secret)
	http.Redirect(w, r, dealURL(rec.ID, "portal-heading"), http.StatusSeeOther)
}

func (s *Server) revokeLink(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, _, err := s.loadDeal(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := strconv.ParseInt(r.PathValue("link"), 10, 64)
	if err != nil {
		s.fail(w, r, parley.Errorf(parley.ENOTFOUND, "no link %q", r.PathValue("link")))
		return
	}
	if err := s.store.RevokePortalLink(r.Context(), u.WorkspaceID, rec.ID, id); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, dealURL(rec.ID, "portal-heading"), http.StatusSeeOther)
}
