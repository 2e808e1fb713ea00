package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/store"
)

// BenchmarkPages: the dashboard and the lead list of a workspace with
// 2 000 leads, through the whole handler chain (session, sign-in check,
// query, template).
func BenchmarkPages(b *testing.B) {
	ts, db := desk(b)
	ctx := context.Background()
	u, _ := db.SetUp(ctx, "W", "a@example.fi", "A", "correct horse battery")
	for i := range 2000 {
		db.CreateLead(ctx, &parley.Lead{WorkspaceID: u.WorkspaceID, Inquiry: strings.Repeat("We need a landing page by Friday and pay after delivery. ", 4), Language: "en", Verdict: "negotiate", Score: 15, Screening: []byte(`{}`), Status: []string{"new", "declined"}[i%2]})
	}
	c := browser(nil)
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
	d := newDesk(b, func(s *Server) { s.KeepSessionsIn(s.store.(*store.DB).Sessions()) })
	db, srv := d.db, d.srv
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
