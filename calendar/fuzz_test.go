package calendar

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
)

// roundTrip feeds text through the calendar as a commitment and a name and
// reports what comes back wrong: the feed must be strictly valid, and the
// text must return as clean makes it (exactly the text, when it has no
// control characters, invalid UTF-8 or CR).
func roundTrip(t *testing.T, text string) {
	t.Helper()
	data, err := Feed(Input{Language: "fi", Host: host, Now: now, Name: text,
		Commitments: []Commitment{{ID: 7, Owner: OwnerMe, What: "x " + text, Deal: text, Due: now}}})
	if err != nil {
		t.Fatalf("text %q: %v", text, err)
	}
	if probs := strictCheck(data); len(probs) > 0 {
		t.Fatalf("text %q: not valid iCalendar:\n%s", text, strings.Join(probs, "\n"))
	}
	events := parse(t, data).Events()
	if len(events) != 1 {
		t.Fatalf("text %q: %d events", text, len(events))
	}
	want := strings.TrimSpace(clean("x " + text))
	if got := value(&events[0].ComponentBase, ics.ComponentPropertyDescription); got != want {
		t.Fatalf("DESCRIPTION\n got %q\nwant %q", got, want)
	}
	if p := strictCheckText(data, "DESCRIPTION", want); p != "" {
		t.Fatal(p)
	}
	sum := "Lupasin: " + oneLine("x "+text)
	if d := oneLine(text); d != "" {
		sum += " — " + d
	}
	if got := value(&events[0].ComponentBase, ics.ComponentPropertySummary); got != sum {
		t.Fatalf("SUMMARY\n got %q\nwant %q", got, sum)
	}
}

// A property test: random texts from the characters that need care in
// iCalendar (escapes, line breaks, multi-byte letters at fold points)
// survive exactly.
func TestRandomTextsRoundTrip(t *testing.T) {
	alphabet := []rune("aZ09 ;,\\\n\t:\"'äöåÄÖЁёЖжщ€₽—–✓📞👍🏽\u00a0\u200b")
	r := rand.New(rand.NewPCG(6, 2026))
	for range 500 {
		n := r.IntN(300)
		var b strings.Builder
		for range n {
			b.WriteRune(alphabet[r.IntN(len(alphabet))])
		}
		text := b.String()
		if clean(text) != text {
			t.Fatalf("the alphabet has a character clean changes: %q", text)
		}
		roundTrip(t, text)
	}
}

// FuzzFeedText: whatever bytes a user types, the feed stays valid and the
// text comes back as cleaned. Run with go test -fuzz=FuzzFeedText.
func FuzzFeedText(f *testing.F) {
	for _, s := range []string{"", "send the brief", "; , \\ and\nnewline", "Ёлки-Палки äö", "a\r\nb\rc", "\x00\x7f", "\xff\xfe", strings.Repeat("Ж", 80)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if utf8.RuneCountInString(text) > 2000 {
			return
		}
		roundTrip(t, text)
	})
}
