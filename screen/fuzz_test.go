package screen

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
)

// FuzzScreen: no input panics; every span lies inside the text on rune
// boundaries and its quote is exactly that slice.
func FuzzScreen(f *testing.F) {
	for _, seed := range []string{
		"", "a", "ASAP!!!", "50/50, 24/7, $1,200 — 3 000 ₽; 100% upfront.",
		"Нужно к завтрашнему утру, оплата после сдачи.", "Tarvitsen sen huomiseksi, ei ennakkomaksua.",
		"don't\u2019t 'quoted' «ёлка» e-mail 10k 2x", "\xff\xfe", "a\x00b", "1.2.3,4 5 678 9",
	} {
		f.Add(seed)
	}
	s := newTestScreener(f)
	f.Fuzz(func(t *testing.T, text string) {
		res, err := s.Screen(text, Options{})
		if err != nil {
			return
		}
		for _, fl := range res.Flags {
			for _, e := range fl.Evidence {
				if e.Start < 0 || e.End > len(text) || e.Start >= e.End {
					t.Fatalf("span [%d:%d] outside %d bytes", e.Start, e.End, len(text))
				}
				if text[e.Start:e.End] != e.Quote {
					t.Fatalf("quote %q != slice %q", e.Quote, text[e.Start:e.End])
				}
				if !utf8.ValidString(e.Quote) {
					t.Fatalf("quote %q cuts a rune", e.Quote)
				}
			}
		}
		if res.Score < 0 || res.Score > 100 {
			t.Fatalf("score %d", res.Score)
		}
	})
}

// FuzzCompileLexicon: the rules parser never panics, whatever a user puts
// in a --rules file; it compiles or reports an error.
func FuzzCompileLexicon(f *testing.F) {
	base, err := DefaultFile("en.rules")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(base[:2000]))
	f.Add("language en\nflag rush\n+ [a b|c] ..2 d|@x\n")
	f.Add("language en\ngroup x = a b*\nflag rush\n+ [|]\n- ..3\n+0.5 x|[y z]|w\n")
	tax, err := parseTaxonomy("taxonomy.txt", mustDefault(f, "taxonomy.txt"))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src string) {
		lex, err := compileLexicon("fuzz.rules", []byte(src), stemmers(), tax.known())
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.rules") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		// A compiled lexicon must screen without panicking.
		a := &analysis{toks: tokenize("as soon as possible, urgent 24/7 free", nil)}
		a.sentence = []int{0, len(a.toks)}
		a.lexOf = []*lexicon{lex}
		a.resolve(snowballstem.NewEnv(""))
		a.match(nil)
	})
}

func mustDefault(f *testing.F, name string) []byte {
	b, err := DefaultFile(name)
	if err != nil {
		f.Fatal(err)
	}
	return b
}
