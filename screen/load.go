package screen

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/finnish"
	"github.com/blevesearch/snowballstem/russian"

	"github.com/parley-desk/parley"
)

// defaults are the rules and wording shipped in the binary.
//
//go:embed rules/*.txt rules/*.rules rules/README.md replies/*.tmpl
var defaults embed.FS

// stemmers are the Snowball stemmers of the languages a lexicon may name.
func stemmers() map[string]func(*snowballstem.Env) bool {
	return map[string]func(*snowballstem.Env) bool{"en": english.Stem, "fi": finnish.Stem, "ru": russian.Stem}
}

// DataFiles lists the names of the data files a screener is built from,
// as --rules DIR may override them: taxonomy.txt, LANG.rules, LANG.tmpl.
func DataFiles() []string {
	var names []string
	for _, dir := range []string{"rules", "replies"} {
		entries, _ := fs.ReadDir(defaults, dir)
		for _, e := range entries {
			if e.Name() == "README.md" {
				continue
			}
			names = append(names, e.Name())
		}
	}
	slices.Sort(names)
	return names
}

// DefaultFile returns the shipped content of one data file.
func DefaultFile(name string) ([]byte, error) {
	for _, dir := range []string{"rules", "replies"} {
		if b, err := defaults.ReadFile(path.Join(dir, name)); err == nil {
			return b, nil
		}
	}
	return nil, parley.Errorf(parley.ENOTFOUND, "no data file %q; the files are %s", name, strings.Join(DataFiles(), ", "))
}

// New compiles a screener from the shipped data files, each replaced by
// the file of the same name in overrides when present (--rules DIR). A file
// that does not compile is reported with its name and line.
func New(overrides map[string][]byte) (*Screener, error) {
	return build(overrides, "", nil)
}

// Extend compiles the shipped screener with more codes: extra["taxonomy.txt"]
// adds flags (severity "ask" for what a client asks in a negotiation) and
// extra["LANG.rules"] adds their patterns to that language's lexicon, after
// the shipped rules (no "language" line: it continues the file). dir names
// the extra files in messages and traces ("asks" gives "asks/en.rules").
// The negotiation assistant finds a client's asks this way, in the same
// single pass that finds the red flags.
func Extend(dir string, extra map[string][]byte) (*Screener, error) {
	return build(nil, dir, extra)
}

func build(overrides map[string][]byte, dir string, extra map[string][]byte) (*Screener, error) {
	known := DataFiles()
	for name := range overrides {
		if !slices.Contains(known, name) {
			return nil, parley.Errorf(parley.EINVALID, "rules file %q is not one Parley reads; name it one of %s", name, strings.Join(known, ", "))
		}
	}
	read := func(name string) []byte {
		if b, ok := overrides[name]; ok {
			return b
		}
		b, _ := DefaultFile(name)
		return b
	}
	tax, err := parseTaxonomy("taxonomy.txt", read("taxonomy.txt"))
	if err != nil {
		return nil, parley.Errorf(parley.EINVALID, "%w", err)
	}
	if b, ok := extra["taxonomy.txt"]; ok {
		name := path.Join(dir, "taxonomy.txt")
		more, err := parseTaxonomy(name, b)
		if err != nil {
			return nil, parley.Errorf(parley.EINVALID, "%w", err)
		}
		if err := tax.merge(name, more); err != nil {
			return nil, parley.Errorf(parley.EINVALID, "%w", err)
		}
	}
	s := &Screener{tax: tax, lexes: map[string]*lexicon{}, replies: map[string]*replyBook{}, drafts: &drafts{}}
	for _, name := range known {
		lang, ok := strings.CutSuffix(name, ".rules")
		if !ok {
			continue
		}
		parts := []source{{name, read(name)}}
		if b, ok := extra[name]; ok {
			parts = append(parts, source{path.Join(dir, name), b})
		}
		lex, err := compileSources(parts, stemmers(), tax.known())
		if err != nil {
			return nil, parley.Errorf(parley.EINVALID, "%w", err)
		}
		if lex.lang != lang {
			return nil, parley.Errorf(parley.EINVALID, "%s: says \"language %s\"; a file named %s must hold language %s", name, lex.lang, name, lang)
		}
		book, err := parseReplies(lang+".tmpl", read(lang+".tmpl"))
		if err != nil {
			return nil, parley.Errorf(parley.EINVALID, "%w", err)
		}
		s.lexes[lang], s.replies[lang] = lex, book
		s.order = append(s.order, lang)
	}
	// English first: it is the fallback language of a text with no clue.
	slices.SortStableFunc(s.order, func(a, b string) int {
		if a == "en" {
			return -1
		}
		if b == "en" {
			return 1
		}
		return strings.Compare(a, b)
	})
	if len(s.order) == 0 {
		return nil, fmt.Errorf("no rules files are embedded")
	}
	// Language detection looks each word up once, in merged tables.
	s.cues, s.letters = map[string]uint8{}, map[rune]uint8{}
	for li, lang := range s.order {
		for w := range s.lexes[lang].stopwords {
			s.cues[w] |= 1 << li
			s.maxCue = max(s.maxCue, len(w))
		}
		for _, r := range s.lexes[lang].letters {
			s.letters[r] |= 1 << li
			if r < rune(len(s.letterTab)) {
				s.letterTab[r] |= 1 << li
			}
			s.asciiLetters = s.asciiLetters || r < 0x80
		}
	}
	return s, nil
}
