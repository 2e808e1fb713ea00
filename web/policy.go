package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/pricing"
)

// policyText is the workspace's policy, or the shipped example until one is
// saved.
func (s *Server) policyText(ctx context.Context, u *parley.User) (string, bool, error) {
	body, err := s.store.Policy(ctx, u.WorkspaceID)
	if parley.ErrorCode(err) == parley.ENOTFOUND {
		b, err := pricing.Example(pricing.DefaultExample, "en")
		return string(b), false, err
	}
	return body, err == nil, err
}

// policy is the workspace's policy, parsed.
func (s *Server) policy(r *http.Request, u *parley.User) (*pricing.Policy, error) {
	return s.policyIn(r.Context(), u, s.text(r))
}

// policyIn is policy with its error written in the language of t.
func (s *Server) policyIn(ctx context.Context, u *parley.User, t Text) (*pricing.Policy, error) {
	body, _, err := s.policyText(ctx, u)
	if err != nil {
		return nil, err
	}
	if p, ok := s.parsed.get(body); ok {
		return p, nil
	}
	p, err := pricing.ParsePolicy([]byte(body))
	if err != nil {
		return nil, parley.Errorf(parley.EINVALID, "%s", t.F("err_policy_broken", err))
	}
	s.parsed.put(body, p)
	return p, nil
}

// policyCache keeps parsed policies by their text: pages that need the
// policy read its text (one indexed row) but parse it only when it
// changed. Parsed policies are never modified.
type policyCache struct {
	mu sync.Mutex
	m  map[string]*pricing.Policy
}

// maxCachedPolicies bounds the cache; a host with more workspaces than
// this parses the others as before.
const maxCachedPolicies = 256

func (c *policyCache) get(body string) (*pricing.Policy, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.m[body]
	return p, ok
}

func (c *policyCache) put(body string, p *pricing.Policy) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCachedPolicies {
		c.m = map[string]*pricing.Policy{}
	}
	c.m[body] = p
}

func (s *Server) policyPage(w http.ResponseWriter, r *http.Request, u *parley.User) {
	body, saved, err := s.policyText(r.Context(), u)
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
