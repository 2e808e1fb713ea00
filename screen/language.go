package screen

// languages picks the lexicon of every sentence: the forced one, or the
// language whose function words and letters the sentence shows most. A
// sentence that shows none (a greeting, a name) takes the language of the
// whole text, so a mixed inquiry is screened part by part.
func (s *Screener) languages(a *analysis, force, prefer string) []*lexicon {
	n := len(a.sentence) - 1
	out := make([]*lexicon, n)
	if force != "" {
		for i := range out {
			out[i] = s.lexes[force]
		}
		return out
	}
	weight := map[*lexicon]int{}
	scores := make([]int, len(s.order))
	for sent := 0; sent < n; sent++ {
		clear(scores)
		for i := a.sentence[sent]; i < a.sentence[sent+1]; i++ {
			t := &a.toks[i]
			if t.Kind != Word {
				continue
			}
			var stop uint8
			if len(t.Norm) <= s.maxCue {
				stop = s.cues[t.Norm]
			}
			var letters uint8
			for _, r := range t.Norm {
				switch {
				case r < 0x80 && !s.asciiLetters:
				case r < rune(len(s.letterTab)):
					letters |= s.letterTab[r]
				default:
					letters |= s.letters[r]
				}
			}
			for li := range s.order {
				if stop&(1<<li) != 0 {
					scores[li] += 3
				}
				if letters&(1<<li) != 0 {
					scores[li]++
				}
			}
		}
		best, tie := -1, false
		for li, sc := range scores {
			switch {
			case sc == 0:
			case best < 0 || sc > scores[best]:
				best, tie = li, false
			case sc == scores[best]:
				tie = true
			}
		}
		if best >= 0 && !tie {
			out[sent] = s.lexes[s.order[best]]
			weight[out[sent]] += a.sentence[sent+1] - a.sentence[sent]
		}
	}
	doc := s.lexes[s.order[0]]
	if s.lexes[prefer] != nil {
		doc = s.lexes[prefer]
	}
	for _, lang := range s.order {
		if weight[s.lexes[lang]] > weight[doc] {
			doc = s.lexes[lang]
		}
	}
	for i := range out {
		if out[i] == nil {
			out[i] = doc
		}
	}
	return out
}

// documentLanguage names the language of most words and, when the text
// mixes languages, the stretches screened in each.
func (s *Screener) documentLanguage(text string, a *analysis) (string, []Segment) {
	if len(a.toks) == 0 {
		return s.order[0], nil
	}
	words := map[string]int{}
	var segs []Segment
	for sent := 0; sent+1 < len(a.sentence); sent++ {
		first, end := a.sentence[sent], a.sentence[sent+1]
		if first == end {
			continue
		}
		lang := a.lexOf[sent].lang
		words[lang] += end - first
		start, stop := a.toks[first].Start, a.toks[end-1].End
		if k := len(segs); k > 0 && segs[k-1].Language == lang {
			segs[k-1].End = stop
			continue
		}
		segs = append(segs, Segment{Language: lang, Start: start, End: stop})
	}
	doc := s.order[0]
	for _, lang := range s.order {
		if words[lang] > words[doc] {
			doc = lang
		}
	}
	if len(segs) < 2 {
		segs = nil
	}
	return doc, segs
}
