package web

import (
	"encoding/json"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/negotiate"
	"github.com/parley-desk/parley/proposal"
)

// The client's portal: no account, a private link per deal. Everything is
// shown in the client's language; every action is logged with its time
// and address; a wrong, expired or revoked link is a plain 404 that does
// not tell whether a deal exists. No countdowns, no scarcity (P10).

// portalRoutes serves /p/{secret}… on mux (outside the desk's sessions).
func (s *Server) portalRoutes(mux *http.ServeMux) {
	mux.Handle("GET /p/{secret}", s.portal(s.portalPage))
	mux.Handle("GET /p/{secret}/proposal.pdf", s.portal(s.portalPDF))
	mux.Handle("GET /p/{secret}/agreement.pdf", s.portal(s.portalAgreementPDF))
	mux.Handle("POST /p/{secret}/messages", s.portal(s.portalMessage))
	mux.Handle("POST /p/{secret}/accept", s.portal(s.portalAccept))
	mux.Handle("POST /p/{secret}/confirm", s.portal(s.portalConfirm))
	mux.Handle("POST /p/{secret}/summary", s.portal(s.portalSummary))
	mux.Handle("POST /p/{secret}/changes", s.portal(s.portalChange))
	mux.Handle("POST /p/{secret}/changes/{change}", s.portal(s.portalChangeAnswer))
	mux.Handle("POST /p/{secret}/stages/{n}/accept", s.portal(s.portalAcceptStage))
}

// visit is one portal request: the link, its deal, and the client's
// language.
type visit struct {
	link *parley.PortalLink
	rec  *parley.DealRecord
	deal *negotiate.Deal
	as   *parley.User // the deal's workspace, for the shared actions
	t    Text
	ip   string
}

// portal checks the rate limits and the link, loads the deal, and serves
// h; anything wrong with the link is the same 404.
func (s *Server) portal(h func(http.ResponseWriter, *http.Request, *visit)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Referrer-Policy", "no-referrer") // the secret is in the path
		w.Header().Set("X-Robots-Tag", "noindex")
		now := s.now()
		ip := clientIP(r)
		secret := r.PathValue("secret")
		for _, key := range []struct {
			l   *limiter
			key string
		}{{s.perIP, ip}, {s.perLink, hashForLimit(secret)}} {
			if ok, wait := key.l.allow(key.key, now); !ok {
				w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
				s.portalGone(w, http.StatusTooManyRequests, s.texts[defaultLang].F("portal_slow_down"))
				return
			}
		}
		link, err := s.store.PortalLinkBySecret(r.Context(), secret)
		if err != nil {
			if parley.ErrorCode(err) == parley.ENOTFOUND {
				s.portalGone(w, http.StatusNotFound, "")
				return
			}
			s.portalFail(w, r, nil, err)
			return
		}
		rec, err := s.store.Deal(r.Context(), link.WorkspaceID, link.DealID)
		if err != nil {
			s.portalFail(w, r, nil, err)
			return
		}
		var d negotiate.Deal
		if err := json.Unmarshal(rec.Data, &d); err != nil || d.Check() != nil {
			s.portalFail(w, r, nil, parley.Errorf(parley.EINTERNAL, "deal %d: stored state unreadable", rec.ID))
			return
		}
		t := s.texts[d.Client.Language]
		if t == nil {
			t = s.texts[defaultLang]
		}
		h(w, r, &visit{link: link, rec: rec, deal: &d, as: &parley.User{WorkspaceID: link.WorkspaceID}, t: t, ip: ip})
		s.views.changed(link.WorkspaceID) // even a view is logged for the freelancer
	})
}

// hashForLimit keys the per-link limit without keeping secrets in memory.
func hashForLimit(secret string) string {
	if len(secret) > 16 {
		return secret[len(secret)-16:]
	}
	return secret
}

// clientIP is the address the request came from (a proxy in front is
// expected to be the server's own concern, not the client's say-so).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// portalGone answers a link that opens nothing, in English and the other
// languages at once: the page cannot know the client's.
func (s *Server) portalGone(w http.ResponseWriter, code int, msg string) {
	s.renderIn(w, code, "portal_gone", "portal_layout", s.texts[defaultLang], map[string]any{"Message": msg, "All": []Text{s.texts["en"], s.texts["fi"], s.texts["ru"]}})
}

// portalFail shows an error in the client's language; internal detail is
// logged without the link's secret.
func (s *Server) portalFail(w http.ResponseWriter, r *http.Request, v *visit, err error) {
	code := status(err)
	if code == http.StatusInternalServerError {
		s.log.Error("portal request failed", "method", r.Method, "path", redactPath(r.URL.Path), "err", err)
	}
	if code == http.StatusNotFound || v == nil {
		s.portalGone(w, code, "")
		return
	}
	msg := parley.ErrorMessage(err)
	if code == http.StatusInternalServerError {
		msg = v.t.F("portal_internal")
	}
	s.portalView(w, r, v, code, msg)
}

