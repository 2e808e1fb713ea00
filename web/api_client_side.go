package web

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/parley-desk/parley"
	pmail "github.com/parley-desk/parley/mail"
	"github.com/parley-desk/parley/negotiate"
)

// The API of the client's side: the brief (B2), letters by e-mail, the
// client's page links and what the client did there, price-change notices
// by e-mail (M8), and e-mail brought in.

func (s *Server) apiSetBrief(w http.ResponseWriter, r *http.Request, u *parley.User) {
	var body struct {
		Answers []negotiate.BriefAnswer `json:"answers"`
	}
	rec, d, err := s.loadDeal(r, u)
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		err = s.setBrief(r.Context(), u, rec, d, body.Answers, s.text(r))
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"brief": s.briefOf(r, u, d)})
}

func (s *Server) apiSendLetter(w http.ResponseWriter, r *http.Request, u *parley.User) {
	var body struct {
		Kind  string `json:"kind"`
		To    string `json:"to"`
		Body  string `json:"body"`
		Notes string `json:"notes"` // for a call summary: one agreed point a line
	}
	rec, d, err := s.loadDeal(r, u)
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil && body.Kind == pmail.KindSummary && strings.TrimSpace(body.Body) == "" {
		var dr negotiate.Draft
		if dr, err = s.advisor.CallSummary(d, body.Notes, s.now()); err == nil {
			body.Body = dr.Text
		}
	}
	var msg *pmail.Message
	if err == nil {
		msg, err = s.sendLetter(r, u, rec, d, body.Kind, body.To, body.Body)
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"message_id": msg.MessageID, "subject": msg.Subject, "to": msg.To.Email})
}

type linkJSON struct {
	ID        int64      `json:"id"`
	URL       string     `json:"url,omitempty"` // only when made
	CreatedAt time.Time  `json:"created_at"`
	ExpiresAt time.Time  `json:"expires_at"`
	RevokedAt *time.Time `json:"revoked_at"`
	LastSeen  *time.Time `json:"last_seen_at"`
}

func toLinkJSON(l *parley.PortalLink) linkJSON {
	return linkJSON{ID: l.ID, CreatedAt: l.CreatedAt, ExpiresAt: l.ExpiresAt, RevokedAt: optional(l.RevokedAt), LastSeen: optional(l.LastSeenAt)}
}

func (s *Server) apiLinks(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, _, err := s.loadDeal(r, u)
	var ls []*parley.PortalLink
	if err == nil {
		ls, err = s.store.PortalLinks(r.Context(), u.WorkspaceID, rec.ID)
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	items := make([]linkJSON, len(ls))
	for i, l := range ls {
		items[i] = toLinkJSON(l)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

func (s *Server) apiCreateLink(w http.ResponseWriter, r *http.Request, u *parley.User) {
	var body struct {
		Days int `json:"days"`
	}
	rec, _, err := s.loadDeal(r, u)
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil && body.Days == 0 {
		body.Days = linkDays
	}
	if err == nil && (body.Days < 1 || body.Days > 365) {
		err = parley.Errorf(parley.EINVALID, "%s", s.text(r).F("err_link_days"))
	}
	var l *parley.PortalLink
	var secret string
	if err == nil {
		l, secret, err = s.store.CreatePortalLink(r.Context(), u.WorkspaceID, rec.ID, s.now().Add(time.Duration(body.Days)*24*time.Hour))
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	out := toLinkJSON(l)
	out.URL = s.portalBase(r) + "/p/" + secret
	writeJSON(w, http.StatusCreated, out)
}

func (s *Server) apiRevokeLink(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, _, err := s.loadDeal(r, u)
	if err == nil {
		id, perr := strconv.ParseInt(r.PathValue("link"), 10, 64)
		if perr != nil {
			err = parley.Errorf(parley.ENOTFOUND, "no link %q", r.PathValue("link"))
		} else {
			err = s.store.RevokePortalLink(r.Context(), u.WorkspaceID, rec.ID, id)
		}
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	s.apiLinks(w, r, u)
}

func (s *Server) apiEvents(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, _, err := s.loadDeal(r, u)
	var es []*parley.PortalEvent
	if err == nil {
		es, err = s.store.PortalEvents(r.Context(), u.WorkspaceID, rec.ID, parley.MaxPageSize)
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	type eventJSON struct {
		Action string    `json:"action"`
		Detail string    `json:"detail,omitempty"`
		IP     string    `json:"ip"`
		At     time.Time `json:"at"`
	}
	items := make([]eventJSON, len(es))
	for i, e := range es {
		items[i] = eventJSON{e.Action, e.Detail, e.IP, e.At}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

func (s *Server) apiSendNotice(w http.ResponseWriter, r *http.Request, u *parley.User) {
	c, err := s.loadClient(r, u)
	if err == nil {
		err = s.mailNotice(r.Context(), u, c, r.PathValue("change"), s.text(r))
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"sent": true, "to": c.Email})
}

// apiImportMail reads the request body as an .eml message or an mbox
// mailbox and imports each message (leads, or client messages on deals).
func (s *Server) apiImportMail(w http.ResponseWriter, r *http.Request, u *parley.User) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	data, err := io.ReadAll(r.Body)
	if err != nil {
		apiError(w, s, r, parley.Errorf(parley.EINVALID, "%s", s.text(r).F("err_upload", maxUpload>>20)))
		return
	}
	msgs, errs := pmail.Read("request body", strings.NewReader(string(data)))
	type resultJSON struct {
		Subject string `json:"subject"`
		From    string `json:"from"`
		LeadID  int64  `json:"lead_id,omitempty"`
		DealID  int64  `json:"deal_id,omitempty"`
		Verdict string `json:"verdict,omitempty"`
		Skipped string `json:"skipped,omitempty"`
		Error   string `json:"error,omitempty"`
	}
	items := []resultJSON{}
	for _, res := range s.ImportMail(r.Context(), u, msgs, s.text(r)) {
		item := resultJSON{Subject: res.Subject, From: res.From, LeadID: res.LeadID, DealID: res.DealID, Verdict: res.Verdict, Skipped: res.Skipped}
		if res.Err != nil {
			item.Error = parley.ErrorMessage(res.Err)
		}
		items = append(items, item)
	}
	problems := []string{}
	for _, e := range errs {
		problems = append(problems, e.Error())
	}
	code := http.StatusOK
	if len(msgs) == 0 {
		code = http.StatusBadRequest
	}
	writeJSON(w, code, map[string]any{"items": items, "errors": problems})
}
