package screen

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/parley-desk/parley"
)

func newTestScreener(t testing.TB) *Screener {
	t.Helper()
	s, err := New(nil)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

func readLabelled(t testing.TB, path string) []Labelled {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	var out []Labelled
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 1<<20)
	for sc.Scan() {
		var it Labelled
		if err := json.Unmarshal(sc.Bytes(), &it); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, it)
	}
	return out
}

// TestDevSetQuality is the quality bar on the labelled development
// corpus (a copy of shared/data/inquiries-dev.jsonl): micro-F1 and verdict
// accuracy of at least 0.85 in each language.
func TestDevSetQuality(t *testing.T) {
	s := newTestScreener(t)
	items := readLabelled(t, "testdata/dev.jsonl")
	langs := map[string]bool{}
	for _, ls := range s.Evaluate(items, Options{}) {
		langs[ls.Language] = true
		t.Logf("%s: micro-F1 %.3f verdict accuracy %.3f", ls.Language, ls.MicroF1, ls.VerdictAccuracy)
		if ls.MicroF1 < 0.85 || ls.VerdictAccuracy < 0.85 {
			for _, m := range ls.Misses {
				t.Logf("  miss %+v", m)
			}
			t.Errorf("%s: micro-F1 %.3f, verdict accuracy %.3f; both must be at least 0.85", ls.Language, ls.MicroF1, ls.VerdictAccuracy)
		}
	}
	if len(langs) != 3 {
		t.Errorf("languages scored: %v; want en, fi and ru", langs)
	}
}

// TestEvidenceIsExact checks on every labelled text that each quote is the
// exact byte slice its offsets name, and that spans are ordered and disjoint.
func TestEvidenceIsExact(t *testing.T) {
	s := newTestScreener(t)
	for _, it := range readLabelled(t, "testdata/dev.jsonl") {
		res, err := s.Screen(it.Text, Options{})
		if err != nil {
			t.Fatalf("%s: %v", it.ID, err)
		}
		checkResult(t, it.Text, res)
	}
}

func checkResult(t *testing.T, text string, res Result) {
	t.Helper()
	for _, f := range res.Flags {
		if len(f.Evidence) == 0 {
			t.Errorf("flag %s has no evidence", f.Code)
		}
		end := -1
		for _, e := range f.Evidence {
			if e.Start < 0 || e.End > len(text) || e.Start >= e.End {
				t.Fatalf("flag %s: span [%d:%d] outside text of %d bytes", f.Code, e.Start, e.End, len(text))
			}
			if text[e.Start:e.End] != e.Quote {
				t.Errorf("flag %s: quote %q != text[%d:%d] %q", f.Code, e.Quote, e.Start, e.End, text[e.Start:e.End])
			}
			if e.Start < end {
				t.Errorf("flag %s: spans overlap or are out of order", f.Code)
			}
			end = e.End
		}
		if f.Explanation == "" {
			t.Errorf("flag %s has no explanation", f.Code)
		}
	}
	if res.Score < 0 || res.Score > 100 {
		t.Errorf("score %d outside 0..100", res.Score)
	}
	if (res.Score == 0) != (len(res.Flags) == 0) {
		t.Errorf("score %d with %d flags", res.Score, len(res.Flags))
	}
}

// TestVerdictIsHighestSeverity checks the spec's verdict rule and score
// ordering on every labelled text.
func TestVerdictIsHighestSeverity(t *testing.T) {
	s := newTestScreener(t)
	for _, it := range readLabelled(t, "testdata/dev.jsonl") {
		res, _ := s.Screen(it.Text, Options{})
		want := VerdictProceed
		for _, f := range res.Flags {
			if rankOf(string(f.Severity)) > rankOf(want) {
				want = string(f.Severity)
			}
		}
		if res.Verdict != want {
			t.Errorf("%s: verdict %s, flags say %s", it.ID, res.Verdict, want)
		}
		if res.Verdict == VerdictDecline && res.Score < 70 {
			t.Errorf("%s: a decline scores %d, want at least 70", it.ID, res.Score)
		}
	}
}

