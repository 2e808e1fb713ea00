// Package screen reads a client's inquiry and names the red flags in it
// (rules P8 and W1 of spec/negotiation.md, taxonomy of spec/red-flags.md):
// each flag with its severity, the words that show it and why it matters;
// a verdict and a score; the questions to ask (B2) and a reply draft in the
// inquiry's language (P3, P5, W1).
//
// It is a pure core: no I/O, no globals, no clock. Rules and wording are
// data files compiled once into a Screener, which is safe for concurrent use.
package screen

import (
	"bytes"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"

	"github.com/parley-desk/parley"
)

// MaxInquiryBytes bounds one inquiry. A first message is a few paragraphs;
// anything larger is a mistake (a whole mailbox, a binary file).
const MaxInquiryBytes = 256 << 10

// Options tune one screening.
type Options struct {
	// Language forces "en", "fi" or "ru" for the whole text; empty detects
	// the language of each sentence.
	Language string
	// Explain is the language of the flag explanations (the freelancer's);
	// empty means the inquiry's language.
	Explain string
	// Today anchors dates in the reply draft (the earliest honest delivery
	// date for rush). Zero leaves dates out.
	Today time.Time
	// LeadDays is the minimum lead time in working days quoted for rush
	// (P5); zero means 5, the article's landing-page example.
	LeadDays int
	// Prefer is the language of a text that shows no clue of its own (a
	// short message with no function word): the client's known language.
	// Empty means English.
	Prefer string
}

// Evidence is a quote of the inquiry: Quote == text[Start:End].
type Evidence struct {
	Quote string `json:"quote"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Flag is one red flag found in an inquiry.
type Flag struct {
	Code        string     `json:"code"`
	Severity    Severity   `json:"severity"`
	Explanation string     `json:"explanation"`
	Evidence    []Evidence `json:"evidence"`
}

// Segment is a stretch of the text screened in one language.
type Segment struct {
	Language string `json:"language"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
}

// Result is the screening of one inquiry.
type Result struct {
	Language  string    `json:"language"`
	Segments  []Segment `json:"segments,omitempty"` // only when languages mix
	Verdict   string    `json:"verdict"`
	Score     int       `json:"score"` // 0 (no risk) to 100
	Flags     []Flag    `json:"flags"`
	Questions []string  `json:"questions"`
	Reply     string    `json:"reply"`
	// Missing lists the signals (budget, deadline, scope) the inquiry lacks.
	Missing []string `json:"missing,omitempty"`
}

// Has reports whether the result carries the flag code.
func (r *Result) Has(code string) bool {
	for _, f := range r.Flags {
		if f.Code == code {
			return true
		}
	}
	return false
}

// Screener holds compiled rules. Build it once with New; Screen is then
// safe to call from many goroutines.
type Screener struct {
	tax     *taxonomy
	lexes   map[string]*lexicon
	order   []string // languages in a stable order
	replies map[string]*replyBook
	drafts  *drafts
	scratch sync.Pool        // *analysis holding reusable buffers
	tokens  sync.Pool        // *[]Token, token slices given back (ReleaseTokens)
	cues    map[string]uint8 // function word → the languages (bits of order) it belongs to
	maxCue  int              // the longest function word, in bytes: longer words skip the lookup
	letters map[rune]uint8   // letter → the languages typical of it
	// letterTab is letters for Latin and Cyrillic, read without hashing:
	// a Russian text looks up every rune.
	letterTab [0x530]uint8
	// asciiLetters: some language lists an ASCII letter as typical, so
	// every rune must be looked up, not only the others.
	asciiLetters bool
}

// Languages lists the languages the screener knows, in a stable order.
func (s *Screener) Languages() []string { return append([]string(nil), s.order...) }

// Flags lists the taxonomy in the spec's order.
func (s *Screener) Flags() []FlagInfo { return append([]FlagInfo(nil), s.tax.flags...) }

