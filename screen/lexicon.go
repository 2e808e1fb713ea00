package screen

import (
	"bufio"
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/blevesearch/snowballstem"
)

// termID names one matchable term of a lexicon: a stem, a surface prefix,
// suffix, infix or whole word, or "any number".
type termID uint16

// slot is one position of a pattern: the terms any of which fills it.
type slot []termID // sorted

func (s slot) has(t termID) bool {
	_, ok := slices.BinarySearch(s, t)
	return ok
}

func (s slot) any(ts []termID) bool {
	for _, t := range ts {
		if s.has(t) {
			return true
		}
	}
	return false
}

// patternKind tells what a match of a pattern does.
type patternKind uint8

const (
	evidence         patternKind = iota // "+": evidence for the flag
	suppressSentence                    // "-": cancels the flag's evidence in the same sentence
	suppressText                        // "--": cancels the flag's evidence in the whole inquiry
)

// pattern is one compiled line of a lexicon.
type pattern struct {
	section  int // index into lexicon.sections
	kind     patternKind
	weight   int    // hundredths; a flag needs 100 from distinct patterns
	slots    []slot // in order
	gaps     []int  // gaps[k]: most tokens allowed between slot k-1 and k
	negation bool   // whether a nearby negator cancels the match
	need     slot   // a later slot one of whose terms the sentence must hold
	needID   int32  // need's index in lexicon.needs, -1 for none
	anchor   int    // the slot matching starts from
	file     string // the rules file it comes from
	line     int    // line in that file, for messages and --trace
	source   string // the line as written
}

// section is a flag or a signal block of a lexicon file.
type section struct {
	name   string
	id     int  // position in the taxonomy: flags first, then signals
	signal bool // a signal (budget, deadline, scope) rather than a red flag
}

// lexicon is one language's compiled rules.
type lexicon struct {
	lang      string
	stemmer   func(*snowballstem.Env) bool
	stems     map[string][]termID // token stem → terms
	surface   *automaton          // framed surface → terms
	anyNumber termID
	patterns  []pattern
	starts    [][]start // the same, indexed by term, for matching
	needs     []slot    // the distinct need slots of the patterns
	sections  []section
	negators  slot
	stopwords map[string]bool
	letters   string // letters typical of the language, for detection
	terms     int    // how many distinct terms the patterns use
	words     *wordCache
	before    int // tokens before a match searched for a negator
	after     int // tokens after it
}

// start is a pattern that a term can begin, with the pattern's need slot,
// so that a pattern whose need the sentence lacks is skipped without
// touching it.
type start struct {
	pattern, need int32
}

// compiler builds a lexicon from the text of a rules file.
type compiler struct {
	lex     *lexicon
	file    string
	env     *snowballstem.Env
	ids     map[string]termID // term spec → id
	groups  map[string]slot
	builder automatonBuilder
	current int // current section, -1 before the first
	known   map[string]int
}

// compileLexicon parses a rules file (see rules/README.md for its syntax).
// file names it in messages; known lists the section names allowed.
func compileLexicon(file string, src []byte, stemmers map[string]func(*snowballstem.Env) bool, known map[string]int) (*lexicon, error) {
	return compileSources([]source{{file, src}}, stemmers, known)
}

// source is one rules file; a lexicon may be compiled from several, the
// later ones continuing the first (Extend adds patterns this way).
type source struct {
	name string
	data []byte
}

func compileSources(parts []source, stemmers map[string]func(*snowballstem.Env) bool, known map[string]int) (*lexicon, error) {
	c := &compiler{
		lex:     &lexicon{stems: map[string][]termID{}, stopwords: map[string]bool{}, before: 4, after: 0, words: &wordCache{}},
		env:     snowballstem.NewEnv(""),
		ids:     map[string]termID{},
		groups:  map[string]slot{},
		current: -1,
		known:   known,
	}
	c.lex.anyNumber = c.id("#num")
	for _, part := range parts {
		c.file = part.name
		sc := bufio.NewScanner(bytes.NewReader(part.data))
		sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
		n := 0
		for sc.Scan() {
			n++
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "# ") || line == "#" {
				continue
			}
			if err := c.line(n, line, stemmers); err != nil {
				return nil, err
			}
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", part.name, err)
		}
		if c.lex.lang == "" {
			return nil, fmt.Errorf("%s: no \"language\" line; the file must start with e.g. \"language en\"", part.name)
		}
	}
	c.lex.surface = c.builder.build()
	c.lex.terms = len(c.ids)
	c.finalize()
	return c.lex, nil
}

