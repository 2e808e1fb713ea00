// Package proposal writes what a client reads about a quote: the proposal
// in the order of rule M2 (our understanding of the task, related work,
// options with prices, what is and is not included, terms, the
// communication charter), as plain text, Markdown, HTML and PDF, in
// English, Finnish or Russian. Its wording lives in text/LANG.toml.
package proposal

import (
	"embed"
	"fmt"
	"strings"
	"text/template"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/parley-desk/parley/locale"
	"github.com/parley-desk/parley/money"
)

//go:embed text/*.toml
var texts embed.FS

// Catalog is one language's wording, compiled once.
type Catalog struct {
	Lang  string
	units map[string]string
	tmpl  map[string]*template.Template
}

// LoadCatalog compiles the embedded wording of lang, failing on any
// template error so that a broken catalog never reaches a client.
func LoadCatalog(lang string) (*Catalog, error) {
	data, err := texts.ReadFile("text/" + lang + ".toml")
	if err != nil {
		return nil, fmt.Errorf("no proposal wording for language %q; write en, fi or ru", lang)
	}
	var raw map[string]string
	if _, err := toml.Decode(string(data), &raw); err != nil {
		return nil, fmt.Errorf("text/%s.toml: %w", lang, err)
	}
	c := &Catalog{Lang: lang, units: map[string]string{}, tmpl: map[string]*template.Template{}}
	funcs := template.FuncMap{
		"money":     func(m money.Money) string { return locale.Money(lang, m) },
		"date":      func(d time.Time) string { return locale.Date(lang, d) },
		"shortdate": func(d time.Time) string { return locale.ShortDate(lang, d) },
		"count":     func(n int, forms string) string { return locale.Count(lang, int64(n), forms) },
		"percent":   func(h int64) string { return locale.Percent(lang, h) },
		"qty":       func(milli int64, unit string) string { return c.quantity(milli, unit) },
	}
	for key, text := range raw {
		if unit, ok := strings.CutPrefix(key, "unit_"); ok {
			c.units[unit] = text
			continue
		}
		t, err := template.New(key).Funcs(funcs).Option("missingkey=error").Parse(text)
		if err != nil {
			return nil, fmt.Errorf("text/%s.toml: %s: %w", lang, key, err)
		}
		c.tmpl[key] = t
	}
	for _, key := range requiredKeys {
		if c.tmpl[key] == nil {
			return nil, fmt.Errorf("text/%s.toml: %s is missing", lang, key)
		}
	}
	return c, nil
}

// requiredKeys are the entries every catalog must have; a test checks the
// shipped ones against it and against each other.
var requiredKeys = []string{
	"title", "title_for", "prepared", "understanding", "understanding_confirm", "understanding_missing",
	"related_work", "options", "options_intro", "option_full", "option_reduced", "option_express",
	"option_summary", "price", "line", "subtotal", "total",
	"modifier_repeat_structure", "modifier_reduced_scope", "modifier_discount_longer_deadline",
	"modifier_discount_smaller_scope", "modifier_discount_repeat_structure", "modifier_nda", "modifier_rush",
	"scope", "included", "excluded", "revisions", "how_priced", "terms", "payment_full", "payment_staged",
	"stage", "delivery", "delivery_rush", "guarantee", "payment_full_options", "delivery_options", "guarantee_options", "valid", "charter", "charter_hours", "charter_calls",
	"charter_response", "charter_channels", "charter_status",
}

// T renders one entry. A missing key or a template error is a bug in the
// shipped wording, caught by the catalog tests; it shows as [key].
func (c *Catalog) T(key string, data any) string {
	t := c.tmpl[key]
	if t == nil {
		return "[" + key + "]"
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return "[" + key + ": " + err.Error() + "]"
	}
	return b.String()
}

// quantity writes a quantity with its unit: "3 pages", "7,5 тысячи знаков".
func (c *Catalog) quantity(milli int64, unit string) string {
	forms := c.units[unit]
	if forms == "" {
		forms = unit
	}
	n := locale.Number(c.Lang, milli, 3)
	if i := strings.IndexAny(n, ".,"); i >= 0 {
		n = strings.TrimRight(strings.TrimRight(n, "0"), ".,")
	}
	if milli%1000 != 0 {
		return n + " " + locale.PluralFraction(c.Lang, forms)
	}
	return n + " " + locale.Plural(c.Lang, milli/1000, forms)
}
