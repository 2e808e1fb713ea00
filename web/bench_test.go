package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/screen"
	"github.com/parley-desk/parley/store"
)

// BenchmarkPages: the dashboard and the lead list of a workspace with
// 2 000 leads, through the whole handler chain (session, sign-in check,
// query, template).
func BenchmarkPages(b *testing.B) {
	ts, db := desk(&testing.T{})
	defer ts.Close()
	ctx := context.Background()
	u, _ := db.SetUp(ctx, "W", "a@example.fi", "A", "correct horse battery")
	for i := range 2000 {
		db.CreateLead(ctx, &parley.Lead{WorkspaceID: u.WorkspaceID, Inquiry: strings.Repeat("We need a landing page by Friday and pay after delivery. ", 4), Language: "en", Verdict: "negotiate", Score: 15, Screening: []byte(`{}`), Status: []string{"new", "declined"}[i%2]})
	}
	c := browser(&testing.T{})
	resp, err := c.PostForm(ts.URL+"/login", url.Values{"email": {"a@example.fi"}, "password": {"correct horse battery"}})
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	for _, path := range []string{"/healthz", "/", "/leads"} {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				resp, err := c.Get(ts.URL + path)
				if err != nil || resp.StatusCode != http.StatusOK {
					b.Fatalf("%s: %v %v", path, resp.StatusCode, err)
				}
				resp.Body.Close()
			}
		})
	}
	_ = httptest.NewRecorder
}

// BenchmarkCachedDashboard: the dashboard from the page cache, through the
// handler chain with sessions in the database, in parallel and without
// the network, to see what a cached view costs.
func BenchmarkCachedDashboard(b *testing.B) {
	db, err := store.Open(context.Background(), filepath.Join(b.TempDir(), "p.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	scr, _ := screen.New(nil)
	srv, err := New(db, scr, slog.New(slog.NewTextHandler(io.Discard, nil)), time.Now)
	if err != nil {
		b.Fatal(err)
	}
	srv.KeepSessionsIn(db.Sessions())
	h := srv.Handler()
	ctx := context.Background()
	db.SetUp(ctx, "W", "a@example.fi", "A", "correct horse battery")
	login := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"email": {"a@example.fi"}, "password": {"correct horse battery"}}.Encode()))
	login.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, login)
	cookie := rec.Result().Cookies()[0]
	for _, path := range []string{"/healthz", "/"} {
		b.Run(path, func(b *testing.B) {
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					r := httptest.NewRequest("GET", path, nil)
					r.AddCookie(cookie)
					w := httptest.NewRecorder()
					h.ServeHTTP(w, r)
					if w.Code != http.StatusOK {
						b.Fatalf("%s: %d", path, w.Code)
					}
				}
			})
		})
	}
}
