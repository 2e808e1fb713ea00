// Package web is the freelancer's desk in the browser: server-rendered
// pages (net/http, html/template, embedded assets), sessions, and the
// checks every request passes (security headers, cross-origin protection,
// sign-in). Handlers are small, one capability a file.
package web

import (
	"context"
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/parley-desk/parley"
	pmail "github.com/parley-desk/parley/mail"
	"github.com/parley-desk/parley/negotiate"
	"github.com/parley-desk/parley/screen"
)

//go:embed templates/*.html static text/*.toml
var assets embed.FS

// Store is what the desk needs of the storage.
type Store interface {
	parley.UserService
	parley.ClientService
	parley.LeadService
	parley.DealService
	parley.PolicyService
	parley.TokenService
	parley.CommitmentService
	parley.AgreementService
	parley.ChangeService
	parley.DisputeService
	parley.PriceChangeService
	parley.ProposalService
	parley.PortalService
	parley.MailService
}

// Server is the desk.
type Server struct {
	store     Store
	screener  *screen.Screener
	advisor   *negotiate.Assistant
	tokens    parley.TokenService
	sessions  *scs.SessionManager
	pages     map[string]*template.Template
	parsed    policyCache
	views     *pageCache // rendered dashboards and lead lists, for cacheTTL
	users     userCache
	baseURL   string   // where clients reach the server; "" for the request's host
	perIP     *limiter // portal requests per client address
	perLink   *limiter // portal requests per link
	mailer    pmail.Sender
	mailWhere string
	texts     map[string]Text
	log       *slog.Logger
	now       func() time.Time
}

// New builds the desk, parsing every template once so that a broken one
// fails at start, not on a page view.
func New(store Store, screener *screen.Screener, log *slog.Logger, now func() time.Time) (*Server, error) {
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	texts, err := loadTexts()
	if err != nil {
		return nil, err
	}
	advisor, err := negotiate.New()
	if err != nil {
		return nil, err
	}
	sm := scs.New()
	sm.Lifetime = 14 * 24 * time.Hour
	// No scs IdleTimeout: it rewrites the session on every request. The
	// idle limit is kept by signedIn, which touches the session hourly.
	sm.Cookie.Name = "parley_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.Secure = true // browsers keep Secure cookies on http://localhost too
	sm.Cookie.SameSite = http.SameSiteLaxMode
	return &Server{store: store, tokens: store, screener: screener, advisor: advisor, sessions: sm, pages: pages, texts: texts, log: log, now: now,
		perIP: newLimiter(120, 60), perLink: newLimiter(60, 30), views: newPageCache()}, nil
}

// KeepSessionsIn stores the desk's sessions in st instead of memory, so
// that they outlive a restart and are shared by several instances.
func (s *Server) KeepSessionsIn(st scs.Store) {
	if cs, ok := st.(scs.CtxStore); ok {
		st = newSessionCache(cs)
	}
	s.sessions.Store = st
}

