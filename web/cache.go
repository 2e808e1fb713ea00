package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/parley-desk/parley"
)

// Micro-caching. The dashboard and the lead list are the pages a desk
// reloads most; under load, each costs a session read, a user read, up to
// a dozen indexed queries and a template. Two small caches make repeated
// views cheap without letting them go stale:
//
//   - a rendered page is kept for cacheTTL, keyed by the user, language,
//     URL and the workspace's version, which every change made through this
//     server (a form, the API, the client's page) moves on, so a change is
//     seen at once; a change made elsewhere (another instance of a hosted
//     desk, "parley import" on the same file) shows within cacheTTL;
//   - a session read from the database is kept for cacheTTL; a sign-out
//     or a change of the session on this server replaces it at once.
//
// Pages that show something once (a new secret, a flash message) are
// never cached.
const cacheTTL = 2 * time.Second

// maxCachedPages bounds the page cache; when full it starts over.
const maxCachedPages = 4096

type pageKey struct {
	user    int64
	version uint64
	lang    string
	url     string
}

type cachedPage struct {
	body, gzipped []byte // the page, and the page compressed for browsers that accept it
	at            time.Time
	refreshing    bool // one request is making the next copy; the others get this one
}

// staleTTL is how long an expired page may still be served while one
// request makes the next copy, so that a page's expiry is not a stampede
// of renders. A change in the workspace never waits for it (the version is
// in the key).
const staleTTL = 5 * cacheTTL

type pageCache struct {
	mu       sync.Mutex
	pages    map[pageKey]cachedPage
	versions map[int64]uint64
}

func newPageCache() *pageCache {
	return &pageCache{pages: map[pageKey]cachedPage{}, versions: map[int64]uint64{}}
}

// changed moves a workspace's version on: its cached pages are stale.
func (c *pageCache) changed(workspace int64) {
	c.mu.Lock()
	c.versions[workspace]++
	c.mu.Unlock()
}

func (c *pageCache) version(workspace int64) uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.versions[workspace]
}

func (c *pageCache) get(k pageKey, now time.Time) (cachedPage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.pages[k]
	switch age := now.Sub(p.at); {
	case !ok || age < 0 || age >= staleTTL:
		return cachedPage{}, false
	case age < cacheTTL || p.refreshing:
		return p, true
	}
	p.refreshing = true // this caller renders; the others keep this copy meanwhile
	c.pages[k] = p
	return cachedPage{}, false
}

// put keeps a page and its gzip form, made once here rather than on
// every view.
func (c *pageCache) put(k pageKey, body []byte, now time.Time) {
	var z bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&z, gzip.BestSpeed)
	zw.Write(body)
	zw.Close()
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.pages) >= maxCachedPages {
		c.pages = map[pageKey]cachedPage{}
	}
	c.pages[k] = cachedPage{body: body, gzipped: z.Bytes(), at: now}
}

// drop forgets a page whose refresh failed, so that the next view tries
// again.
func (c *pageCache) drop(k pageKey) {
	c.mu.Lock()
	delete(c.pages, k)
	c.mu.Unlock()
}

// recorder keeps what a handler writes, to cache a 200 page.
type recorder struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (r *recorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}

// cached serves h's page from the cache when a fresh copy is there.
func (s *Server) cached(h func(http.ResponseWriter, *http.Request, *parley.User)) func(http.ResponseWriter, *http.Request, *parley.User) {
	return func(w http.ResponseWriter, r *http.Request, u *parley.User) {
		t := s.text(r)
		k := pageKey{user: u.ID, version: s.views.version(u.WorkspaceID), lang: t.Lang(), url: r.URL.RequestURI()}
		now := time.Now()
		if p, ok := s.views.get(k, now); ok {
			h := w.Header()
			h.Set("Content-Type", "text/html; charset=utf-8")
			h.Set("Cache-Control", "no-store")
			h.Set("Content-Language", t.Lang())
			h.Add("Vary", "Accept-Language")
			h.Add("Vary", "Accept-Encoding")
			if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				h.Set("Content-Encoding", "gzip")
				w.Write(p.gzipped)
				return
			}
			w.Write(p.body)
			return
		}
		rec := &recorder{ResponseWriter: w}
		h(rec, r, u)
		if rec.status == http.StatusOK {
			s.views.put(k, bytes.Clone(rec.body.Bytes()), now)
		} else {
			s.views.drop(k)
		}
	}
}

// sessionCache keeps sessions read from the database for cacheTTL.
type sessionCache struct {
	scs.CtxStore
	mu      sync.Mutex
	entries map[string]sessionEntry
}

type sessionEntry struct {
	data  []byte
	found bool
	at    time.Time
}

func newSessionCache(st scs.CtxStore) *sessionCache {
	return &sessionCache{CtxStore: st, entries: map[string]sessionEntry{}}
}

func (c *sessionCache) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	now := time.Now()
	c.mu.Lock()
	e, ok := c.entries[token]
	c.mu.Unlock()
	if ok && now.Sub(e.at) < cacheTTL && !now.Before(e.at) {
		return e.data, e.found, nil
	}
	data, found, err := c.CtxStore.FindCtx(ctx, token)
	if err != nil {
		return nil, false, err
	}
	c.mu.Lock()
	if len(c.entries) >= maxCachedPages {
		c.entries = map[string]sessionEntry{}
	}
	c.entries[token] = sessionEntry{data: data, found: found, at: now}
	c.mu.Unlock()
	return data, found, nil
}

func (c *sessionCache) CommitCtx(ctx context.Context, token string, data []byte, expiry time.Time) error {
	c.forget(token)
	return c.CtxStore.CommitCtx(ctx, token, data, expiry)
}

func (c *sessionCache) DeleteCtx(ctx context.Context, token string) error {
	c.forget(token)
	return c.CtxStore.DeleteCtx(ctx, token)
}

func (c *sessionCache) forget(token string) {
	c.mu.Lock()
	delete(c.entries, token)
	c.mu.Unlock()
}

// The non-context methods scs also asks for.

func (c *sessionCache) Find(token string) ([]byte, bool, error) {
	return c.FindCtx(context.Background(), token)
}

func (c *sessionCache) Commit(token string, data []byte, expiry time.Time) error {
	return c.CommitCtx(context.Background(), token, data, expiry)
}

func (c *sessionCache) Delete(token string) error { return c.DeleteCtx(context.Background(), token) }

// userCache keeps signed-in users for cacheTTL: every page needs the user,
// who rarely changes.
type userCache struct {
	mu    sync.Mutex
	users map[int64]cachedUser
}

type cachedUser struct {
	u  *parley.User
	at time.Time
}

func (c *userCache) get(ctx context.Context, st parley.UserService, id int64) (*parley.User, error) {
	now := time.Now()
	c.mu.Lock()
	e, ok := c.users[id]
	c.mu.Unlock()
	if ok && now.Sub(e.at) < cacheTTL && !now.Before(e.at) {
		return e.u, nil
	}
	u, err := st.User(ctx, id)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.users == nil || len(c.users) >= maxCachedPages {
		c.users = map[int64]cachedUser{}
	}
	c.users[id] = cachedUser{u, now}
	c.mu.Unlock()
	return u, nil
}