// Screen screens one inquiry.
func (s *Screener) Screen(text string, opt Options) (Result, error) {
	res, toks, err := s.DetectTokens(text, opt)
	if err != nil {
		return Result{}, err
	}
	s.ReleaseTokens(toks)
	res.Reply, res.Questions = s.draft(&res, opt)
	return res, nil
}

// Detect finds the flags (and, for an Extended screener, the asks) of a
// text without drafting a reply: the negotiation assistant writes its own.
func (s *Screener) Detect(text string, opt Options) (Result, error) {
	res, toks, err := s.DetectTokens(text, opt)
	s.ReleaseTokens(toks)
	return res, err
}

// ReleaseTokens gives back the tokens of DetectTokens once the caller is
// done with them, for the next text to reuse (a 600-byte text has about a
// hundred tokens of 72 bytes each). The caller must not use them after.
func (s *Screener) ReleaseTokens(toks []Token) {
	if cap(toks) == 0 || cap(toks) > 1<<16 {
		return // nothing to keep, or too big to hold on to
	}
	toks = toks[:0]
	s.tokens.Put(&toks)
}

// DetectTokens is Detect that also returns the tokens of the text (with
// stems), for a caller that reads more from them (amounts, dates).
func (s *Screener) DetectTokens(text string, opt Options) (Result, []Token, error) {
	if err := CheckText(text); err != nil {
		return Result{}, nil, err
	}
	if opt.Language != "" && s.lexes[opt.Language] == nil {
		return Result{}, nil, parley.Errorf(parley.EINVALID, "unknown language %q; use one of %v", opt.Language, s.order)
	}
	a := s.analyse(text, opt.Language, opt.Prefer)
	res := s.judge(text, a, opt)
	s.release(a)
	return res, a.toks, nil
}

// release keeps an analysis's scratch buffers for the next one (the
// tokens stay with the caller). The term bits and need states are all
// clear again by the time matching ends.
func (s *Screener) release(a *analysis) {
	s.scratch.Put(&analysis{terms: a.terms, termOff: a.termOff, present: a.present, needs: a.needs, touched: a.touched, reach: a.reach, next: a.next})
}

