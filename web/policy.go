package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/pricing"
)

// policyText is the workspace's policy, or the shipped example until one is
// saved.
func (s *Server) policyText(r *http.Request, u *parley.User) (string, bool, error) {
	body, err := s.store.Policy(r.Context(), u.WorkspaceID)
	if parley.ErrorCode(err) == parley.ENOTFOUND {
		b, err := pricing.Example(pricing.DefaultExample, "en")
		return string(b), false, err
	}
	return body, err == nil, err
}

// policy is the workspace's policy, parsed.
func (s *Server) policy(r *http.Request, u *parley.User) (*pricing.Policy, error) {
	return s.policyIn(r, u, s.text(r))
}

// policyIn is policy with its error written in the language of t.
func (s *Server) policyIn(r *http.Request, u *parley.User, t Text) (*pricing.Policy, error) {
	body, _, err := s.policyText(r, u)
	if err != nil {
		return nil, err
	}
	p, err := pricing.ParsePolicy([]byte(body))
	if err != nil {
		return nil, parley.Errorf(parley.EINVALID, "%s", t.F("err_policy_broken", err))
	}
	return p, nil
}

func (s *Server) policyPage(w http.ResponseWriter, r *http.Request, u *parley.User) {
	body, saved, err := s.policyText(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "policy", map[string]any{"User": u, "Body": body, "Saved": saved, "Flash": s.sessions.PopString(r.Context(), "flash")})
}

// savePolicy validates like "parley policy check" and stores only a valid
// policy; errors are listed with their lines and the text is kept.
func (s *Server) savePolicy(w http.ResponseWriter, r *http.Request, u *parley.User) {
	r.Body = http.MaxBytesReader(w, r.Body, pricing.MaxPolicyBytes+64<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, parley.Errorf(parley.EINVALID, "%s", s.text(r).F("err_policy_size", pricing.MaxPolicyBytes>>10)))
		return
	}
	body := strings.ReplaceAll(r.PostFormValue("policy"), "\r\n", "\n")
	if _, err := pricing.ParsePolicy([]byte(body)); err != nil {
		var pe pricing.PolicyErrors
		var lines []string
		if errors.As(err, &pe) {
			for _, e := range pe {
				lines = append(lines, e.Error())
			}
		} else {
			lines = []string{err.Error()}
		}
		s.render(w, r, http.StatusBadRequest, "policy", map[string]any{"User": u, "Body": body, "Errors": lines})
		return
	}
	if err := s.store.SetPolicy(r.Context(), u.WorkspaceID, body); err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), "flash", s.text(r).F("policy_saved"))
	http.Redirect(w, r, "/settings/policy", http.StatusSeeOther)
}
