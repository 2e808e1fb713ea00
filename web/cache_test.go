package web

import (
	"context"
	"net/url"
	"testing"
	"time"
)

func TestPageCache(t *testing.T) {
	c := newPageCache()
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	k := pageKey{user: 1, version: c.version(7), lang: "en", url: "/"}
	c.put(k, []byte("page"), now)
	if p, ok := c.get(k, now.Add(time.Second)); !ok || string(p.body) != "page" || len(p.gzipped) == 0 {
		t.Error("a fresh page is not served")
	}
	if _, ok := c.get(k, now.Add(cacheTTL)); ok {
		t.Error("an expired page is served to the first request after it expired")
	}
	if p, ok := c.get(k, now.Add(cacheTTL+time.Millisecond)); !ok || string(p.body) != "page" {
		t.Error("while one request makes the next copy, the others do not get the old one")
	}
	if _, ok := c.get(k, now.Add(staleTTL)); ok {
		t.Error("a page past the stale limit is served")
	}
	if _, ok := c.get(k, now.Add(-time.Second)); ok {
		t.Error("a page from the future is served")
	}
	c.changed(7)
	if c.version(7) == k.version || c.version(8) != 0 {
		t.Error("a change moves only its workspace's version")
	}
}

// A change through the desk shows at once on the cached pages.
func TestCachedPagesSeeChanges(t *testing.T) {
	ts, _ := desk(t)
	c := browser(t)
	run(t, ts, c, []step{
		setUpA,
		{method: "GET", path: "/", status: 200, not: []string{"Fresh inquiry"}},
		{method: "GET", path: "/leads", status: 200, not: []string{"Fresh inquiry"}},
		{method: "POST", path: "/leads", form: url.Values{"inquiry": {"Fresh inquiry: we need a logo, budget 800 EUR."}}, status: 303},
		{method: "GET", path: "/", status: 200, has: []string{"Fresh inquiry"}},
		{method: "GET", path: "/leads", status: 200, has: []string{"Fresh inquiry"}},
		{method: "POST", path: "/leads/1/status", form: url.Values{"status": {"declined"}}, status: 303},
		{method: "GET", path: "/", status: 200, not: []string{"Fresh inquiry"}},
	})
}

type countingStore struct {
	finds int
	data  map[string][]byte
}

func (s *countingStore) FindCtx(_ context.Context, token string) ([]byte, bool, error) {
	s.finds++
	b, ok := s.data[token]
	return b, ok, nil
}
func (s *countingStore) CommitCtx(_ context.Context, token string, b []byte, _ time.Time) error {
	s.data[token] = b
	return nil
}
func (s *countingStore) DeleteCtx(_ context.Context, token string) error {
	delete(s.data, token)
	return nil
}
func (s *countingStore) Find(token string) ([]byte, bool, error) { return s.FindCtx(nil, token) }
func (s *countingStore) Commit(token string, b []byte, e time.Time) error {
	return s.CommitCtx(nil, token, b, e)
}
func (s *countingStore) Delete(token string) error { return s.DeleteCtx(nil, token) }

func TestSessionCache(t *testing.T) {
	st := &countingStore{data: map[string][]byte{"a": []byte("1")}}
	c := newSessionCache(st)
	ctx := context.Background()
	for range 3 {
		if b, ok, _ := c.FindCtx(ctx, "a"); !ok || string(b) != "1" {
			t.Fatal("session not found")
		}
	}
	if st.finds != 1 {
		t.Errorf("%d reads of the store for three finds", st.finds)
	}
	c.CommitCtx(ctx, "a", []byte("2"), time.Now().Add(time.Hour))
	if b, _, _ := c.FindCtx(ctx, "a"); string(b) != "2" {
		t.Error("a committed change is not seen at once")
	}
	c.DeleteCtx(ctx, "a")
	if _, ok, _ := c.FindCtx(ctx, "a"); ok {
		t.Error("a deleted session is still found")
	}
}

// A session unused for three days ends; using it keeps it alive (the
// activity is written at most hourly, not on every page).
func TestSessionIdleTimeout(t *testing.T) {
	ts, _, now, _ := portalDesk(t)
	c := browser(t)
	run(t, ts, c, []step{setUpA, {method: "GET", path: "/", status: 200}})
	for range 4 { // a day at a time: active, so never idle
		*now = now.Add(24 * time.Hour)
		run(t, ts, c, []step{{method: "GET", path: "/deals", status: 200}})
	}
	*now = now.Add(idleTimeout + time.Minute)
	run(t, ts, c, []step{{method: "GET", path: "/deals", status: 303, location: "/login"}})
}
