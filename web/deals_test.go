package web

import (
	"net/url"
	"strings"
	"testing"

	"github.com/parley-desk/parley/pricing"
)

func TestDealsInTheDesk(t *testing.T) {
	ts, _ := desk(t)
	c := browser(t)
	policy, _ := pricing.Example(pricing.DefaultExample, "en")
	broken := strings.Replace(string(policy), "floor = 500\n", "floor = 5000\n", 1)
	run(t, ts, c, []step{
		{method: "POST", path: "/setup", form: url.Values{"workspace": {"A"}, "name": {"Anna"}, "email": {"a@example.fi"}, "password": {"correct horse battery"}}, status: 303},
		{method: "GET", path: "/settings/policy", status: 200, has: []string{"example policy", "Landing page copy"}},
		// A broken policy is refused with its line, and the text is kept.
		{method: "POST", path: "/settings/policy", form: url.Values{"policy": {broken}}, status: 400, has: []string{"not saved", "services[0].floor", "line 80", "floor = 5000"}},
		{method: "POST", path: "/settings/policy", form: url.Values{"policy": {string(policy)}}, status: 303, location: "/settings/policy"},
		{method: "GET", path: "/settings/policy", status: 200, has: []string{"Policy saved."}, not: []string{"example policy"}},
		// A lead converted into a deal.
		{method: "POST", path: "/leads", form: url.Values{"inquiry": {"We need five landing pages. Can we pay 50% now and 50% after delivery?"}}, status: 303, location: "/leads/1"},
		{method: "GET", path: "/deals/new?lead=1", status: 200, has: []string{`name="lead" value="1"`, "Landing page copy (900.00 per item)"}},
		{method: "POST", path: "/deals", form: url.Values{"lead": {"1"}, "title": {"Five landings"}, "client": {"Mikko Virtanen"}, "language": {"en"}, "service": {"landing", "", ""}, "quantity": {"0", "", ""}}, status: 400, has: []string{"more than zero", "Five landings"}},
		{method: "POST", path: "/deals", form: url.Values{"lead": {"1"}, "title": {"Five landings"}, "client": {"Mikko Virtanen"}, "language": {"en"}, "service": {"landing", "", ""}, "quantity": {"5", "", ""}}, status: 303, location: "/deals/1"},
		{method: "GET", path: "/leads/1", status: 200, has: []string{"converted"}},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"4500.00 EUR", "Mikko", "No messages yet"}},
		{method: "GET", path: "/deals", status: 200, has: []string{"Five landings", "4500.00 EUR"}},
		// The client's counter-offer: moves ranked, the reply drafted.
		{method: "POST", path: "/deals/1/messages", form: url.Values{"message": {"Thanks! Our finance team pays 50% now and 50% after delivery."}}, status: 303, location: "/deals/1"},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"staged_prepayment", "Reply draft", "4 stages", "your move"}},
		{method: "GET", path: "/", status: 200, has: []string{"Your move", "Five landings"}, not: []string{"Waiting for the client"}},
		{method: "POST", path: "/deals/1/accept", form: url.Values{"move": {"free_lunch"}}, status: 400, has: []string{"not one of the pending moves", "staged_prepayment"}},
		{method: "POST", path: "/deals/1/accept", form: url.Values{"move": {"staged_prepayment"}}, status: 303, location: "/deals/1"},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"prepaid in 4 stage(s)", "gave payment in 4 prepaid stages", "the client&#39;s move"}, not: []string{"Moves, best first"}},
		{method: "POST", path: "/deals/1/messages", form: url.Values{"message": {"  "}}, status: 400, has: []string{"empty"}},
		{method: "GET", path: "/deals/99", status: 404},
	})
}

func TestTokensPage(t *testing.T) {
	ts, _ := desk(t)
	c := browser(t)
	run(t, ts, c, []step{
		{method: "POST", path: "/setup", form: url.Values{"workspace": {"A"}, "name": {"Anna"}, "email": {"a@example.fi"}, "password": {"correct horse battery"}}, status: 303},
		{method: "GET", path: "/settings/tokens", status: 200, has: []string{"API tokens", "openapi.json"}},
		{method: "POST", path: "/settings/tokens", form: url.Values{"name": {"mail script"}}, status: 303, location: "/settings/tokens"},
		{method: "GET", path: "/settings/tokens", status: 200, has: []string{`<code id="secret">pk_`, "mail script"}},
		{method: "GET", path: "/settings/tokens", status: 200, not: []string{`id="secret"`}},
		{method: "POST", path: "/settings/tokens/1/revoke", status: 303},
		{method: "GET", path: "/settings/tokens", status: 200, not: []string{"mail script"}},
		{method: "POST", path: "/settings/tokens/9/revoke", status: 404},
	})
}