// redactPath hides the secret of a portal or calendar path, for logs.
func redactPath(p string) string {
	for _, prefix := range []string{"/p/", "/calendar/"} {
		if rest, ok := strings.CutPrefix(p, prefix); ok {
			_, tail, _ := strings.Cut(rest, "/")
			if tail != "" {
				tail = "/" + tail
			}
			return prefix + "…" + tail
		}
	}
	return p
}

func (s *Server) logVisit(r *http.Request, v *visit, action, detail string) error {
	return s.store.LogPortalEvent(r.Context(), &parley.PortalEvent{WorkspaceID: v.link.WorkspaceID, DealID: v.rec.ID, LinkID: v.link.ID, Action: action, Detail: detail, IP: v.ip})
}

// back returns the client to their page after an action.
func back(w http.ResponseWriter, r *http.Request, section string) {
	http.Redirect(w, r, "/p/"+r.PathValue("secret")+"#"+section, http.StatusSeeOther)
}

func (s *Server) portalPage(w http.ResponseWriter, r *http.Request, v *visit) {
	if err := s.logVisit(r, v, "viewed", ""); err != nil {
		s.portalFail(w, r, v, err)
		return
	}
	s.portalView(w, r, v, http.StatusOK, "")
}

// optionView is a choice the client can make on the portal.
type optionView struct {
	Variant, Name, Total, Delivery string
	Amount                         string // Total without its currency
	Included, Excluded             []string
}

// portalView renders the client's page: status, proposal, options, terms,
// the agreement to confirm, the conversation, change requests and stages.
func (s *Server) portalView(w http.ResponseWriter, r *http.Request, v *visit, code int, msg string) {
	ctx, ws, t, d := r.Context(), v.link.WorkspaceID, v.t, v.deal
	data := map[string]any{"Error": msg, "Deal": d, "Rec": v.rec, "Secret": r.PathValue("secret")}
	c := d.Current()
	snap, _ := d.Snapshot()
	data["Terms"], data["Current"] = snap, c
	data["Whose"] = "" // before any message, nobody waits on anybody
	if len(d.History) > 0 {
		data["Whose"], _, _ = d.WhoseMove(s.now())
	}
	if pr, err := s.store.LatestProposal(ctx, ws, v.rec.ID); err == nil {
		if doc, q, err := storedProposal(pr); err == nil {
			data["Doc"], data["Quote"] = doc, q
			data["Options"] = s.portalOptions(t, d, q)
		}
	} else if parley.ErrorCode(err) != parley.ENOTFOUND {
		s.portalFail(w, r, nil, err)
		return
	}
	log, err := s.store.Agreements(ctx, ws, v.rec.ID)
	if err != nil {
		s.portalFail(w, r, nil, err)
		return
	}
	if n := len(log); n > 0 {
		latest := log[n-1]
		data["Agreement"] = latest
		data["AgreementCurrent"] = d.SameTerms(latest.Terms)
	}
	stages, err := s.store.Stages(ctx, ws, v.rec.ID)
	if err != nil {
		s.portalFail(w, r, nil, err)
		return
	}
	data["Stages"] = stages
	changes, err := s.store.Changes(ctx, ws, v.rec.ID)
	if err != nil {
		s.portalFail(w, r, nil, err)
		return
	}
	data["Changes"], data["RoundsLeft"] = changes, max(c.Revisions-roundsUsed(d, changes), 0)
	data["ToConfirm"] = pendingConfirmation(d)
	s.renderIn(w, code, "portal", "portal_layout", t, data)
}

// portalOptions are the alternatives of the proposal the client may still
// choose: before any agreement and before an option was chosen.
func (s *Server) portalOptions(t Text, d *negotiate.Deal, q proposal.QuoteJSON) []optionView {
	if slices.ContainsFunc(d.Ledger, func(e negotiate.Entry) bool { return e.Kind == negotiate.KindOption }) {
		return nil
	}
	var out []optionView
	for _, o := range q.Options {
		if o.Variant == "full" || o.Variant == "" {
			continue
		}
		ov := optionView{Variant: o.Variant, Name: t.Enum("portal_option", o.Variant), Amount: o.Total, Total: o.Total + " " + o.Currency, Delivery: o.Delivery}
		for _, l := range o.Lines {
			ov.Included = append(ov.Included, l.Included...)
			ov.Excluded = append(ov.Excluded, l.Excluded...)
		}
		out = append(out, ov)
	}
	return out
}

