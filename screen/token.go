package screen

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind tells what a token is.
type Kind uint8

const (
	Word   Kind = iota // letters (and inner apostrophes)
	Number             // digits, with grouping spaces, commas or dots inside
	Symbol             // one currency sign, %, / or similar
)

// Token is one unit of an inquiry. Start and End are byte offsets into the
// original text (half-open), so evidence quotes are exact slices of it.
type Token struct {
	Start, End int
	Kind       Kind
	Norm       string // lower-cased, ё→е, typographic apostrophes folded
	Stem       string // Snowball stem of Norm in the token's language (words only)
	Clause     int    // clause number; negation never reaches across clauses
	Sentence   int    // sentence number; patterns never reach across sentences
}

// Tokenize splits text into tokens with byte offsets, clauses and
// sentences (no stems: those need the language).
func Tokenize(text string) []Token { return tokenize(text, nil) }

// sentenceEnd reports whether r closes a sentence.
func sentenceEnd(r rune) bool {
	switch r {
	case '.', '!', '?', '…', '\n', ';':
		return true
	}
	return false
}

// clauseEnd reports whether r closes a clause (and not a sentence).
func clauseEnd(r rune) bool {
	switch r {
	case ',', ':', '(', ')', '—', '–', '"', '«', '»', '“', '”':
		return true
	}
	return false
}

// isSymbol reports whether r is a one-rune token worth keeping: currency
// signs and the few marks that patterns use (%, /, +, @, #).
func isSymbol(r rune) bool {
	switch r {
	case '%', '/', '+', '@', '#', '&':
		return true
	}
	return unicode.Is(unicode.Sc, r)
}

func isApostrophe(r rune) bool {
	return r == '\'' || r == '’' || r == 'ʼ' || r == '‘'
}

// tokenize splits text into tokens without stemming them. Word tokens carry
// their normalised form; Stem is filled in once the language is known.
func tokenize(text string, toks []Token) []Token {
	clause, sentence := 0, 0
	pendingBreak := 0 // 1: clause break pending, 2: sentence break pending
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsLetter(r):
			end := scanWord(text, i)
			if pendingBreak > 0 && len(toks) > 0 {
				clause++
				if pendingBreak == 2 {
					sentence++
				}
			}
			pendingBreak = 0
			toks = append(toks, Token{Start: i, End: end, Kind: Word, Norm: normalizeWord(text[i:end]), Clause: clause, Sentence: sentence})
			i = end
		case r >= '0' && r <= '9':
			end := scanNumber(text, i)
			if pendingBreak > 0 && len(toks) > 0 {
				clause++
				if pendingBreak == 2 {
					sentence++
				}
			}
			pendingBreak = 0
			toks = append(toks, Token{Start: i, End: end, Kind: Number, Norm: text[i:end], Clause: clause, Sentence: sentence})
			i = end
		case isSymbol(r):
			// A currency sign opens what follows ("…today. $150 total"):
			// it starts the pending sentence, as a word would.
			if unicode.Is(unicode.Sc, r) && pendingBreak > 0 && len(toks) > 0 {
				clause++
				if pendingBreak == 2 {
					sentence++
				}
				pendingBreak = 0
			}
			toks = append(toks, Token{Start: i, End: i + size, Kind: Symbol, Norm: text[i : i+size], Clause: clause, Sentence: sentence})
			i += size
		default:
			if sentenceEnd(r) && !decimalPoint(text, i) {
				pendingBreak = 2
			} else if clauseEnd(r) && pendingBreak == 0 {
				pendingBreak = 1
			}
			i += size
		}
	}
	return toks
}

// decimalPoint reports whether the dot at i sits between digits (3.5) or in an
// abbreviation-free web address (example.com), where it ends no sentence.
func decimalPoint(text string, i int) bool {
	if text[i] != '.' || i == 0 || i+1 >= len(text) {
		return false
	}
	prev, _ := utf8.DecodeLastRuneInString(text[:i])
	next, _ := utf8.DecodeRuneInString(text[i+1:])
	return (unicode.IsLetter(prev) || unicode.IsDigit(prev)) && (unicode.IsLower(next) || unicode.IsDigit(next))
}

// scanWord returns the end of the word starting at i: letters, digits and
// marks, with single inner apostrophes kept inside ("don't"). A hyphen ends
// the word, so the parts of "five-star" or "SMM-щиков" are matched apart.
func scanWord(text string, i int) int {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			i += size
			continue
		}
		if isApostrophe(r) {
			next, _ := utf8.DecodeRuneInString(text[i+size:])
			if i+size < len(text) && unicode.IsLetter(next) {
				i += size
				continue
			}
		}
		break
	}
	return i
}

// scanNumber returns the end of the number starting at i. Groups of three
// digits joined by a space, a no-break space, a comma or a dot stay one
// number ("1 200", "3 000", "$1,200", "10.000"); a decimal part too ("3,5").
func scanNumber(text string, i int) int {
	for i < len(text) && text[i] >= '0' && text[i] <= '9' {
		i++
	}
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r != ' ' && r != '\u00a0' && r != '\u202f' && r != ',' && r != '.' {
			break
		}
		j := i + size
		k := j
		for k < len(text) && text[k] >= '0' && text[k] <= '9' {
			k++
		}
		digits := k - j
		if digits == 0 || (r == ' ' || r == '\u00a0' || r == '\u202f') && digits != 3 {
			break
		}
		if k < len(text) && text[k] >= '0' && text[k] <= '9' {
			break
		}
		i = k
	}
	// A number glued to letters ("10k", "2x", "24h") keeps its suffix.
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) {
			break
		}
		i += size
	}
	return i
}

// normalizeWord lower-cases a word, folds ё to е and typographic apostrophes
// to ASCII. It returns the input itself when nothing changes, so
// most ASCII words cost no allocation.
func normalizeWord(w string) string {
	clean := true
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= 0x80 || (c >= 'A' && c <= 'Z') {
			clean = false
			break
		}
	}
	if clean {
		return w
	}
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		switch {
		case r == 'ё' || r == 'Ё':
			r = 'е'
		case isApostrophe(r):
			r = '\''
		default:
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}