// finalize indexes the patterns for matching. Each pattern is anchored at
// its least common slot: a slot without function words or negators (which
// occur in every sentence), and of those the one with the fewest terms;
// matching starts there and extends left and right. The next rarest slot
// becomes the need, checked against the sentence's terms before any
// matching. Patterns with the same need share one check per sentence.
func (c *compiler) finalize() {
	hot := map[termID]bool{}
	for _, t := range c.lex.negators {
		hot[t] = true
	}
	for w := range c.lex.stopwords {
		for _, t := range c.lex.stems[c.stem(w)] {
			hot[t] = true
		}
		for _, t := range c.lex.surface.scan(w, nil) {
			hot[t] = true
		}
	}
	cost := func(s slot) int {
		n := len(s)
		for _, t := range s {
			if hot[t] || t == c.lex.anyNumber {
				return n + 1_000_000
			}
		}
		return n
	}
	for i := range c.lex.patterns {
		p := &c.lex.patterns[i]
		p.anchor = 0
		for k := range p.slots {
			if cost(p.slots[k]) < cost(p.slots[p.anchor]) {
				p.anchor = k
			}
		}
		p.need = nil
		for k := range p.slots {
			if k != p.anchor && (p.need == nil || cost(p.slots[k]) < cost(p.need)) {
				p.need = p.slots[k]
			}
		}
	}
	needIDs := map[string]int32{}
	for i := range c.lex.patterns {
		p := &c.lex.patterns[i]
		p.needID = -1
		if p.need == nil {
			continue
		}
		key := fmt.Sprint(p.need)
		id, ok := needIDs[key]
		if !ok {
			id = int32(len(c.lex.needs))
			needIDs[key] = id
			c.lex.needs = append(c.lex.needs, p.need)
		}
		p.needID = id
	}
	c.lex.starts = make([][]start, c.lex.terms)
	for i := range c.lex.patterns {
		p := &c.lex.patterns[i]
		for _, t := range p.slots[p.anchor] {
			c.lex.starts[t] = append(c.lex.starts[t], start{pattern: int32(i), need: p.needID})
		}
	}
}

func (c *compiler) errorf(n int, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", c.file, n, fmt.Sprintf(format, args...))
}

