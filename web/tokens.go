package web

import (
	"net/http"
	"strconv"

	"github.com/parley-desk/parley"
)

func (s *Server) tokensPage(w http.ResponseWriter, r *http.Request, u *parley.User) {
	ts, err := s.tokens.Tokens(r.Context(), u.WorkspaceID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "tokens", map[string]any{"User": u, "Tokens": ts, "Secret": s.sessions.PopString(r.Context(), "new_token")})
}

// createToken makes a token and shows its secret once, on the next page.
func (s *Server) createToken(w http.ResponseWriter, r *http.Request, u *parley.User) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	_, secret, err := s.tokens.CreateToken(r.Context(), u, r.PostFormValue("name"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), "new_token", secret)
	http.Redirect(w, r, "/settings/tokens", http.StatusSeeOther)
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, u *parley.User) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err == nil {
		err = s.tokens.RevokeToken(r.Context(), u.WorkspaceID, id)
	} else {
		err = parley.Errorf(parley.ENOTFOUND, "%s", s.text(r).F("err_no_token", r.PathValue("id")))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings/tokens", http.StatusSeeOther)
}