// User text is always escaped: an inquiry with a script renders as text,
// and oversized or malformed input gets a clear 4xx, never a 500.
func TestEscapingAndBadInput(t *testing.T) {
	ts, _ := desk(t)
	c := browser(t)
	evil := `<script>alert("x")</script> We pay after delivery. <img src=x onerror=alert(1)>`
	run(t, ts, c, []step{
		{method: "POST", path: "/setup", form: url.Values{"workspace": {"<b>W</b>"}, "name": {"<i>A</i>"}, "email": {"a@example.fi"}, "password": {"correct horse battery"}}, status: 303},
		{method: "GET", path: "/", status: 200, has: []string{"&lt;i&gt;A&lt;/i&gt;"}, not: []string{"<i>A</i>"}},
		{method: "POST", path: "/leads", form: url.Values{"inquiry": {evil}}, status: 303},
		{method: "GET", path: "/leads/1", status: 200, has: []string{"&lt;script&gt;", "&lt;img"}, not: []string{"<script>alert", "<img src=x"}},
		{method: "GET", path: "/leads", status: 200, not: []string{"<script>alert"}},
		{method: "POST", path: "/leads", form: url.Values{"inquiry": {strings.Repeat("x", 3<<20)}}, status: 400},
		{method: "POST", path: "/deals", form: url.Values{"service": {"landing"}, "quantity": {"1e9"}}, status: 400, has: []string{"quantity of landing"}},
		{method: "POST", path: "/deals", form: url.Values{"service": {"landing"}, "quantity": {"999999999999"}}, status: 400},
		{method: "POST", path: "/deals", form: url.Values{"service": {"landing"}, "stages": {"many"}}, status: 400, has: []string{"whole number"}},
		{method: "GET", path: "/deals/new?lead=42", status: 404},
	})
}

// Promises both ways (P2): added on a deal, listed on the dashboard when
// due today or overdue, done with one click.
func TestCommitmentsInTheDesk(t *testing.T) {
	ts, _ := desk(t)
	c := browser(t)
	run(t, ts, c, []step{
		{method: "POST", path: "/setup", form: url.Values{"workspace": {"A"}, "name": {"Anna"}, "email": {"a@example.fi"}, "password": {"correct horse battery"}}, status: 303},
		{method: "POST", path: "/deals", form: url.Values{"title": {"Texts"}, "client": {"Mikko"}, "language": {"en"}, "service": {"landing"}, "quantity": {"2"}}, status: 303, location: "/deals/1"},
		{method: "POST", path: "/deals/1/commitments", form: url.Values{"owner": {"me"}, "what": {"send the brief"}, "due": {"2026-11-29"}}, status: 303},
		{method: "POST", path: "/deals/1/commitments", form: url.Values{"owner": {"client"}, "what": {"pay stage 1"}, "due": {"2026-11-30"}}, status: 303},
		{method: "POST", path: "/deals/1/commitments", form: url.Values{"owner": {"me"}, "what": {"call on Friday"}, "due": {"2026-12-04"}}, status: 303},
		{method: "POST", path: "/deals/1/commitments", form: url.Values{"owner": {"me"}, "what": {"send the invoice next month"}, "due": {"2026-12-20"}}, status: 303},
		{method: "POST", path: "/deals/1/commitments", form: url.Values{"owner": {"boss"}, "what": {"x"}, "due": {"2026-12-04"}}, status: 400},
		{method: "POST", path: "/deals/1/commitments", form: url.Values{"owner": {"me"}, "what": {"x"}, "due": {"soon"}}, status: 400, has: []string{"not a date"}},
		{method: "GET", path: "/", status: 200, has: []string{"Due today and overdue", "send the brief", "overdue", "pay stage 1", "The client", "Coming up", "call on Friday", "send the invoice next month"}},
		{method: "POST", path: "/commitments/1/done", status: 303, location: "/"},
		{method: "GET", path: "/", status: 200, not: []string{"send the brief"}},
		{method: "POST", path: "/commitments/1/done", status: 404},
	})
}

func TestSnippet(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"  hello   world \n", 20, "hello world"},
		{"hello world", 11, "hello world"},
		{"hello world", 10, "hello wor…"},
		{"ääkköset ja кириллица", 12, "ääkköset ja…"},
		{"", 5, ""},
		{"a\tb\nc", 3, "a …"},
	} {
		if got := snippet(tt.in, tt.n); got != tt.want {
			t.Errorf("snippet(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

// Stages (M6): planned from the agreed terms, then paid, delivered and
// accepted in order; unpaid ones due by today are on the dashboard.
func TestStagesInTheDesk(t *testing.T) {
	ts, _ := desk(t)
	c := browser(t)
	run(t, ts, c, []step{
		{method: "POST", path: "/setup", form: url.Values{"workspace": {"A"}, "name": {"Anna"}, "email": {"a@example.fi"}, "password": {"correct horse battery"}}, status: 303},
		{method: "POST", path: "/deals", form: url.Values{"title": {"Five landings"}, "client": {"Mikko"}, "language": {"en"}, "service": {"landing"}, "quantity": {"5"}, "stages": {"4"}}, status: 303, location: "/deals/1"},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"Plan the prepaid stages"}},
		{method: "POST", path: "/deals/1/stages", status: 303},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"Stage 1: 1125.00 EUR, due 30 November 2026", "Stage 4: 1125.00 EUR", "awaiting payment", "Mark paid"}},
		{method: "GET", path: "/", status: 200, has: []string{"Stages awaiting payment", "Stage 1: 1125.00 EUR"}, not: []string{"Stage 2:"}},
		{method: "POST", path: "/deals/1/stages/2/paid", status: 409, has: []string{"after stage 1 is accepted"}},
		{method: "POST", path: "/deals/1/stages/1/delivered", status: 409},
		{method: "POST", path: "/deals/1/stages/1/paid", status: 303},
		{method: "POST", path: "/deals/1/stages/1/delivered", status: 303},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"delivered; awaiting acceptance", "Mark accepted"}},
		{method: "POST", path: "/deals/1/stages/1/accepted", status: 303},
		{method: "GET", path: "/", status: 200, not: []string{"Stages awaiting payment"}},
		{method: "POST", path: "/deals/1/stages/9/paid", status: 404},
		{method: "POST", path: "/deals/1/stages/1/refunded", status: 400},
	})
}
