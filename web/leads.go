package web

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/screen"
)

// leadView is a lead as the lists show it, its strings made in Go: a list
// of fifty renders fast when each card is a few template actions.
type leadView struct {
	ID                      int64
	Verdict, Label, Snippet string
	Meta                    string
}

func views(t Text, ls []*parley.Lead) []leadView {
	out := make([]leadView, len(ls))
	for i, l := range ls {
		meta := t.Enum("lead_status", l.Status) + " · " + l.Language + " · " + t.F("meta_score", l.Score)
		if l.Source != "" {
			meta += " · " + l.Source
		}
		out[i] = leadView{ID: l.ID, Verdict: l.Verdict, Label: t.Enum("verdict", l.Verdict), Snippet: snippet(l.Inquiry, 140),
			Meta: meta + " · " + t.Stamp(l.CreatedAt)}
	}
	return out
}

// snippet is s with its runs of white space made one space, cut to n
// runes with "…" when longer; one pass, as lists make fifty per page.
func snippet(s string, n int) string {
	runes := make([]rune, 0, n+1)
	pending := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			pending = len(runes) > 0
			continue
		}
		if pending {
			runes = append(runes, ' ')
			pending = false
		}
		runes = append(runes, r)
		if len(runes) > n {
			return string(runes[:n-1]) + "…"
		}
	}
	return string(runes)
}

func (s *Server) leads(w http.ResponseWriter, r *http.Request, u *parley.User) {
	s.leadsPage(w, r, u, http.StatusOK, map[string]any{})
}

func (s *Server) leadsPage(w http.ResponseWriter, r *http.Request, u *parley.User, code int, data map[string]any) {
	status := r.URL.Query().Get("status")
	leads, next, err := s.store.Leads(r.Context(), u.WorkspaceID, status, parley.Page{Limit: 50, After: r.URL.Query().Get("after")})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data["User"], data["Leads"], data["Next"], data["Status"] = u, views(s.text(r), leads), next, status
	s.render(w, r, code, "leads", data)
}

// separator splits pasted text into several inquiries: a line of three or
// more dashes.
var separator = regexp.MustCompile(`(?m)^\s*-{3,}\s*$`)

// createLeads screens each pasted inquiry and stores it as a lead. All are
// checked before any is stored, so a bad one loses nothing and stores
// nothing half-way.
func (s *Server) createLeads(w http.ResponseWriter, r *http.Request, u *parley.User) {
	t := s.text(r)
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, parley.Errorf(parley.EINVALID, "%s", t.F("err_leads_form")))
		return
	}
	text, source := r.PostFormValue("inquiry"), strings.TrimSpace(r.PostFormValue("source"))
	var parts []string
	for _, p := range separator.Split(text, -1) {
		if strings.TrimSpace(p) != "" {
			parts = append(parts, strings.TrimSpace(p))
		}
	}
	again := func(msg string) {
		s.leadsPage(w, r, u, http.StatusBadRequest, map[string]any{"Error": msg, "Inquiry": text, "Source": source})
	}
	if len(parts) == 0 {
		again(t.F("err_paste_first"))
		return
	}
	if len(parts) > 50 {
		again(t.F("err_too_many", 50))
		return
	}
	leads, err := s.screenInquiries(r.Context(), u, parts, source, t)
	if err != nil {
		if parley.ErrorCode(err) == parley.EINVALID {
			again(parley.ErrorMessage(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	if len(leads) == 1 {
		http.Redirect(w, r, "/leads/"+strconv.FormatInt(leads[0].ID, 10), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/leads", http.StatusSeeOther)
}

// screenInquiries screens each inquiry and stores it as a lead. All are
// checked before any is stored, so a bad one stores nothing. Flags are
// explained, and errors written, in the language of t.
func (s *Server) screenInquiries(ctx context.Context, u *parley.User, texts []string, source string, t Text) ([]*parley.Lead, error) {
	leads := make([]*parley.Lead, 0, len(texts))
	for i, text := range texts {
		res, err := s.screener.Screen(text, screen.Options{Explain: t.Lang(), Today: s.now()})
		if err != nil {
			return nil, parley.Errorf(parley.EINVALID, "%s", t.F("err_inquiry_n", i+1, parley.ErrorMessage(err)))
		}
		b, _ := json.Marshal(res)
		leads = append(leads, &parley.Lead{WorkspaceID: u.WorkspaceID, Source: source, Inquiry: text,
			Language: res.Language, Verdict: res.Verdict, Score: res.Score, Screening: b})
	}
	for _, l := range leads {
		if err := s.store.CreateLead(ctx, l); err != nil {
			return nil, err
		}
	}
	return leads, nil
}

// part is a stretch of the inquiry, marked when it is evidence of a flag.
type part struct {
	Text, Flag string
}

// highlight cuts text at the evidence spans of the flags.
func highlight(text string, flags []screen.Flag) []part {
	type span struct {
		start, end int
		code       string
	}
	var spans []span
	for _, f := range flags {
		for _, e := range f.Evidence {
			if e.Start >= 0 && e.End <= len(text) && e.Start < e.End {
				spans = append(spans, span{e.Start, e.End, f.Code})
			}
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return a.start - b.start })
	var out []part
	at := 0
	for _, sp := range spans {
		if sp.start < at {
			continue // overlapping evidence of another flag: shown once
		}
		out = append(out, part{Text: text[at:sp.start]}, part{Text: text[sp.start:sp.end], Flag: sp.code})
		at = sp.end
	}
	return append(out, part{Text: text[at:]})
}

func (s *Server) lead(w http.ResponseWriter, r *http.Request, u *parley.User) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, parley.Errorf(parley.ENOTFOUND, "%s", s.text(r).F("err_no_lead", r.PathValue("id"))))
		return
	}
	l, err := s.store.Lead(r.Context(), u.WorkspaceID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var res screen.Result
	if err := json.Unmarshal(l.Screening, &res); err != nil {
		s.fail(w, r, parley.Errorf(parley.EINTERNAL, "lead %d: stored screening: %w", id, err))
		return
	}
	s.render(w, r, http.StatusOK, "lead", map[string]any{"User": u, "Lead": l, "Result": res, "Parts": highlight(l.Inquiry, res.Flags)})
}

func (s *Server) setLeadStatus(w http.ResponseWriter, r *http.Request, u *parley.User) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, parley.Errorf(parley.ENOTFOUND, "%s", s.text(r).F("err_no_lead", r.PathValue("id"))))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := s.store.SetLeadStatus(r.Context(), u.WorkspaceID, id, r.PostFormValue("status")); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/leads/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
