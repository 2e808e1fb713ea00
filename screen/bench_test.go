package screen

import (
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
)

// benchTexts are realistic inquiries of 300 to 1500 bytes in the three
// languages, taken from the labelled data and joined where one is short.
func benchTexts(b testing.TB) []Labelled {
	items := readLabelled(b, "testdata/dev.jsonl")
	var out []Labelled
	for i := 0; i+1 < len(items); i += 2 {
		it := items[i]
		if len(it.Text) < 300 && items[i+1].Lang == it.Lang {
			it.Text += " " + items[i+1].Text
		}
		if len(it.Text) >= 300 && len(it.Text) <= 1500 {
			out = append(out, it)
		}
	}
	if len(out) < 20 {
		b.Fatalf("only %d benchmark texts", len(out))
	}
	return out
}

func bytesOf(items []Labelled) int64 {
	var n int64
	for _, it := range items {
		n += int64(len(it.Text))
	}
	return n / int64(len(items))
}

// BenchmarkScreen is the whole screening of one inquiry: tokens, language,
// stems, rules, verdict, questions and the reply draft.
func BenchmarkScreen(b *testing.B) {
	s := newTestScreener(b)
	items := benchTexts(b)
	b.SetBytes(bytesOf(items))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Screen(items[i%len(items)].Text, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTokenize is the floor Screen is measured against: only
// normalisation, tokenisation and Snowball stemming of the same texts.
func BenchmarkTokenize(b *testing.B) {
	items := benchTexts(b)
	st := stemmers()
	env := snowballstem.NewEnv("")
	toks := make([]Token, 0, 512)
	b.SetBytes(bytesOf(items))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		it := items[i%len(items)]
		toks = tokenize(it.Text, toks[:0])
		stem := st[it.Lang]
		for j := range toks {
			if toks[j].Kind == Word {
				env.SetCurrent(toks[j].Norm)
				stem(env)
				toks[j].Stem = env.Current()
			}
		}
	}
}

// BenchmarkScreen600 measures throughput on inquiries of about 600 bytes.
func BenchmarkScreen600(b *testing.B) {
	s := newTestScreener(b)
	var texts []string
	for _, it := range readLabelled(b, "testdata/dev.jsonl") {
		t := it.Text
		for len(t) < 600 {
			t += " " + it.Text
		}
		cut := 600
		for !utf8.RuneStart(t[cut]) {
			cut--
		}
		texts = append(texts, t[:cut])
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		text := texts[i%len(texts)]
		if _, err := s.Screen(text, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
