package web

import (
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	l := newLimiter(60, 3) // one a second, three at once
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	for i := range 3 {
		if ok, _ := l.allow("a", now); !ok {
			t.Fatalf("request %d of the burst refused", i+1)
		}
	}
	ok, wait := l.allow("a", now)
	if ok || wait <= 0 || wait > time.Second {
		t.Errorf("fourth at once: %v, wait %v", ok, wait)
	}
	if ok, _ := l.allow("b", now); !ok {
		t.Error("another key shares the bucket")
	}
	if ok, _ := l.allow("a", now.Add(1100*time.Millisecond)); !ok {
		t.Error("no token after a second")
	}
	if ok, _ := l.allow("a", now.Add(30*time.Minute)); !ok || len(l.buckets) != 1 {
		t.Errorf("idle keys not swept: %d", len(l.buckets))
	}
}
