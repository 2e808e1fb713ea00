package web

import (
	"net/http"

	"github.com/parley-desk/parley"
)

// maxForm bounds every form body: an inquiry is at most 256 KB, and
// several may be pasted at once.
const maxForm = 2 << 20

func (s *Server) setupPage(w http.ResponseWriter, r *http.Request) {
	if has, err := s.store.HasUsers(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	} else if has {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "setup", map[string]any{})
}

// setup creates the first workspace and its owner, then signs them in.
func (s *Server) setup(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, parley.Errorf(parley.EINVALID, "%s", s.text(r).F("err_form_read", err)))
		return
	}
	form := map[string]any{"Workspace": r.PostFormValue("workspace"), "Name": r.PostFormValue("name"), "Email": r.PostFormValue("email")}
	u, err := s.store.SetUp(r.Context(), r.PostFormValue("workspace"), r.PostFormValue("email"), r.PostFormValue("name"), r.PostFormValue("password"))
	if err != nil {
		if parley.ErrorCode(err) == parley.EINVALID {
			form["Error"] = parley.ErrorMessage(err)
			s.render(w, r, http.StatusBadRequest, "setup", form)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.signIn(w, r, u)
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if has, err := s.store.HasUsers(r.Context()); err == nil && !has {
		http.Redirect(w, r, "/setup", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", map[string]any{})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, parley.Errorf(parley.EINVALID, "%s", s.text(r).F("err_form_read", err)))
		return
	}
	email := r.PostFormValue("email")
	u, err := s.store.Authenticate(r.Context(), email, r.PostFormValue("password"))
	if err != nil {
		code := status(err)
		if code == http.StatusInternalServerError {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnauthorized, "login", map[string]any{"Email": email, "Error": parley.ErrorMessage(err)})
		return
	}
	s.signIn(w, r, u)
}

// signIn starts a fresh session (a new token: no session fixation).
func (s *Server) signIn(w http.ResponseWriter, r *http.Request, u *parley.User) {
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		s.fail(w, r, parley.Errorf(parley.EINTERNAL, "session: %w", err))
		return
	}
	s.sessions.Put(r.Context(), userKey, u.ID)
	s.sessions.Put(r.Context(), seenKey, s.now().Unix())
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	lang := s.sessions.GetString(r.Context(), langKey)
	if err := s.sessions.Destroy(r.Context()); err != nil {
		s.fail(w, r, parley.Errorf(parley.EINTERNAL, "session: %w", err))
		return
	}
	if lang != "" {
		// The language is the browser's, not the account's: it outlives
		// the sign-out, in a fresh session.
		s.sessions.Put(r.Context(), langKey, lang)
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