func (c *compiler) line(n int, line string, stemmers map[string]func(*snowballstem.Env) bool) error {
	word, rest, _ := strings.Cut(line, " ")
	rest = strings.TrimSpace(rest)
	if c.lex.lang == "" && word != "language" {
		return c.errorf(n, "the first rule must be \"language CODE\", found %q", word)
	}
	switch {
	case word == "language":
		if c.lex.lang != "" {
			return c.errorf(n, "a second \"language\" line; one file holds one language")
		}
		st, ok := stemmers[rest]
		if !ok {
			return c.errorf(n, "unknown language %q; use en, fi or ru", rest)
		}
		c.lex.lang, c.lex.stemmer = rest, st
	case word == "stopwords":
		for _, w := range strings.Fields(rest) {
			c.lex.stopwords[normalizeWord(w)] = true
		}
	case word == "letters":
		c.lex.letters += strings.ReplaceAll(rest, " ", "")
	case word == "negators":
		s, err := c.slot(n, strings.ReplaceAll(rest, " ", "|"))
		if err != nil {
			return err
		}
		c.lex.negators = mergeSlots(c.lex.negators, s)
	case word == "negation":
		f := strings.Fields(rest)
		if len(f) != 4 || f[0] != "before" || f[2] != "after" {
			return c.errorf(n, "write \"negation before N after M\"")
		}
		b, err1 := strconv.Atoi(f[1])
		a, err2 := strconv.Atoi(f[3])
		if err1 != nil || err2 != nil || b < 0 || a < 0 || b > 20 || a > 20 {
			return c.errorf(n, "negation window sizes must be whole numbers from 0 to 20")
		}
		c.lex.before, c.lex.after = b, a
	case word == "group":
		name, def, ok := strings.Cut(rest, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.ContainsAny(name, " |@") {
			return c.errorf(n, "write \"group NAME = term term …\"")
		}
		s, err := c.slot(n, strings.Join(strings.Fields(def), "|"))
		if err != nil {
			return err
		}
		c.groups[name] = mergeSlots(c.groups[name], s)
	case word == "flag" || word == "signal":
		id, ok := c.known[rest]
		if !ok {
			return c.errorf(n, "unknown %s %q; the known ones are listed in rules/README.md", word, rest)
		}
		c.lex.sections = append(c.lex.sections, section{name: rest, id: id, signal: word == "signal"})
		c.current = len(c.lex.sections) - 1
	case strings.HasPrefix(word, "+") || word == "-" || word == "--":
		if c.current < 0 {
			return c.errorf(n, "a pattern before any \"flag\" or \"signal\" line")
		}
		return c.pattern(n, word, rest, line)
	default:
		return c.errorf(n, "unknown rule %q; lines start with language, stopwords, letters, negators, negation, group, flag, signal, +, - or --", word)
	}
	return nil
}

func (c *compiler) pattern(n int, mark, body, line string) error {
	p := pattern{section: c.current, weight: 100, negation: true, file: c.file, line: n, source: line}
	switch {
	case mark == "-":
		p.kind = suppressSentence
	case mark == "--":
		p.kind = suppressText
	case mark != "+":
		w, err := strconv.ParseFloat(mark[1:], 64)
		if err != nil || w <= 0 || w > 1 {
			return c.errorf(n, "weight %q must be a number above 0 and at most 1, as in \"+0.5\"", mark[1:])
		}
		p.weight = int(w*100 + 0.5)
	}
	if strings.HasSuffix(body, " !") || body == "!" {
		p.negation = false
		body = strings.TrimSpace(strings.TrimSuffix(body, "!"))
	}
	variants, err := expandPhrases(body, 0)
	if err != nil {
		return c.errorf(n, "%v", err)
	}
	for _, v := range variants {
		if err := c.variant(n, p, v); err != nil {
			return err
		}
	}
	return nil
}

// maxVariants bounds how many patterns one line with [a|b c] groups becomes.
const maxVariants = 512

// expandPhrases turns "x [a b|c] y" into "x a b y" and "x c y": a bracket
// holds alternative phrases, separated by |, each a sequence of terms.
func expandPhrases(body string, depth int) ([]string, error) {
	open := strings.IndexByte(body, '[')
	if open < 0 {
		if strings.IndexByte(body, ']') >= 0 {
			return nil, fmt.Errorf("a \"]\" without its \"[\"")
		}
		return []string{body}, nil
	}
	closing := strings.IndexByte(body[open:], ']')
	if closing < 0 {
		return nil, fmt.Errorf("a \"[\" without its \"]\"")
	}
	closing += open
	inner := body[open+1 : closing]
	if strings.IndexByte(inner, '[') >= 0 {
		return nil, fmt.Errorf("brackets cannot nest")
	}
	phrases := strings.Split(inner, "|")
	// "a|b|[c d|e]|f" is one slot of alternatives: a|b and f join the phrases.
	start := strings.LastIndexAny(body[:open], " \t") + 1
	if left := body[start:open]; left != "" {
		if !strings.HasSuffix(left, "|") {
			return nil, fmt.Errorf("write a space or | before \"[\" in %q", body[start:closing+1])
		}
		phrases = append(phrases, strings.TrimSuffix(left, "|"))
	}
	end := closing + 1
	if i := strings.IndexAny(body[end:], " \t"); i >= 0 {
		end += i
	} else {
		end = len(body)
	}
	if right := body[closing+1 : end]; right != "" {
		if !strings.HasPrefix(right, "|") || strings.ContainsAny(right, "[]") {
			return nil, fmt.Errorf("write a space or | after \"]\" in %q", body[start:end])
		}
		phrases = append(phrases, strings.TrimPrefix(right, "|"))
	}
	rest, err := expandPhrases(body[end:], depth+1)
	if err != nil {
		return nil, err
	}
	// One-word alternatives share one slot ("could|can|would"); only the
	// phrases of several words need patterns of their own. Fewer patterns
	// is what keeps matching fast.
	var singles, alts []string
	for _, alt := range phrases {
		alt = strings.TrimSpace(alt)
		switch {
		case alt == "":
			return nil, fmt.Errorf("an empty phrase in [%s]", inner)
		case strings.ContainsAny(alt, " \t"):
			alts = append(alts, alt)
		default:
			singles = append(singles, alt)
		}
	}
	if len(singles) > 0 {
		alts = append([]string{strings.Join(singles, "|")}, alts...)
	}
	var out []string
	for _, alt := range alts {
		for _, r := range rest {
			out = append(out, body[:start]+" "+alt+" "+r)
			if len(out) > maxVariants {
				return nil, fmt.Errorf("the [..|..] groups of this line make over %d patterns; split it", maxVariants)
			}
		}
	}
	return out, nil
}

// variant compiles one expansion of a pattern line.
func (c *compiler) variant(n int, p pattern, body string) error {
	gap, gapSet := 0, false
	for _, f := range strings.Fields(body) {
		if strings.HasPrefix(f, "..") {
			g := 4
			if len(f) > 2 {
				v, err := strconv.Atoi(f[2:])
				if err != nil || v < 0 || v > 30 {
					return c.errorf(n, "gap %q must be \"..\" or \"..N\" with N from 0 to 30", f)
				}
				g = v
			}
			if len(p.slots) == 0 {
				return c.errorf(n, "a pattern cannot start with a gap")
			}
			gap = g
			gapSet = true
			continue
		}
		s, err := c.slot(n, f)
		if err != nil {
			return err
		}
		p.slots = append(p.slots, s)
		p.gaps = append(p.gaps, gap)
		gap, gapSet = 0, false
	}
	if len(p.slots) == 0 {
		return c.errorf(n, "an empty pattern")
	}
	if gapSet {
		return c.errorf(n, "a pattern cannot end with a gap")
	}
	// A pattern that spells out its own negation ("no advance") is not
	// cancelled by it.
	for _, s := range p.slots {
		for _, t := range s {
			if c.lex.negators.has(t) {
				p.negation = false
			}
		}
	}
	c.lex.patterns = append(c.lex.patterns, p)
	return nil
}

// slot compiles "a|b|@group" into the sorted set of its terms.
func (c *compiler) slot(n int, spec string) (slot, error) {
	var s slot
	for _, alt := range strings.Split(spec, "|") {
		if alt == "" {
			return nil, c.errorf(n, "an empty alternative in %q", spec)
		}
		if strings.HasPrefix(alt, "@") {
			g, ok := c.groups[alt[1:]]
			if !ok {
				return nil, c.errorf(n, "group %q is not defined above this line", alt[1:])
			}
			s = mergeSlots(s, g)
			continue
		}
		t, err := c.term(n, alt)
		if err != nil {
			return nil, err
		}
		s = mergeSlots(s, slot{t})
	}
	return s, nil
}

// term compiles one term spec:
//
//	word    the token's stem equals the stem of word
//	=word   the token is exactly word
//	word*   the token starts with word
//	*word   the token ends with word
//	*word*  the token contains word
//	#num    any number
func (c *compiler) term(n int, spec string) (termID, error) {
	if spec == "#num" {
		return c.lex.anyNumber, nil
	}
	if id, ok := c.ids[spec]; ok {
		return id, nil
	}
	prefix := strings.HasSuffix(spec, "*") && len(spec) > 1
	suffix := strings.HasPrefix(spec, "*") && len(spec) > 1
	exact := strings.HasPrefix(spec, "=")
	body := strings.Trim(spec, "*")
	if exact {
		body = spec[1:]
	}
	body = normalizeWord(body)
	if body == "" || strings.ContainsAny(body, " *=@|") {
		return 0, c.errorf(n, "bad term %q; see rules/README.md for the term forms", spec)
	}
	if len(c.ids) >= 60000 {
		return 0, c.errorf(n, "too many distinct terms in one file")
	}
	id := c.id(spec)
	switch {
	case exact:
		c.builder.add(string(rune(wordStart))+body+string(rune(wordEnd)), id)
	case prefix && suffix:
		c.builder.add(body, id)
	case prefix:
		c.builder.add(string(rune(wordStart))+body, id)
	case suffix:
		c.builder.add(body+string(rune(wordEnd)), id)
	default:
		st := c.stem(body)
		c.lex.stems[st] = appendUnique(c.lex.stems[st], id)
	}
	return id, nil
}

func (c *compiler) id(spec string) termID {
	if id, ok := c.ids[spec]; ok {
		return id
	}
	id := termID(len(c.ids))
	c.ids[spec] = id
	return id
}

func (c *compiler) stem(word string) string {
	if c.lex.stemmer == nil {
		return word
	}
	c.env.SetCurrent(word)
	c.lex.stemmer(c.env)
	return c.env.Current()
}

func mergeSlots(a, b slot) slot {
	out := slices.Clone(a)
	for _, t := range b {
		if !out.has(t) {
			i, _ := slices.BinarySearch(out, t)
			out = slices.Insert(out, i, t)
		}
	}
	return out
}