// Handler routes every request through the common checks.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(assets, "static")

	mux.HandleFunc("GET /setup", s.setupPage)
	mux.HandleFunc("POST /setup", s.setup)
	mux.HandleFunc("GET /login", s.loginPage)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("POST /logout", s.logout)
	mux.HandleFunc("POST /language", s.setLanguage)

	mux.Handle("GET /{$}", s.signedIn(s.cached(s.dashboard)))
	mux.Handle("GET /leads", s.signedIn(s.cached(s.leads)))
	mux.Handle("POST /leads", s.signedIn(s.createLeads))
	mux.Handle("GET /leads/import", s.signedIn(s.importPage))
	mux.Handle("POST /leads/import", s.signedIn(s.uploadMail))
	mux.Handle("GET /leads/{id}", s.signedIn(s.lead))
	mux.Handle("POST /leads/{id}/status", s.signedIn(s.setLeadStatus))
	mux.Handle("GET /deals", s.signedIn(s.deals))
	mux.Handle("GET /deals/new", s.signedIn(s.newDealPage))
	mux.Handle("POST /deals", s.signedIn(s.createDeal))
	mux.Handle("GET /deals/{id}", s.signedIn(s.deal))
	mux.Handle("POST /deals/{id}/messages", s.signedIn(s.clientMessage))
	mux.Handle("POST /deals/{id}/accept", s.signedIn(s.acceptMove))
	mux.Handle("POST /deals/{id}/commitments", s.signedIn(s.addCommitment))
	mux.Handle("POST /deals/{id}/stages", s.signedIn(s.planStages))
	mux.Handle("POST /deals/{id}/stages/{n}/{event}", s.signedIn(s.markStage))
	mux.Handle("POST /deals/{id}/agreements", s.signedIn(s.addAgreement))
	mux.Handle("POST /deals/{id}/agreements/{version}/confirm", s.signedIn(s.confirmAgreement))
	mux.Handle("GET /deals/{id}/agreements/{file}", s.signedIn(s.agreementPDF))
	mux.Handle("GET /clients/{id}/price-changes/{file}", s.signedIn(s.noticePDF))
	mux.Handle("POST /deals/{id}/changes", s.signedIn(s.postChange))
	mux.Handle("POST /deals/{id}/changes/{change}/status", s.signedIn(s.changeStatus))
	mux.Handle("POST /deals/{id}/disputes", s.signedIn(s.postDispute))
	mux.Handle("POST /deals/{id}/disputes/{dispute}", s.signedIn(s.postDisputeSteps))
	mux.Handle("POST /commitments/{id}/done", s.signedIn(s.completeCommitment))
	mux.Handle("POST /deals/{id}/brief", s.signedIn(s.saveBrief))
	mux.Handle("GET /deals/{id}/proposal.pdf", s.signedIn(s.proposalPDF))
	mux.Handle("POST /deals/{id}/links", s.signedIn(s.createLink))
	mux.Handle("POST /deals/{id}/letters", s.signedIn(s.postLetter))
	mux.Handle("POST /deals/{id}/links/{link}/revoke", s.signedIn(s.revokeLink))
	mux.Handle("GET /clients", s.signedIn(s.clients))
	mux.Handle("GET /clients/{id}", s.signedIn(s.client))
	mux.Handle("POST /clients/{id}/price-changes", s.signedIn(s.postPriceChange))
	mux.Handle("POST /clients/{id}/price-changes/{change}/answer", s.signedIn(s.answerPriceChange))
	mux.Handle("POST /clients/{id}/price-changes/{change}/send", s.signedIn(s.sendNotice))
	mux.Handle("GET /settings/tokens", s.signedIn(s.tokensPage))
	mux.Handle("POST /settings/tokens", s.signedIn(s.createToken))
	mux.Handle("POST /settings/tokens/{id}/revoke", s.signedIn(s.revokeToken))
	s.apiRoutes(mux)
	mux.Handle("GET /settings/calendar", s.signedIn(s.calendarPage))
	mux.Handle("POST /settings/calendar", s.signedIn(s.newFeed))
	mux.Handle("GET /settings/policy", s.signedIn(s.policyPage))
	mux.Handle("POST /settings/policy", s.signedIn(s.savePolicy))

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, parley.Errorf(parley.EUNAUTHORIZED, "%s", s.text(r).F("err_cross_site")))
	}))
	// The session is loaded before the cross-origin check, so that even
	// its refusal is shown in the user's language.
	// Static files and the health check need no session: they stay off the
	// session store (a database read per request).
	top := http.NewServeMux()
	top.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	top.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	// The client's portal has no session: the link is its key.
	portal := http.NewServeMux()
	s.portalRoutes(portal)
	top.Handle("/p/", cop.Handler(portal))
	top.HandleFunc("GET /calendar/{file}", s.feed)
	top.Handle("/", s.sessions.LoadAndSave(cop.Handler(mux)))
	return securityHeaders(top)
}

// securityHeaders sets the headers every response carries: a strict
// Content-Security-Policy (no inline script or style), no framing, no
// sniffing, no referrer leaks.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// userKey is the session key of the signed-in user's id; seenKey, of
// when they were last active.
const (
	userKey = "user_id"
	seenKey = "seen"
)

// A session unused for idleTimeout ends; activity is recorded at most
// every touchEvery, so that a page view does not write to the database.
const (
	idleTimeout = 3 * 24 * time.Hour
	touchEvery  = time.Hour
)

type ctxKey struct{}

// signedIn serves h only to a signed-in user; others go to the sign-in
// page, or to the set-up page on a new desk.
func (s *Server) signedIn(h func(http.ResponseWriter, *http.Request, *parley.User)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := s.sessions.GetInt64(r.Context(), userKey)
		if id != 0 {
			seen := time.Unix(s.sessions.GetInt64(r.Context(), seenKey), 0)
			switch now := s.now(); {
			case now.Sub(seen) > idleTimeout:
				s.sessions.Destroy(r.Context())
				id = 0
			case now.Sub(seen) > touchEvery:
				s.sessions.Put(r.Context(), seenKey, now.Unix())
			}
		}
		if id == 0 {
			if has, err := s.store.HasUsers(r.Context()); err == nil && !has {
				http.Redirect(w, r, "/setup", http.StatusSeeOther)
				return
			}
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		u, err := s.users.get(r.Context(), s.store, id)
		if err != nil {
			s.sessions.Destroy(r.Context())
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, u)), u)
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			s.views.changed(u.WorkspaceID)
		}
	})
}

// status maps the coded errors to HTTP, in one place.
func status(err error) int {
	switch parley.ErrorCode(err) {
	case parley.EINVALID:
		return http.StatusBadRequest
	case parley.ENOTFOUND:
		return http.StatusNotFound
	case parley.ECONFLICT:
		return http.StatusConflict
	case parley.EUNAUTHORIZED:
		return http.StatusForbidden
	}
	return http.StatusInternalServerError
}

// fail shows an error page; internal errors are logged with their detail
// and shown without it.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := status(err)
	if code == http.StatusInternalServerError {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	var u *parley.User
	if v, ok := r.Context().Value(ctxKey{}).(*parley.User); ok {
		u = v
	}
	s.render(w, r, code, "error", map[string]any{"User": u, "Message": parley.ErrorMessage(err), "Status": code})
}
