package proposal

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/parley-desk/parley/locale"
	"github.com/parley-desk/parley/pricing"
)

var monday = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)

func policy(t testing.TB, profession, lang string) *pricing.Policy {
	t.Helper()
	data, err := pricing.Example(profession, lang)
	if err != nil {
		t.Fatal(err)
	}
	p, err := pricing.ParsePolicy(data)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func quote(t testing.TB, p *pricing.Policy, req pricing.Request) *pricing.Quote {
	t.Helper()
	if req.Today.IsZero() {
		req.Today = monday
	}
	if len(req.Lines) == 0 {
		req.Lines = []pricing.LineRequest{{Service: p.Services[0].ID, Quantity: 2000}}
	}
	q, err := pricing.Compute(p, req)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// Every language has every entry, and no entry the others lack.
func TestCatalogsComplete(t *testing.T) {
	keys := map[string][]string{}
	for _, lang := range locale.Languages {
		if _, err := LoadCatalog(lang); err != nil {
			t.Fatalf("%s: %v", lang, err)
		}
		data, _ := texts.ReadFile("text/" + lang + ".toml")
		var raw map[string]string
		if _, err := toml.Decode(string(data), &raw); err != nil {
			t.Fatal(err)
		}
		for k := range raw {
			keys[lang] = append(keys[lang], k)
		}
		slices.Sort(keys[lang])
	}
	for _, lang := range locale.Languages[1:] {
		if !slices.Equal(keys[lang], keys["en"]) {
			t.Errorf("%s keys differ from en:\n%v\n%v", lang, keys[lang], keys["en"])
		}
	}
}

// M2: understanding → related work → (how the price is made) → options
// with prices → included and not → terms → charter.
func TestProposalFollowsM2(t *testing.T) {
	for _, lang := range locale.Languages {
		c, err := LoadCatalog(lang)
		if err != nil {
			t.Fatal(err)
		}
		p := policy(t, "copywriter", lang)
		q := quote(t, p, pricing.Request{Options: true, Stages: 2, Lines: []pricing.LineRequest{{Service: p.Services[0].ID, Quantity: 6000}}})
		d := Build(c, Input{Quote: q, Policy: p, Client: "Kuusi Oy", Task: "A landing page.", Today: monday})
		var headings []string
		for _, b := range d.Blocks {
			if b.Kind == Heading && b.Level == 2 {
				headings = append(headings, b.Text)
			}
		}
		want := []string{"understanding", "related_work", "how_priced", "options", "scope", "terms", "charter"}
		for i, key := range want {
			want[i] = c.T(key, nil)
		}
		if !slices.Equal(headings, want) {
			t.Errorf("%s: headings %q, want %q", lang, headings, want)
		}
		text := d.Text()
		for _, must := range []string{"Kuusi Oy", "A landing page.", locale.Money(lang, q.Options[0].Total), locale.Money(lang, q.Options[1].Total)} {
			if !strings.Contains(text, must) {
				t.Errorf("%s: the proposal lacks %q", lang, must)
			}
		}
		if strings.Contains(text, "[") && strings.Contains(text, "]") && strings.Contains(text, "[option") {
			t.Errorf("%s: a catalog entry is missing: %s", lang, text)
		}
	}
}

// P9: a large company's buyer gets no everyday analogy; every proposal
// lists what is and is not included.
func TestClientKind(t *testing.T) {
	c, _ := LoadCatalog("en")
	p := policy(t, "copywriter", "en")
	for _, kind := range []string{"small_business", "large_company", "agency"} {
		q := quote(t, p, pricing.Request{ClientKind: kind})
		text := Build(c, Input{Quote: q, Policy: p, Today: monday}).Text()
		if got := strings.Contains(text, "How the price is made"); got == (kind == "large_company") {
			t.Errorf("%s: explanation shown = %v", kind, got)
		}
		if !strings.Contains(text, "Not included") || !strings.Contains(text, "design and layout") {
			t.Errorf("%s: no exclusions", kind)
		}
	}
}

// Text written by the freelancer or the client cannot become markup.
func TestEscaping(t *testing.T) {
	c, _ := LoadCatalog("en")
	p := policy(t, "copywriter", "en")
	q := quote(t, p, pricing.Request{})
	d := Build(c, Input{Quote: q, Policy: p, Client: `<script>alert(1)</script> *Bold* [x](javascript:alert(1))`, Task: "# not a heading", Today: monday})
	page, err := d.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(page, []byte("<script>")) {
		t.Error("HTML carries the client's script")
	}
	md := d.Markdown()
	if strings.Contains(md, "<script>") || strings.Contains(md, "[x](javascript") || strings.Contains(md, "\n# not") {
		t.Errorf("Markdown lets markup through:\n%s", md)
	}
}

// The PDF holds the text with ä, ö, Cyrillic, € and ₽: pdftotext reads it
// back. Pages are also rendered to PNG for a person to look at
// (PARLEY_PDF_PNG=DIR keeps them).
func TestPDFText(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("PARLEY_CI") != "" {
			t.Fatal("pdftotext is needed: apt-get install poppler-utils")
		}
		t.Skip("pdftotext is not installed (apt-get install poppler-utils); .ci/run installs it")
	}
	cases := []struct{ profession, lang string }{{"copywriter", "en"}, {"copywriter", "fi"}, {"copywriter", "ru"}}
	for _, cs := range cases {
		c, _ := LoadCatalog(cs.lang)
		p := policy(t, cs.profession, cs.lang)
		q := quote(t, p, pricing.Request{Options: true, NDA: true})
		d := Build(c, Input{Quote: q, Policy: p, Client: "Äänekosken Öljy / Ёлки-Палки", Task: "Tehtävä: myyntisivu. Задача: продающий текст.", Today: monday})
		data, err := d.PDF(monday)
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if keep := os.Getenv("PARLEY_PDF_PNG"); keep != "" {
			dir = keep
		}
		file := filepath.Join(dir, cs.lang+".pdf")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("pdftotext", "-layout", file, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		text := string(out)
		for _, must := range []string{"Äänekosken Öljy", "Ёлки-Палки", locale.Money(cs.lang, q.Options[0].Total), c.T("charter", nil)} {
			if !strings.Contains(text, must) {
				t.Errorf("%s: the PDF text lacks %q:\n%s", cs.lang, must, text)
			}
		}
		if _, err := exec.LookPath("pdftoppm"); err == nil {
			if err := exec.Command("pdftoppm", "-png", "-r", "60", file, filepath.Join(dir, cs.lang)).Run(); err != nil {
				t.Errorf("pdftoppm: %v", err)
			}
		}
	}
}
