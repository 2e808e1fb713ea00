// Package wording compiles the client-facing text of a language from a TOML
// file of Go templates, with the formatting functions of package locale:
// money, date, shortdate, count N "one|other", qty THOUSANDTHS UNIT,
// percent HUNDREDTHS. Proposals and negotiation replies both use it, so
// wording lives in data files and never in code.
package wording

import (
	"fmt"
	"io/fs"
	"strings"
	"text/template"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/parley-desk/parley/locale"
	"github.com/parley-desk/parley/money"
)

// Catalog is one language's compiled wording.
type Catalog struct {
	Lang  string
	units map[string]string
	lists map[string][]string
	tmpl  map[string]*template.Template
}

// Load compiles file from fsys for lang; every key in required must exist.
// String values are templates; "unit_*" values are plural forms of units;
// array values are word lists (List).
func Load(fsys fs.FS, file, lang string, required []string) (*Catalog, error) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, fmt.Errorf("no wording for language %q; write en, fi or ru", lang)
	}
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	c := &Catalog{Lang: lang, units: map[string]string{}, lists: map[string][]string{}, tmpl: map[string]*template.Template{}}
	funcs := template.FuncMap{
		"money":     func(m money.Money) string { return locale.Money(lang, m) },
		"date":      func(d time.Time) string { return locale.Date(lang, d) },
		"shortdate": func(d time.Time) string { return locale.ShortDate(lang, d) },
		"count":     func(n int, forms string) string { return locale.Count(lang, int64(n), forms) },
		"percent":   func(h int64) string { return locale.Percent(lang, h) },
		"qty":       func(milli int64, unit string) string { return c.Quantity(milli, unit) },
		"join":      strings.Join,
	}
	for key, v := range raw {
		switch v := v.(type) {
		case string:
			if unit, ok := strings.CutPrefix(key, "unit_"); ok {
				c.units[unit] = v
				continue
			}
			t, err := template.New(key).Funcs(funcs).Option("missingkey=error").Parse(v)
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %w", file, key, err)
			}
			c.tmpl[key] = t
		case []any:
			for _, it := range v {
				s, ok := it.(string)
				if !ok {
					return nil, fmt.Errorf("%s: %s: a list of words holds %v", file, key, it)
				}
				c.lists[key] = append(c.lists[key], s)
			}
		default:
			return nil, fmt.Errorf("%s: %s: want text or a list of words, got %T", file, key, v)
		}
	}
	for _, key := range required {
		if c.tmpl[key] == nil && c.lists[key] == nil {
			return nil, fmt.Errorf("%s: %s is missing", file, key)
		}
	}
	return c, nil
}

// Has reports whether key is a template of the catalog.
func (c *Catalog) Has(key string) bool { return c.tmpl[key] != nil }

// T renders one entry. A missing key or a template error is a bug in the
// shipped wording, caught by the catalog tests; it shows as [key].
func (c *Catalog) T(key string, data any) string {
	t := c.tmpl[key]
	if t == nil {
		return "[" + key + "]"
	}
	var b strings.Builder
	b.Grow(512) // a paragraph; saves the builder's doublings
	if err := t.Execute(&b, data); err != nil {
		return "[" + key + ": " + err.Error() + "]"
	}
	return b.String()
}

// List returns a word list of the catalog.
func (c *Catalog) List(key string) []string { return c.lists[key] }

// Quantity writes a quantity with its unit: "3 pages", "7,5 тысячи знаков".
func (c *Catalog) Quantity(milli int64, unit string) string {
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
