package web

import (
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/parley-desk/parley/locale"
)

// The desk speaks the languages of package locale. Its labels live in
// text/<lang>.toml, one flat table of key = "text" each; the catalogs must
// have the same keys (the tests check it). Texts with arguments are fmt
// formats ("%[1]d"); plural-sensitive ones are forms for locale.Count
// ("day|days", "день|дня|дней").

// langKey is the session key of the language the user chose.
const langKey = "lang"

// defaultLang is the language of a client that states no preference.
const defaultLang = "en"

// Text is one language's catalog. Templates get it as .T: {{.T.nav_leads}}
// for a plain label, {{.T.F "lead_title" .Lead.ID}} for a format,
// {{.T.N "unit_days" 3}} for a count with its plural form.
type Text map[string]string

// textLangKey holds the catalog's language inside the map; no catalog key
// starts with an underscore.
const textLangKey = "_lang"

// Lang is the language of the catalog.
func (t Text) Lang() string { return t[textLangKey] }

// F formats the text of key with args; a missing key shows as [key], so
// that a gap is visible, never a blank.
func (t Text) F(key string, args ...any) string {
	v, ok := t[key]
	if !ok {
		return "[" + key + "]"
	}
	if len(args) == 0 {
		return v
	}
	return fmt.Sprintf(v, args...)
}

// N writes n with the plural form of key's forms.
func (t Text) N(key string, n int) string {
	forms, ok := t[key]
	if !ok {
		return strconv.Itoa(n) + " [" + key + "]"
	}
	return locale.Count(t.Lang(), int64(n), forms)
}

// Enum is the label of a value of a closed set (a status, a verdict):
// key prefix_value, or the value itself when there is no label for it.
func (t Text) Enum(prefix, value string) string {
	if v, ok := t[prefix+"_"+value]; ok {
		return v
	}
	return value
}

// Stamp writes a moment for the desk's lists: en "2 Jan 2006 15:04",
// fi "2.1.2006 klo 15.04", ru "02.01.2006 15:04".
func (t Text) Stamp(at time.Time) string {
	at = at.Local()
	switch t.Lang() {
	case "fi":
		return at.Format("2.1.2006 klo 15.04")
	case "ru":
		return at.Format("02.01.2006 15:04")
	}
	return at.Format("2 Jan 2006 15:04")
}

// loadTexts reads every catalog of text/.
func loadTexts() (map[string]Text, error) {
	texts := map[string]Text{}
	for _, lang := range locale.Languages {
		raw, err := readCatalog(lang)
		if err != nil {
			return nil, err
		}
		t := Text{textLangKey: lang}
		for k, v := range raw {
			t[k] = v
		}
		texts[lang] = t
	}
	return texts, nil
}

// readCatalog decodes text/<lang>.toml as it is stored.
func readCatalog(lang string) (map[string]string, error) {
	file := "text/" + lang + ".toml"
	data, err := fs.ReadFile(assets, file)
	if err != nil {
		return nil, err
	}
	var raw map[string]string
	if _, err := toml.Decode(string(data), &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return raw, nil
}

// lang is the language of the request: the user's choice kept in the
// session, else the best supported match of Accept-Language, else English
// (always English for the JSON API).
func (s *Server) lang(r *http.Request) string {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		return defaultLang // the JSON API speaks English to scripts
	}
	if strings.HasPrefix(r.URL.Path, "/p/") || strings.HasPrefix(r.URL.Path, "/calendar/") {
		return defaultLang // the portal speaks the client's language, passed explicitly; no session here
	}
	if l := s.sessions.GetString(r.Context(), langKey); locale.Supported(l) {
		return l
	}
	return acceptLanguage(r.Header.Get("Accept-Language"))
}

// text is the catalog of the request's language.
func (s *Server) text(r *http.Request) Text {
	return s.texts[s.lang(r)]
}

// acceptLanguage picks the supported language the header prefers most
// ("fi-FI,fi;q=0.9,en;q=0.8" is fi); ties go to the one named first.
func acceptLanguage(header string) string {
	best, bestQ := defaultLang, 0.0
	for _, item := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(item), ";")
		primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		if !locale.Supported(primary) {
			continue
		}
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			if v, ok := strings.CutPrefix(strings.TrimSpace(p), "q="); ok {
				if f, err := strconv.ParseFloat(v, 64); err == nil && f >= 0 && f <= 1 {
					q = f
				} else {
					q = 0
				}
			}
		}
		if q > bestQ {
			best, bestQ = primary, q
		}
	}
	return best
}

// setLanguage keeps the chosen language in the session and goes back to
// the page the form was on.
func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	lang := r.PostFormValue("lang")
	if !slices.Contains(locale.Languages, lang) {
		http.Error(w, "unknown language; choose en, fi or ru", http.StatusBadRequest)
		return
	}
	s.sessions.Put(r.Context(), langKey, lang)
	http.Redirect(w, r, backTo(r), http.StatusSeeOther)
}

// backTo is the same-origin page the request came from, or "/": the
// Referer is used only when it names this host, and only its path and
// query, so that the switcher cannot redirect anywhere else.
func backTo(r *http.Request) string {
	ref, err := url.Parse(r.Referer())
	if err != nil || r.Referer() == "" {
		return "/"
	}
	if ref.Host != "" && ref.Host != r.Host {
		return "/"
	}
	if ref.Scheme != "" && ref.Scheme != "http" && ref.Scheme != "https" {
		return "/"
	}
	p := ref.EscapedPath()
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, `\`) || path.Clean(p) == "/language" {
		return "/"
	}
	if ref.RawQuery != "" {
		p += "?" + ref.RawQuery
	}
	return p
}

// Date writes a day in the catalog's language: "maanantai 7.12.2026".
func (t Text) Date(d time.Time) string { return locale.Date(t.Lang(), d) }

// H is the text of key as HTML, for the few labels that hold a link or
// code ("…_html" keys). The catalogs are embedded, written by us.
func (t Text) H(key string) template.HTML {
	v, ok := t[key]
	if !ok {
		return template.HTML(template.HTMLEscapeString("[" + key + "]"))
	}
	return template.HTML(v)
}

// English is the desk's English catalog, for the shell's own reports.
func (s *Server) English() Text { return s.texts[defaultLang] }
