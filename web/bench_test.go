package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/parley-desk/parley"
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
