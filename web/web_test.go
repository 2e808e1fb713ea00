package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parley-desk/parley/screen"
	"github.com/parley-desk/parley/store"
)

// testDesk is the desk on a real SQLite file in the test's folder, with a
// clock the test can move and the server's log kept.
type testDesk struct {
	ts   *httptest.Server
	db   *store.DB
	srv  *Server
	now  *time.Time
	logs *bytes.Buffer
}

func newDesk(t testing.TB, configure ...func(*Server)) *testDesk {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "parley.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	scr, err := screen.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	srv, err := New(db, scr, slog.New(slog.NewTextHandler(&logs, nil)), func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range configure {
		c(srv)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &testDesk{ts: ts, db: db, srv: srv, now: &now, logs: &logs}
}

// desk starts the desk at a fixed time.
func desk(t testing.TB) (*httptest.Server, *store.DB) {
	d := newDesk(t)
	return d.ts, d.db
}

// browser is a client with cookies that does not follow redirects, so
// that tests see them.
func browser(testing.TB) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

type step struct {
	method, path string
	form         url.Values
	header       map[string]string
	status       int
	location     string
	has, not     []string
}

func run(t *testing.T, ts *httptest.Server, c *http.Client, steps []step) {
	t.Helper()
	for i, s := range steps {
		var body io.Reader
		if s.form != nil {
			body = strings.NewReader(s.form.Encode())
		}
		req, _ := http.NewRequest(s.method, ts.URL+s.path, body)
		if s.form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		for k, v := range s.header {
			req.Header.Set(k, v)
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		page := string(b)
		if resp.StatusCode != s.status {
			t.Fatalf("step %d %s %s: status %d, want %d\n%s", i, s.method, s.path, resp.StatusCode, s.status, page)
		}
		if s.location != "" && resp.Header.Get("Location") != s.location {
			t.Errorf("step %d %s %s: redirect to %q, want %q", i, s.method, s.path, resp.Header.Get("Location"), s.location)
		}
		for _, h := range s.has {
			if !strings.Contains(page, h) {
				t.Errorf("step %d %s %s: page lacks %q", i, s.method, s.path, h)
			}
		}
		for _, n := range s.not {
			if strings.Contains(page, n) {
				t.Errorf("step %d %s %s: page has %q", i, s.method, s.path, n)
			}
		}
	}
}

func TestDeskFlow(t *testing.T) {
	ts, _ := desk(t)
	c := browser(t)
	owner := url.Values{"workspace": {"Anna's desk"}, "name": {"Anna"}, "email": {"anna@example.fi"}, "password": {"correct horse battery"}}
	run(t, ts, c, []step{
		{method: "GET", path: "/", status: 303, location: "/setup"},
		{method: "GET", path: "/setup", status: 200, has: []string{"Set up your desk", `autocomplete="new-password"`}},
		{method: "POST", path: "/setup", form: url.Values{"workspace": {"X"}, "name": {"A"}, "email": {"a@b.fi"}, "password": {"short"}}, status: 400, has: []string{"at least 10 characters", `value="a@b.fi"`}},
		{method: "POST", path: "/setup", form: owner, status: 303, location: "/"},
		{method: "GET", path: "/", status: 200, has: []string{"Anna", "No new leads"}},
		{method: "GET", path: "/setup", status: 303, location: "/login"},
		{method: "POST", path: "/setup", form: owner, status: 409, has: []string{"already set up"}},
		// Paste two inquiries at once: both screened and stored.
		{method: "POST", path: "/leads", form: url.Values{"inquiry": {"Hi, we need 20 slides by tomorrow. We pay after the work is approved, no advance.\n---\nMeillä ei ole budjettia, mutta saat 10 % voitosta kun sovellus lähtee lentoon."}, "source": {"LinkedIn"}}, status: 303, location: "/leads"},
		{method: "GET", path: "/leads", status: 200, has: []string{"NEGOTIATE", "DECLINE", "LinkedIn", "fi"}},
		{method: "GET", path: "/leads/1", status: 200, has: []string{`<mark title="rush">by tomorrow</mark>`, "postpayment", "Reply draft", "Decline"}},
		{method: "GET", path: "/", status: 200, has: []string{"NEGOTIATE", "DECLINE"}},
		{method: "POST", path: "/leads/1/status", form: url.Values{"status": {"declined"}}, status: 303, location: "/leads/1"},
		{method: "GET", path: "/leads?status=declined", status: 200, has: []string{"by tomorrow"}, not: []string{"voitosta"}},
		{method: "POST", path: "/leads/1/status", form: url.Values{"status": {"maybe"}}, status: 400, has: []string{"write new, declined or converted"}},
		// Bad input keeps what was typed and stores nothing.
		{method: "POST", path: "/leads", form: url.Values{"inquiry": {"   "}}, status: 400, has: []string{"Paste the client"}},
		{method: "POST", path: "/leads", form: url.Values{"inquiry": {"fine text\n---\nbad \x00 binary"}}, status: 400, has: []string{"Inquiry 2:", "binary", "fine text"}},
		{method: "GET", path: "/leads/99", status: 404, has: []string{"no lead 99"}},
		{method: "GET", path: "/leads/abc", status: 404},
		{method: "GET", path: "/leads?after=zzz", status: 400, has: []string{"cursor"}},
		// Another site cannot act for the signed-in user.
		{method: "POST", path: "/leads/2/status", form: url.Values{"status": {"declined"}}, header: map[string]string{"Sec-Fetch-Site": "cross-site"}, status: 403},
		{method: "POST", path: "/logout", status: 303, location: "/login"},
		{method: "GET", path: "/leads", status: 303, location: "/login"},
		{method: "POST", path: "/login", form: url.Values{"email": {"anna@example.fi"}, "password": {"wrong password"}}, status: 401, has: []string{"wrong e-mail address or password", `value="anna@example.fi"`}},
		{method: "POST", path: "/login", form: url.Values{"email": {"anna@example.fi"}, "password": {"correct horse battery"}}, status: 303, location: "/"},
		{method: "GET", path: "/leads/2", status: 200, has: []string{"pay_from_future_profit"}},
	})
}

func TestSecurityHeadersAndCookies(t *testing.T) {
	ts, _ := desk(t)
	c := browser(t)
	resp, err := c.PostForm(ts.URL+"/setup", url.Values{"workspace": {"W"}, "name": {"A"}, "email": {"a@example.fi"}, "password": {"correct horse battery"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "default-src 'self'") || strings.Contains(csp, "unsafe-inline") || resp.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("headers: %v", resp.Header)
	}
	cookie := resp.Header.Get("Set-Cookie")
	for _, want := range []string{"parley_session=", "HttpOnly", "Secure", "SameSite=Lax"} {
		if !strings.Contains(cookie, want) {
			t.Errorf("session cookie %q lacks %s", cookie, want)
		}
	}
}

// A second workspace's user sees none of the first's leads.
func TestDeskIsolation(t *testing.T) {
	ts, db := desk(t)
	a, b := browser(t), browser(t)
	run(t, ts, a, []step{
		{method: "POST", path: "/setup", form: url.Values{"workspace": {"A"}, "name": {"A"}, "email": {"a@example.fi"}, "password": {"correct horse battery"}}, status: 303},
		{method: "POST", path: "/leads", form: url.Values{"inquiry": {"Secret project: we pay 50% now and 50% after."}}, status: 303, location: "/leads/1"},
	})
	if _, err := db.AddWorkspace(context.Background(), "B", "b@example.fi", "B", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	run(t, ts, b, []step{
		{method: "POST", path: "/login", form: url.Values{"email": {"b@example.fi"}, "password": {"correct horse battery"}}, status: 303},
		{method: "GET", path: "/leads/1", status: 404, not: []string{"Secret project"}},
		{method: "GET", path: "/leads", status: 200, not: []string{"Secret project"}},
		{method: "GET", path: "/", status: 200, not: []string{"Secret project"}},
		{method: "POST", path: "/leads/1/status", form: url.Values{"status": {"declined"}}, status: 404},
	})
}
