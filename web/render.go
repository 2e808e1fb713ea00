package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

// parsePages parses each page of templates/ with the shared layout. Pages
// take their words from the catalog in .T (see i18n.go), never literally.
func parsePages() (map[string]*template.Template, error) {
	files, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.New(name).ParseFS(assets, "templates/layout.html", f)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// render writes a page with status code in the request's language (data
// gets the catalog as "T" and its code as "Lang"). It renders into a buffer
// first, so that a template error becomes a clean 500, never half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, page string, data map[string]any) {
	s.renderIn(w, code, page, "layout", s.text(r), data)
}

// renderIn renders page through its entry template in the language of
// text: the portal speaks the client's language, whatever the desk's.
func (s *Server) renderIn(w http.ResponseWriter, code int, page, entry string, text Text, data map[string]any) {
	t := s.pages[page]
	if data == nil {
		data = map[string]any{}
	}
	data["T"], data["Lang"] = text, text.Lang()
	var b bytes.Buffer
	if t == nil {
		s.log.Error("no such page", "page", page)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if err := t.ExecuteTemplate(&b, entry, data); err != nil {
		s.log.Error("render", "page", page, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Language", text.Lang())
	w.Header().Add("Vary", "Accept-Language")
	w.WriteHeader(code)
	w.Write(b.Bytes())
}
