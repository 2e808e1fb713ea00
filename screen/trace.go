package screen

import "fmt"

// TraceToken is one token as screening saw it.
type TraceToken struct {
	Text     string `json:"text"`
	Norm     string `json:"norm"`
	Stem     string `json:"stem,omitempty"`
	Language string `json:"language"`
	Sentence int    `json:"sentence"`
	Clause   int    `json:"clause"`
}

// TraceHit is one pattern that matched, with where it is written.
type TraceHit struct {
	Section string `json:"section"`
	Rule    string `json:"rule"` // FILE:LINE  the pattern as written
	Quote   string `json:"quote"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
}

// Trace shows how a text is tokenised, stemmed and matched, for people
// writing rules (parley screen --trace). Negated matches are left out, as
// in screening.
func (s *Screener) Trace(text string, opt Options) ([]TraceToken, []TraceHit, error) {
	if err := CheckText(text); err != nil {
		return nil, nil, err
	}
	a := s.analyse(text, opt.Language, opt.Prefer)
	toks := make([]TraceToken, len(a.toks))
	for i, t := range a.toks {
		toks[i] = TraceToken{Text: text[t.Start:t.End], Norm: t.Norm, Stem: t.Stem, Language: a.lexOf[t.Sentence].lang, Sentence: t.Sentence, Clause: t.Clause}
	}
	var hits []TraceHit
	for _, h := range a.match(nil) {
		lex := a.lexOf[a.toks[h.first].Sentence]
		p := lex.patterns[h.pattern]
		start, end := a.toks[h.first].Start, a.toks[h.last].End
		hits = append(hits, TraceHit{Section: lex.sections[p.section].name, Rule: fmt.Sprintf("%s:%d  %s", p.file, p.line, p.source), Quote: text[start:end], Start: start, End: end})
	}
	return toks, hits, nil
}
