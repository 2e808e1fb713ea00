package screen

import "github.com/blevesearch/snowballstem"

// hit is one pattern matched over tokens [first, last].
type hit struct {
	pattern     int
	first, last int
}

// analysis is the token stream of one inquiry with the terms each token
// carries, in the language of its sentence.
type analysis struct {
	toks     []Token
	lexOf    []*lexicon // per sentence
	termOff  []int32    // token i's terms are terms[termOff[i]:termOff[i+1]]
	terms    []termID
	sentence []int // sentence → index of its first token; one extra at the end
}

// stemAll stems every word with its sentence's stemmer.
func (a *analysis) stemAll(env *snowballstem.Env) {
	for i := range a.toks {
		t := &a.toks[i]
		if t.Kind != Word {
			continue
		}
		lex := a.lexOf[t.Sentence]
		env.SetCurrent(t.Norm)
		lex.stemmer(env)
		t.Stem = env.Current()
	}
}

// findTerms looks up every token's terms in its sentence's lexicon.
func (a *analysis) findTerms() {
	a.termOff = a.termOff[:0]
	a.terms = a.terms[:0]
	for i := range a.toks {
		t := &a.toks[i]
		lex := a.lexOf[t.Sentence]
		a.termOff = append(a.termOff, int32(len(a.terms)))
		// Terms are deduplicated within this token only: a word that recurs
		// later in the text must carry its terms again.
		start := len(a.terms)
		found := a.terms[start:]
		if t.Kind == Number {
			found = append(found, lex.anyNumber)
		}
		if t.Kind == Word {
			for _, id := range lex.stems[t.Stem] {
				found = appendUnique(found, id)
			}
		}
		found = lex.surface.scan(t.Norm, found)
		a.terms = append(a.terms[:start], found...)
	}
	a.termOff = append(a.termOff, int32(len(a.terms)))
}

func (a *analysis) termsOf(i int) []termID {
	return a.terms[a.termOff[i]:a.termOff[i+1]]
}

// match finds every pattern occurrence, sentence by sentence, dropping
// those a nearby negator cancels.
func (a *analysis) match(hits []hit) []hit {
	for s := 0; s+1 < len(a.sentence); s++ {
		lex := a.lexOf[s]
		end := a.sentence[s+1]
		for i := a.sentence[s]; i < end; i++ {
			for _, t := range a.termsOf(i) {
				for _, p := range lex.first[t] {
					pat := &lex.patterns[p]
					last, ok := a.rest(pat, 1, i, end)
					if !ok || (pat.negation && a.negated(lex, i, last)) {
						continue
					}
					hits = append(hits, hit{pattern: p, first: i, last: last})
				}
			}
		}
	}
	return hits
}

// rest matches slots k… of p after the token at prev, before end; it
// returns the token that filled the last slot.
func (a *analysis) rest(p *pattern, k, prev, end int) (int, bool) {
	if k == len(p.slots) {
		return prev, true
	}
	for j := prev + 1; j < end && j <= prev+1+p.gaps[k]; j++ {
		if p.slots[k].any(a.termsOf(j)) {
			if last, ok := a.rest(p, k+1, j, end); ok {
				return last, true
			}
		}
	}
	return 0, false
}

// negated reports whether a negator stands within the lexicon's window
// before first or after last, inside the same clause.
func (a *analysis) negated(lex *lexicon, first, last int) bool {
	clause := a.toks[first].Clause
	for j := first - 1; j >= 0 && j >= first-lex.before && a.toks[j].Clause == clause; j-- {
		if lex.negators.any(a.termsOf(j)) {
			return true
		}
	}
	clause = a.toks[last].Clause
	for j := last + 1; j < len(a.toks) && j <= last+lex.after && a.toks[j].Clause == clause; j++ {
		if lex.negators.any(a.termsOf(j)) {
			return true
		}
	}
	return false
}