func rankOf(v string) int { return Severity(v).rank() }

func TestBadInput(t *testing.T) {
	s := newTestScreener(t)
	tests := []struct {
		name, text, want string
	}{
		{"empty", "", "empty"},
		{"blank", " \n\t \u00a0", "empty"},
		{"invalid UTF-8", "hello \xff\xfe world", "not valid UTF-8"},
		{"binary", "PK\x03\x04\x00\x00binary", "binary"},
		{"too large", strings.Repeat("word ", MaxInquiryBytes/5+1), "limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Screen(tt.text, Options{})
			if err == nil {
				t.Fatalf("no error")
			}
			if parley.ErrorCode(err) != parley.EINVALID {
				t.Errorf("code %q, want invalid", parley.ErrorCode(err))
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("message %q does not mention %q", err, tt.want)
			}
		})
	}
	if _, err := s.Screen("hello", Options{Language: "de"}); parley.ErrorCode(err) != parley.EINVALID {
		t.Errorf("unknown language: %v", err)
	}
}

func TestLanguageDetection(t *testing.T) {
	s := newTestScreener(t)
	tests := []struct {
		text, want string
		mixed      bool
	}{
		{"We need a logo for our bakery, budget is $500.", "en", false},
		{"Tarvitsemme logon leipomollemme, budjetti on 500 €.", "fi", false},
		{"Нужен логотип для пекарни, бюджет 30 000 ₽.", "ru", false},
		{"Hei! Tarvitsisimme esitteen tekstit ensi kuuksi. Также нужен перевод на русский язык, это важно для нас и наших клиентов.", "ru", true},
	}
	for _, tt := range tests {
		res, err := s.Screen(tt.text, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Language != tt.want {
			t.Errorf("%q: language %s, want %s", tt.text, res.Language, tt.want)
		}
		if (len(res.Segments) > 0) != tt.mixed {
			t.Errorf("%q: segments %v, mixed=%v", tt.text, res.Segments, tt.mixed)
		}
	}
}

// TestMixedLanguageScreening: each part is screened with its own lexicon.
func TestMixedLanguageScreening(t *testing.T) {
	s := newTestScreener(t)
	text := "Hello, we are a small bakery in Leeds and we need a new menu design with our prices. " +
		"Оплата только после сдачи и проверки, предоплату не делаем."
	res, err := s.Screen(text, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Has("postpayment") {
		t.Errorf("the Russian sentence's postpayment was not found: %+v", res.Flags)
	}
	checkResult(t, text, res)
}

func TestWorkingDays(t *testing.T) {
	fri := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		from time.Time
		n    int
		want string
	}{
		{fri, 1, "2026-11-30"},
		{fri, 5, "2026-12-04"},
		{fri.AddDate(0, 0, 1), 1, "2026-11-30"},
		{fri.AddDate(0, 0, 3), 5, "2026-12-07"},
	}
	for _, tt := range tests {
		if got := addWorkingDays(tt.from, tt.n).Format(time.DateOnly); got != tt.want {
			t.Errorf("%s + %d working days = %s, want %s", tt.from.Format(time.DateOnly), tt.n, got, tt.want)
		}
	}
	// Property: never lands on a weekend, always strictly later, and exactly
	// n working days are crossed.
	for d := 0; d < 60; d++ {
		from := fri.AddDate(0, 0, d)
		for n := 1; n < 15; n++ {
			got := addWorkingDays(from, n)
			if wd := got.Weekday(); wd == time.Saturday || wd == time.Sunday {
				t.Fatalf("%s + %d lands on %s", from.Format(time.DateOnly), n, wd)
			}
			count := 0
			for x := from.AddDate(0, 0, 1); !x.After(got); x = x.AddDate(0, 0, 1) {
				if wd := x.Weekday(); wd != time.Saturday && wd != time.Sunday {
					count++
				}
			}
			if count != n {
				t.Fatalf("%s + %d crosses %d working days", from.Format(time.DateOnly), n, count)
			}
		}
	}
}
