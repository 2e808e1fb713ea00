package screen

import (
	"slices"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/snowballstem"
)

// wordCache remembers, per lexicon, each word's stem and terms: both are
// pure functions of the word, and the words of inquiries repeat (we, you,
// pay, deadline…), so stemming and the automaton run once per word rather
// than once per occurrence. It is bounded; past the bound words are simply
// not remembered. Safe for concurrent use.
type wordCache struct {
	m sync.Map // string → wordEntry
	n atomic.Int32
}

type wordEntry struct {
	stem  string
	terms []termID
}

const maxCachedWords = 1 << 14

func (c *wordCache) get(w string) (wordEntry, bool) {
	v, ok := c.m.Load(w)
	if !ok {
		return wordEntry{}, false
	}
	return v.(wordEntry), true
}

func (c *wordCache) put(w string, e wordEntry) {
	if c.n.Load() >= maxCachedWords {
		return
	}
	if _, loaded := c.m.LoadOrStore(w, e); !loaded {
		c.n.Add(1)
	}
}

// resolve stems every word and finds every token's terms in its
// sentence's lexicon, through the lexicons' word caches.
func (a *analysis) resolve(env *snowballstem.Env) {
	a.termOff = a.termOff[:0]
	a.terms = a.terms[:0]
	for i := range a.toks {
		t := &a.toks[i]
		lex := a.lexOf[t.Sentence]
		a.termOff = append(a.termOff, int32(len(a.terms)))
		if t.Kind == Word {
			if e, ok := lex.words.get(t.Norm); ok {
				t.Stem = e.stem
				a.terms = append(a.terms, e.terms...)
				continue
			}
			env.SetCurrent(t.Norm)
			lex.stemmer(env)
			t.Stem = env.Current()
		}
		start := len(a.terms)
		found := a.terms[start:]
		switch t.Kind {
		case Number:
			found = append(found, lex.anyNumber)
		case Word:
			for _, id := range lex.stems[t.Stem] {
				found = appendUnique(found, id)
			}
		}
		found = lex.surface.scan(t.Norm, found)
		a.terms = append(a.terms[:start], found...)
		if t.Kind == Word {
			lex.words.put(t.Norm, wordEntry{stem: t.Stem, terms: slices.Clone(found)})
		}
	}
	a.termOff = append(a.termOff, int32(len(a.terms)))
}