// pendingConfirmation is the last call summary or restatement the
// freelancer sent, if the client has not answered it yet (C2, B2).
func pendingConfirmation(d *negotiate.Deal) *negotiate.Message {
	for i := len(d.History) - 1; i >= 0; i-- {
		m := d.History[i]
		if m.From == "client" {
			return nil
		}
		if m.Kind == "summary" || m.Kind == "restatement" {
			return &d.History[i]
		}
	}
	return nil
}

func (s *Server) portalPDF(w http.ResponseWriter, r *http.Request, v *visit) {
	pr, err := s.store.LatestProposal(r.Context(), v.link.WorkspaceID, v.rec.ID)
	if err != nil {
		s.portalFail(w, r, v, err)
		return
	}
	if err := s.logVisit(r, v, "downloaded_proposal", ""); err != nil {
		s.portalFail(w, r, v, err)
		return
	}
	s.sendProposalPDF(w, r, pr, v.rec.ID)
}

// portalMessage lands the client's question or counter-offer in the
// negotiation, read for asks like any client message.
func (s *Server) portalMessage(w http.ResponseWriter, r *http.Request, v *visit) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	text := strings.TrimSpace(r.PostFormValue("message"))
	if text == "" {
		s.portalFail(w, r, v, parley.Errorf(parley.EINVALID, "%s", v.t.F("portal_err_empty")))
		return
	}
	if _, err := s.readMessage(r.Context(), v.as, v.rec, v.deal, text, v.t); err != nil {
		s.portalFail(w, r, v, err)
		return
	}
	if err := s.logVisit(r, v, "asked", snippet(text, 200)); err != nil {
		s.portalFail(w, r, v, err)
		return
	}
	back(w, r, "conversation")
}

// portalAccept records the client's choice: the terms as they stand, or
// one of the proposal's alternatives. The agreement version made from it
// is confirmed by this act (C2); later changes need a new confirmation.
func (s *Server) portalAccept(w http.ResponseWriter, r *http.Request, v *visit) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	choice := r.PostFormValue("option")
	now := s.now()
	if choice != "current" {
		pr, err := s.store.LatestProposal(r.Context(), v.link.WorkspaceID, v.rec.ID)
		if err != nil {
			s.portalFail(w, r, v, err)
			return
		}
		_, q, err := storedProposal(pr)
		if err != nil {
			s.portalFail(w, r, v, err)
			return
		}
		options := s.portalOptions(v.t, v.deal, q)
		i := slices.IndexFunc(options, func(o optionView) bool { return o.Variant == choice })
		if i < 0 {
			s.portalFail(w, r, v, parley.Errorf(parley.EINVALID, "%s", v.t.F("portal_err_option")))
			return
		}
		o := options[i]
		opt := negotiate.Option{Variant: o.Variant, Total: o.Amount, Delivery: o.Delivery, Included: o.Included}
		if err := negotiate.ChooseOption(v.deal, opt, now); err != nil {
			s.portalFail(w, r, v, err)
			return
		}
		if err := s.storeDeal(r.Context(), v.as, v.rec, v.deal); err != nil {
			s.portalFail(w, r, v, err)
			return
		}
	}
	log, err := s.store.Agreements(r.Context(), v.link.WorkspaceID, v.rec.ID)
	if err != nil {
		s.portalFail(w, r, v, err)
		return
	}
	var a *parley.Agreement
	if n := len(log); n > 0 && v.deal.SameTerms(log[n-1].Terms) {
		a = log[n-1]
		if !a.Confirmed.IsZero() {
			s.portalFail(w, r, v, parley.Errorf(parley.ECONFLICT, "%s", v.t.F("portal_err_agreed")))
			return
		}
	} else if a, err = s.recordAgreement(r, v.as, v.rec, v.deal); err != nil {
		s.portalFail(w, r, v, err)
		return
	}
	label := v.t.F("portal_option_current")
	if choice != "current" {
		label = v.t.Enum("portal_option", choice)
	}
	record := v.t.F("portal_record_accepted", label, v.ip, now.UTC().Format(time.RFC3339))
	if err := s.store.ConfirmAgreement(r.Context(), v.link.WorkspaceID, v.rec.ID, a.Version, parley.ConfirmedViaPortal, record); err != nil {
		s.portalFail(w, r, v, err)
		return
	}
	if err := s.logVisit(r, v, "accepted_option", choice+", version "+strconv.Itoa(a.Version)); err != nil {
		s.portalFail(w, r, v, err)
		return
	}
	back(w, r, "agreement")
}

