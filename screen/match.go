package screen

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

	reach, next []int    // scratch of rest
	present     []uint64 // the terms of the sentence being matched, as bits
	needs       []uint8  // per need slot of the lexicon: 0 unknown, 1 held, 2 not held
	touched     []int32  // the needs decided in this sentence, to reset
}

// needHeld decides, once per sentence, whether it holds a term of need id.
func (a *analysis) needHeld(lex *lexicon, id int32) bool {
	switch a.needs[id] {
	case 1:
		return true
	case 2:
		return false
	}
	held := a.holds(lex.needs[id])
	a.needs[id] = 2
	if held {
		a.needs[id] = 1
	}
	a.touched = append(a.touched, id)
	return held
}

// mark sets or clears the bits of the terms of tokens [from, to).
func (a *analysis) mark(from, to int, set bool) {
	for i := from; i < to; i++ {
		for _, t := range a.termsOf(i) {
			if set {
				a.present[t>>6] |= 1 << (t & 63)
			} else {
				a.present[t>>6] = 0
			}
		}
	}
}

// holds reports whether the sentence has a term of s.
func (a *analysis) holds(s slot) bool {
	for _, t := range s {
		if a.present[t>>6]&(1<<(t&63)) != 0 {
			return true
		}
	}
	return false
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
		if n := (lex.terms + 63) / 64; len(a.present) < n {
			a.present = make([]uint64, n)
		}
		if len(a.needs) < len(lex.needs) {
			a.needs = make([]uint8, len(lex.needs))
		}
		a.mark(a.sentence[s], end, true)
		for i := a.sentence[s]; i < end; i++ {
			for _, t := range a.termsOf(i) {
				for _, st := range lex.starts[t] {
					if st.need >= 0 && !a.needHeld(lex, st.need) {
						continue
					}
					p := st.pattern
					pat := &lex.patterns[p]
					first, last, ok := a.around(pat, i, a.sentence[s], end)
					if !ok || (pat.negation && a.negated(lex, first, last)) {
						continue
					}
					hits = append(hits, hit{pattern: int(p), first: first, last: last})
				}
			}
		}
		a.mark(a.sentence[s], end, false)
		for _, id := range a.touched {
			a.needs[id] = 0
		}
		a.touched = a.touched[:0]
	}
	return hits
}

// around matches pattern p with its anchor slot at token i, inside the
// sentence [lo, end): the slots before the anchor leftwards, the ones after
// it rightwards. It returns the tokens that fill the first and the last
// slot, the tightest around the anchor. It keeps the set of tokens each slot
// can reach, so a pattern with several gaps costs slots × span, never an
// exponential search.
func (a *analysis) around(p *pattern, i, lo, end int) (int, int, bool) {
	first, last := i, i
	// Leftwards: slot k sits before slot k+1, at most gaps[k+1] tokens away.
	cur := append(a.reach[:0], i)
	next := a.next[:0]
	defer func() { a.reach, a.next = cur[:0], next[:0] }()
	for k := p.anchor - 1; k >= 0; k-- {
		next = next[:0]
		gap := p.gaps[k+1]
		from := max(lo, cur[0]-1-gap)
		ci := 0
		for j := from; j < cur[len(cur)-1]; j++ {
			for ci < len(cur) && cur[ci] <= j {
				ci++ // the first reachable position after j
			}
			if ci == len(cur) {
				break
			}
			if cur[ci] > j+1+gap {
				continue
			}
			if p.slots[k].any(a.termsOf(j)) {
				next = append(next, j)
			}
		}
		if len(next) == 0 {
			return 0, 0, false
		}
		cur, next = next, cur
	}
	first = cur[len(cur)-1]
	// Rightwards from the anchor.
	cur = append(cur[:0], i)
	for k := p.anchor + 1; k < len(p.slots); k++ {
		next = next[:0]
		gap := p.gaps[k]
		hi := min(end-1, cur[len(cur)-1]+1+gap)
		ci := 0
		for j := cur[0] + 1; j <= hi; j++ {
			for ci < len(cur) && cur[ci]+1+gap < j {
				ci++
			}
			if ci == len(cur) {
				break
			}
			if cur[ci] >= j {
				continue // no earlier slot ends before j within the gap
			}
			if p.slots[k].any(a.termsOf(j)) {
				next = append(next, j)
			}
		}
		if len(next) == 0 {
			return 0, 0, false
		}
		cur, next = next, cur
	}
	last = cur[0]
	return first, last, true
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
