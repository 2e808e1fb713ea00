package screen

// automaton is an Aho–Corasick machine over bytes. Screening runs every
// token's normalised surface through it once, framed by wordStart and
// wordEnd bytes, so prefix, suffix, whole-word and infix terms are all found
// in one pass whose cost grows with the text, not with the lexicon.
type automaton struct {
	classes [256]uint8 // byte → column; bytes no term uses share column 0
	width   int        // number of columns
	next    []int32    // state*width + column → state (a full DFA)
	out     [][]termID // state → terms that end here (suffix links merged)
}

const (
	wordStart = 0x02 // frames a token's surface: marks its first byte
	wordEnd   = 0x03 // marks its end
)

type automatonBuilder struct {
	keys  []string
	terms []termID
}

func (b *automatonBuilder) add(key string, t termID) {
	b.keys = append(b.keys, key)
	b.terms = append(b.terms, t)
}

func (b *automatonBuilder) build() *automaton {
	a := &automaton{}
	// Column per byte used by a key; everything else is column 0.
	a.width = 1
	for _, k := range b.keys {
		for i := 0; i < len(k); i++ {
			if a.classes[k[i]] == 0 {
				a.classes[k[i]] = uint8(a.width)
				a.width++
			}
		}
	}
	// Trie first, with -1 for a missing edge.
	trie := [][]int32{make([]int32, a.width)}
	outs := [][]termID{nil}
	for i := range trie[0] {
		trie[0][i] = -1
	}
	for n, k := range b.keys {
		s := int32(0)
		for i := 0; i < len(k); i++ {
			c := a.classes[k[i]]
			if trie[s][c] < 0 {
				row := make([]int32, a.width)
				for j := range row {
					row[j] = -1
				}
				trie = append(trie, row)
				outs = append(outs, nil)
				trie[s][c] = int32(len(trie) - 1)
			}
			s = trie[s][c]
		}
		outs[s] = appendUnique(outs[s], b.terms[n])
	}
	// Breadth-first: failure links turn the trie into a DFA.
	a.next = make([]int32, len(trie)*a.width)
	fail := make([]int32, len(trie))
	queue := make([]int32, 0, len(trie))
	for c := 0; c < a.width; c++ {
		if t := trie[0][c]; t > 0 {
			a.next[c] = t
			queue = append(queue, t)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, t := range outs[fail[s]] {
			outs[s] = appendUnique(outs[s], t)
		}
		for c := 0; c < a.width; c++ {
			t := trie[s][c]
			if t < 0 {
				a.next[int(s)*a.width+c] = a.next[int(fail[s])*a.width+c]
				continue
			}
			fail[t] = a.next[int(fail[s])*a.width+c]
			a.next[int(s)*a.width+c] = t
			queue = append(queue, t)
		}
	}
	a.out = outs
	return a
}

func appendUnique(ts []termID, t termID) []termID {
	for _, x := range ts {
		if x == t {
			return ts
		}
	}
	return append(ts, t)
}

// scan runs word, framed, through the machine and appends every term found.
func (a *automaton) scan(word string, found []termID) []termID {
	if a == nil || len(a.next) == 0 {
		return found
	}
	s := a.step(0, wordStart)
	found = a.emit(s, found)
	for i := 0; i < len(word); i++ {
		s = a.step(s, word[i])
		found = a.emit(s, found)
	}
	s = a.step(s, wordEnd)
	return a.emit(s, found)
}

func (a *automaton) step(s int32, c byte) int32 {
	return a.next[int(s)*a.width+int(a.classes[c])]
}

func (a *automaton) emit(s int32, found []termID) []termID {
	for _, t := range a.out[s] {
		found = appendUnique(found, t)
	}
	return found
}
