package screen

import "testing"

// Sentences and clauses: a currency sign opening a sentence belongs to it,
// not to the sentence before; a decimal point ends nothing.
func TestTokenSentences(t *testing.T) {
	cases := []struct {
		text string
		want map[string]int // token → sentence
	}{
		{"We need copy. $150 total.", map[string]int{"copy": 0, "$": 1, "150": 1, "total": 1}},
		{"Budget is €1.5k. €200 now, rest later.", map[string]int{"Budget": 0, "€": 0, "200": 1, "rest": 1}},
		{"Hinta 100 €. Kiitos!", map[string]int{"100": 0, "€": 0, "Kiitos": 1}},
		{"Итого: 5000 ₽. ₽ не важны", map[string]int{"5000": 0, "не": 1}},
	}
	for _, c := range cases {
		seen := map[string]int{}
		for _, tok := range Tokenize(c.text) {
			if _, ok := seen[c.text[tok.Start:tok.End]]; !ok {
				seen[c.text[tok.Start:tok.End]] = tok.Sentence
			}
		}
		for word, want := range c.want {
			if got, ok := seen[word]; !ok || got != want {
				t.Errorf("%q: %q in sentence %d (found %v), want %d", c.text, word, got, ok, want)
			}
		}
	}
}
