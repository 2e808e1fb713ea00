package web

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parley-desk/parley/store"
)

// portalDesk is the desk with its clock and log, for the portal's tests.
func portalDesk(t testing.TB) (*httptest.Server, *store.DB, *time.Time, *bytes.Buffer) {
	d := newDesk(t)
	return d.ts, d.db, d.now, d.logs
}

var linkPattern = regexp.MustCompile(`<code id="portal-link">([^<]+)</code>`)

// newLink makes a portal link on deal 1 and returns its path.
func newLink(t *testing.T, ts *httptest.Server, c *http.Client) string {
	t.Helper()
	run(t, ts, c, []step{{method: "POST", path: "/deals/1/links", form: url.Values{"days": {"30"}}, status: 303}})
	resp, err := c.Get(ts.URL + "/deals/1")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := linkPattern.FindStringSubmatch(string(b))
	if m == nil {
		t.Fatal("the new link is not shown")
	}
	u, err := url.Parse(m[1])
	if err != nil || !strings.HasPrefix(u.Path, "/p/cp_") {
		t.Fatalf("link %q", m[1])
	}
	return u.Path
}

// The client's side of the article's remote negotiation, on the portal:
// the proposal in their language, a counter-offer that lands in the
// negotiation, acceptance of the staged terms (a confirmed agreement
// version), a change request, a stage accepted; every action logged with
// its address; wrong, expired and revoked links all the same 404.
func TestPortal(t *testing.T) {
	ts, _, now, logs := portalDesk(t)
	desk, client := browser(t), browser(t)
	run(t, ts, desk, []step{
		setUpA,
		{method: "POST", path: "/deals", form: url.Values{"title": {"Viisi laskeutumissivua"}, "client": {"Mikko Virtanen"}, "language": {"fi"}, "service": {"landing"}, "quantity": {"5"}}, status: 303},
	})
	p := newLink(t, ts, desk)
	run(t, ts, desk, []step{{method: "GET", path: "/deals/1", status: 200, not: []string{"cp_"}}}) // shown once
	run(t, ts, client, []step{
		{method: "GET", path: p, status: 200, has: []string{`<html lang="fi">`, "Viisi laskeutumissivua", "4500.00 EUR", "Hyväksy", "/proposal.pdf"}, not: []string{"sekuntia", "countdown"}},
		{method: "GET", path: p + "/proposal.pdf", status: 200, has: []string{"%PDF-"}},
		{method: "POST", path: p + "/messages", form: url.Values{"message": {"Voimmeko maksaa 50 % nyt ja 50 % toimituksen jälkeen?"}}, status: 303},
	})
	// The freelancer sees the ask and sends the recommended move.
	run(t, ts, desk, []step{
		{method: "GET", path: "/deals/1", status: 200, has: []string{"staged_prepayment", "opened the page", "Voimmeko maksaa"}},
		{method: "POST", path: "/deals/1/accept", form: url.Values{"move": {"staged_prepayment"}}, status: 303},
	})
	run(t, ts, client, []step{
		{method: "GET", path: p, status: 200, has: []string{"4 ennakkoon maksettavaa vaihetta", "Mikko"}},
		{method: "POST", path: p + "/accept", form: url.Values{"option": {"deluxe"}}, status: 400},
		{method: "POST", path: p + "/accept", form: url.Values{"option": {"current"}}, status: 303},
		{method: "GET", path: p, status: 200, has: []string{`id="agreed"`, "/agreement.pdf"}},
		{method: "GET", path: p + "/agreement.pdf", status: 200, has: []string{"%PDF-"}},
		{method: "POST", path: p + "/accept", form: url.Values{"option": {"current"}}, status: 409},
	})
	run(t, ts, desk, []step{
		{method: "GET", path: "/deals/1", status: 200, has: []string{"Version 1", "on the client&#39;s page", "accepted: current", "Ehdotetut ehdot"}},
		{method: "POST", path: "/deals/1/stages", status: 303},
		{method: "POST", path: "/deals/1/stages/1/paid", status: 303},
		{method: "POST", path: "/deals/1/stages/1/delivered", status: 303},
	})
	run(t, ts, client, []step{
		{method: "POST", path: p + "/stages/2/accept", status: 409},
		{method: "POST", path: p + "/stages/1/accept", status: 303},
		{method: "POST", path: p + "/changes", form: url.Values{"text": {"Tarvitsemme myös uuden sivun ruotsiksi."}}, status: 303},
		{method: "GET", path: p, status: 200, has: []string{"uudesta työstä"}},
	})
	run(t, ts, desk, []step{{method: "POST", path: "/deals/1/changes/1/status", form: url.Values{"status": {"quoted"}, "price": {"800"}}, status: 303}})
	run(t, ts, client, []step{
		{method: "GET", path: p, status: 200, has: []string{"800.00 EUR"}},
		{method: "POST", path: p + "/changes/1", form: url.Values{"answer": {"accepted"}}, status: 303},
		{method: "POST", path: p + "/changes/1", form: url.Values{"answer": {"accepted"}}, status: 409},
	})
	run(t, ts, desk, []step{{method: "GET", path: "/deals/1", status: 200, has: []string{"accepted by the client", "127.0.0.1"}}})

	// Wrong, expired and revoked links: the same 404, saying nothing more.
	gone := func(path string) string {
		resp, err := client.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 404 {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
		return string(b)
	}
	wrong := gone("/p/cp_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	*now = now.Add(31 * 24 * time.Hour)
	expired := gone(p)
	*now = now.Add(-31 * 24 * time.Hour)
	run(t, ts, desk, []step{{method: "POST", path: "/deals/1/links/1/revoke", status: 303}})
	revoked := gone(p)
	if wrong != expired || expired != revoked {
		t.Error("wrong, expired and revoked links answer differently")
	}
	if strings.Contains(logs.String(), "cp_") {
		t.Errorf("a portal secret reached the log:\n%s", logs.String())
	}
}

// Per-link and per-address limits answer 429 with Retry-After.
func TestPortalRateLimit(t *testing.T) {
	ts, _, _, _ := portalDesk(t)
	desk := browser(t)
	run(t, ts, desk, []step{
		setUpA,
		{method: "POST", path: "/deals", form: url.Values{"title": {"T"}, "client": {"C"}, "language": {"en"}, "service": {"landing"}, "quantity": {"1"}}, status: 303},
	})
	p := newLink(t, ts, desk)
	limited := 0
	for range 40 {
		resp, err := http.Get(ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == http.StatusTooManyRequests {
			limited++
			if resp.Header.Get("Retry-After") == "" {
				t.Error("429 without Retry-After")
			}
		}
	}
	if limited == 0 {
		t.Error("40 requests at once on one link were all served")
	}
}

// FuzzPortalLink: whatever the link, the answer is the same plain 404 (or
// 429 when hammered), never a 500 and never a hint of a deal.
func FuzzPortalLink(f *testing.F) {
	for _, s := range []string{"cp_", "cp_AAAA", "pk_x", "", "../../etc/passwd", "cp_" + strings.Repeat("z", 300), "%00", "cp_\u00e4\u0444"} {
		f.Add(s)
	}
	ts, _, _, logs := portalDesk(&testing.T{})
	f.Fuzz(func(t *testing.T, secret string) {
		if secret == "." || secret == ".." {
			return // the path is cleaned to another page before it is asked for
		}
		resp, err := http.Get(ts.URL + "/p/" + url.PathEscape(secret))
		if err != nil {
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 404 && resp.StatusCode != 429 && resp.StatusCode != 301 && resp.StatusCode != 307 {
			t.Fatalf("%q: %d\n%s", secret, resp.StatusCode, b)
		}
		if strings.Contains(logs.String(), "level=ERROR") {
			t.Fatalf("%q logged an error:\n%s", secret, logs.String())
		}
	})
}

// P3, B4: the client chooses the reduced option on their page: the price
// and the scope follow it, the agreement version is confirmed, and the
// option is not offered again.
func TestPortalChoosesOption(t *testing.T) {
	ts, _, _, _ := portalDesk(t)
	desk, client := browser(t), browser(t)
	run(t, ts, desk, []step{
		setUpA,
		{method: "POST", path: "/deals", form: url.Values{"title": {"Landings"}, "client": {"Mikko"}, "language": {"en"}, "service": {"landing"}, "quantity": {"5"}}, status: 303},
	})
	p := newLink(t, ts, desk)
	run(t, ts, client, []step{
		{method: "GET", path: p, status: 200, has: []string{"Smaller scope", "3150.00 EUR", "Faster delivery", "6750.00 EUR", "Read it at your own pace"}},
		{method: "POST", path: p + "/accept", form: url.Values{"option": {"reduced"}}, status: 303},
		{method: "GET", path: p, status: 200, has: []string{`id="agreed"`, "3150.00 EUR"}, not: []string{"Smaller scope"}},
		{method: "POST", path: p + "/accept", form: url.Values{"option": {"express"}}, status: 400},
	})
	run(t, ts, desk, []step{{method: "GET", path: "/deals/1", status: 200, has: []string{"option_reduced", "3150.00 EUR", "Version 1", "on the client&#39;s page"}}})
}