// CheckText rejects what is not an inquiry: empty or blank text, text that
// is not UTF-8, binary data, and text over MaxInquiryBytes.
func CheckText(text string) error {
	if len(text) > MaxInquiryBytes {
		return parley.Errorf(parley.EINVALID, "the inquiry is %s, over the %s limit; screen the client's message itself, not a whole thread or file", sizeString(len(text)), sizeString(MaxInquiryBytes))
	}
	if i := bytes.IndexByte([]byte(text), 0); i >= 0 {
		return parley.Errorf(parley.EINVALID, "the input holds a NUL byte at offset %d, so it is binary, not text; give the client's message as plain UTF-8 text", i)
	}
	if !utf8.ValidString(text) {
		off := 0
		for off < len(text) {
			r, size := utf8.DecodeRuneInString(text[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		return parley.Errorf(parley.EINVALID, "the input is not valid UTF-8 (first bad byte at offset %d); save it as UTF-8 text and try again", off)
	}
	for _, r := range text {
		if r != ' ' && r != '\n' && r != '\t' && r != '\r' && r != '\u00a0' {
			return nil
		}
	}
	return parley.Errorf(parley.EINVALID, "the inquiry is empty; give the text of the client's message")
}

func sizeString(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// analyse tokenises, assigns languages, stems and finds terms.
func (s *Screener) analyse(text, force, prefer string) *analysis {
	var buf []Token
	if p, ok := s.tokens.Get().(*[]Token); ok && cap(*p) >= len(text)/5 {
		buf = (*p)[:0]
	} else {
		buf = make([]Token, 0, len(text)/5)
	}
	a := &analysis{toks: tokenize(text, buf)}
	if sc, ok := s.scratch.Get().(*analysis); ok {
		a.terms, a.termOff, a.present, a.needs, a.touched, a.reach, a.next = sc.terms[:0], sc.termOff[:0], sc.present, sc.needs, sc.touched[:0], sc.reach[:0], sc.next[:0]
	}
	n := 0
	if len(a.toks) > 0 {
		n = a.toks[len(a.toks)-1].Sentence + 1
	}
	a.sentence = make([]int, 0, n+1)
	for i, t := range a.toks {
		if len(a.sentence) == t.Sentence {
			a.sentence = append(a.sentence, i)
		}
	}
	a.sentence = append(a.sentence, len(a.toks))
	a.lexOf = s.languages(a, force, prefer)
	a.resolve(snowballstem.NewEnv(""))
	return a
}

// judge matches the patterns and turns hits into flags, verdict and score.
func (s *Screener) judge(text string, a *analysis, opt Options) Result {
	res := Result{Flags: []Flag{}, Questions: []string{}}
	res.Language, res.Segments = s.documentLanguage(text, a)
	hits := a.match(nil)
	n := len(s.tax.flags) + len(s.tax.signals)
	secOf := func(h hit) (section, *pattern, int) {
		sent := a.toks[h.first].Sentence
		lex := a.lexOf[sent]
		p := &lex.patterns[h.pattern]
		return lex.sections[p.section], p, sent
	}

	// Suppressions first: a "-" hit cancels its section in its sentence, a
	// "--" hit in the whole text.
	cancelAll := make([]bool, n)
	type sentSection struct{ sent, id int }
	var cancelled []sentSection
	for _, h := range hits {
		sec, p, sent := secOf(h)
		switch p.kind {
		case suppressText:
			cancelAll[sec.id] = true
		case suppressSentence:
			cancelled = append(cancelled, sentSection{sent, sec.id})
		}
	}

	// Weights count once per rule line: the variants a [a|b c] group
	// expands into are one rule.
	type rule struct {
		lex  *lexicon
		line int
	}
	var counted []rule
	weights := make([]int, n)
	quotes := make([][]Evidence, n)
	for _, h := range hits {
		sec, p, sent := secOf(h)
		if p.kind != evidence || cancelAll[sec.id] || slices.Contains(cancelled, sentSection{sent, sec.id}) {
			continue
		}
		lex := a.lexOf[sent]
		r := rule{lex, p.line}
		if !slices.Contains(counted, r) {
			counted = append(counted, r)
			weights[sec.id] += p.weight
		}
		start, end := a.toks[h.first].Start, a.toks[h.last].End
		quotes[sec.id] = append(quotes[sec.id], Evidence{Quote: text[start:end], Start: start, End: end})
	}

	explain := opt.Explain
	if explain == "" {
		explain = res.Language
	}
	risk := 1.0
	for id, info := range s.tax.flags {
		if weights[id] < 100 {
			continue
		}
		res.Flags = append(res.Flags, Flag{Code: info.Code, Severity: info.Severity, Explanation: info.Explanation[explain], Evidence: mergeEvidence(text, quotes[id])})
		risk *= 1 - info.Severity.risk()
	}
	res.Score = int((1-risk)*100 + 0.5)
	res.Verdict = VerdictProceed
	best := 0
	for _, f := range res.Flags {
		if r := f.Severity.rank(); r > best {
			best, res.Verdict = r, string(f.Severity)
		}
	}
	for i, sig := range s.tax.signals {
		if weights[len(s.tax.flags)+i] < 100 {
			res.Missing = append(res.Missing, sig)
		}
	}
	return res
}

// mergeEvidence sorts spans and joins overlapping ones, so a quote never
// repeats words.
func mergeEvidence(text string, ev []Evidence) []Evidence {
	sort.Slice(ev, func(i, j int) bool {
		if ev[i].Start != ev[j].Start {
			return ev[i].Start < ev[j].Start
		}
		return ev[i].End > ev[j].End
	})
	out := ev[:0]
	for _, e := range ev {
		if n := len(out); n > 0 && e.Start <= out[n-1].End {
			if e.End > out[n-1].End {
				out[n-1].End = e.End
				out[n-1].Quote = text[out[n-1].Start:e.End]
			}
			continue
		}
		out = append(out, e)
	}
	return out
}