// portalConfirm is the client's written confirmation of the latest
// agreement version (C2).
func (s *Server) portalConfirm(w http.ResponseWriter, r *http.Request, v *visit) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	version, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil {
		s.portalFail(w, r, v, parley.Errorf(parley.EINVALID, "%s", v.t.F("portal_err_version")))
		return
	}
	record := v.t.F("portal_record_confirmed", v.ip, s.now().UTC().Format(time.RFC3339))
	if err := s.store.ConfirmAgreement(r.Context(), v.link.WorkspaceID, v.rec.ID, version, parley.ConfirmedViaPortal, record); err != nil {
		s.portalFail(w, r, v, err)
		return
	}
	if err := s.logVisit(r, v, "confirmed", "version "+strconv.Itoa(version)); err != nil {
		s.portalFail(w, r, v, err)
		return
	}
	back(w, r, "agreement")
}

// portalSummary confirms or corrects a call summary or a restatement
// (C2, B2): either answer goes into the conversation, in the client's words.
func (s *Server) portalSummary(w http.ResponseWriter, r *http.Request, v *visit) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	pending := pendingConfirmation(v.deal)
	if pending == nil {
		s.portalFail(w, r, v, parley.Errorf(parley.ECONFLICT, "%s", v.t.F("portal_err_nothing_to_confirm")))
		return
	}
	correction := strings.TrimSpace(r.PostFormValue("correction"))
	kind, text, action := "confirmation", v.t.F("portal_confirmed_text", v.t.Enum("portal_kind", pending.Kind)), "confirmed_"+pending.Kind
	if r.PostFormValue("answer") == "correct" {
		if correction == "" {
			s.portalFail(w, r, v, parley.Errorf(parley.EINVALID, "%s", v.t.F("portal_err_correction")))
			return
		}
		kind, text, action = "correction", correction, "corrected_"+pending.Kind
	}
	v.deal.History = append(v.deal.History, negotiate.Message{From: "client", At: s.now(), Text: text, Kind: kind, Language: v.deal.Client.Language})
	if err := s.storeDeal(r.Context(), v.as, v.rec, v.deal); err != nil {
		s.portalFail(w, r, v, err)
		return
	}
	if err := s.logVisit(r, v, action, snippet(text, 200)); err != nil {
		s.portalFail(w, r, v, err)
		return
	}
	back(w, r, "conversation")
}

// portalChange records the client's change request, classified against
// the agreed scope and rounds (R1); new work is priced by the freelancer
// and shown here for the client to accept before it is done.
func (s *Server) portalChange(w http.ResponseWriter, r *http.Request, v *visit) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	c, err := s.addChange(r, v.as, v.rec, v.deal, strings.TrimSpace(r.PostFormValue("text")), "", "portal")
	if err != nil {
		s.portalFail(w, r, v, err)
		return
	}
	if err := s.logVisit(r, v, "change_request", c.Kind+": "+snippet(c.Text, 200)); err != nil {
		s.portalFail(w, r, v, err)
		return
	}
	back(w, r, "changes")
}

// portalChangeAnswer is the client's answer to the price of new work.
func (s *Server) portalChangeAnswer(w http.ResponseWriter, r *http.Request, v *visit) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	c, err := s.dealChange(r, v.as, v.rec.ID, r.PathValue("change"))
	if err != nil {
		s.portalFail(w, r, v, err)
		return
	}
	answer := r.PostFormValue("answer")
	if c.Status != parley.ChangeQuoted || (answer != parley.ChangeAccepted && answer != parley.ChangeDeclined) {
		s.portalFail(w, r, v, parley.Errorf(parley.ECONFLICT, "%s", v.t.F("portal_err_change")))
		return
	}
	if _, err := s.store.SetChangeStatus(r.Context(), v.link.WorkspaceID, c.ID, answer, ""); err != nil {
		s.portalFail(w, r, v, err)
		return
	}
	if err := s.logVisit(r, v, "change_"+answer, strconv.FormatInt(c.ID, 10)+" at "+c.Price+" "+c.Currency); err != nil {
		s.portalFail(w, r, v, err)
		return
	}
	back(w, r, "changes")
}

// portalAcceptStage is the client's acceptance of a delivered stage (M6).
func (s *Server) portalAcceptStage(w http.ResponseWriter, r *http.Request, v *visit) {
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil {
		s.portalFail(w, r, v, parley.Errorf(parley.ENOTFOUND, "no stage"))
		return
	}
	if err := s.store.MarkStage(r.Context(), v.link.WorkspaceID, v.rec.ID, n, "accepted"); err != nil {
		s.portalFail(w, r, v, err)
		return
	}
	if err := s.logVisit(r, v, "accepted_stage", strconv.Itoa(n)); err != nil {
		s.portalFail(w, r, v, err)
		return
	}
	back(w, r, "stages")
}
