package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/parley-desk/parley"
)

func call(t *testing.T, url, method, token, body string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s %s: not JSON: %s", method, url, b)
	}
	return resp.StatusCode, v
}

// apiDesk is a desk with workspaces A and B, each with an API token.
type apiDesk struct {
	*testDesk
	api, token, otherToken string
	owner, other           *parley.User
}

func newAPIDesk(t *testing.T, configure ...func(*Server)) *apiDesk {
	t.Helper()
	d := newDesk(t, configure...)
	ctx := context.Background()
	owner, err := d.db.SetUp(ctx, "A", "a@example.fi", "A", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	_, token, _ := d.db.CreateToken(ctx, owner, "test")
	other, _ := d.db.AddWorkspace(ctx, "B", "b@example.fi", "B", "correct horse battery")
	_, otherToken, _ := d.db.CreateToken(ctx, other, "test")
	return &apiDesk{testDesk: d, api: d.ts.URL + "/api/v1", token: token, otherToken: otherToken, owner: owner, other: other}
}

// apiCall is one API request and what its answer must be.
type apiCall struct {
	name, method, path, token, body string
	status                          int
	has                             []string
}

// runAPI makes the calls in order; each must answer its status and hold
// its strings.
func runAPI(t *testing.T, api string, calls []apiCall) {
	t.Helper()
	for _, tt := range calls {
		t.Run(tt.name, func(t *testing.T) {
			code, v := call(t, api+tt.path, tt.method, tt.token, tt.body)
			b, _ := json.Marshal(v)
			if code != tt.status {
				t.Fatalf("status %d, want %d: %s", code, tt.status, b)
			}
			for _, h := range tt.has {
				if !bytes.Contains(b, []byte(h)) {
					t.Errorf("response lacks %s: %s", h, b)
				}
			}
		})
	}
}

func TestAPI(t *testing.T) {
	d := newAPIDesk(t)
	db, api, token, otherToken, other := d.db, d.api, d.token, d.otherToken, d.other
	ctx := context.Background()
	runAPI(t, api, []apiCall{
		{"no token", "GET", "/leads", "", "", 401, []string{`"code":"unauthorized"`}},
		{"bad token", "GET", "/leads", "pk_nope", "", 401, []string{"not valid"}},
		{"empty list", "GET", "/leads", token, "", 200, []string{`"items":[]`, `"next":""`}},
		{"screen two", "POST", "/leads", token, `{"texts":["We pay only after delivery, no advance.","Need a logo, budget 800 EUR, no rush."],"source":"api"}`, 201, []string{`"verdict":"negotiate"`, `"verdict":"proceed"`, `"source":"api"`}},
		{"misspelt field", "POST", "/leads", token, `{"txt":"hello"}`, 400, []string{`unknown field \"txt\"`}},
		{"bad json", "POST", "/leads", token, `{`, 400, []string{"not the JSON"}},
		{"empty body", "POST", "/leads", token, ``, 400, []string{"empty"}},
		{"binary inquiry", "POST", "/leads", token, `{"text":"a\u0000b"}`, 400, []string{"binary"}},
		{"one lead", "GET", "/leads/1", token, "", 200, []string{`"postpayment"`, `"evidence"`}},
		{"other workspace", "GET", "/leads/1", otherToken, "", 404, []string{`"code":"not_found"`}},
		{"decline", "POST", "/leads/1/status", token, `{"status":"declined"}`, 200, []string{`"status":"declined"`}},
		{"filter", "GET", "/leads?status=declined", token, "", 200, []string{`"id":1`}},
		{"page", "GET", "/leads?limit=1", token, "", 200, []string{`"next":"2"`}},
		{"deal", "POST", "/deals", token, `{"lead_id":2,"title":"Logo","client":{"name":"Mikko","language":"en"},"services":[{"service":"landing","quantity":"5"}]}`, 201, []string{`"price":"4500.00"`, `"currency":"EUR"`}},
		{"deal from another's lead", "POST", "/deals", otherToken, `{"lead_id":2,"services":[{"service":"landing"}]}`, 404, nil},
		{"unknown service", "POST", "/deals", token, `{"services":[{"service":"logo"}]}`, 400, []string{`unknown service \"logo\"`}},
		{"message", "POST", "/deals/1/messages", token, `{"text":"Can we pay 50% now and 50% after delivery? And could you do it for 4 000?"}`, 200, []string{`"code":"postpayment"`, `"amount":"4000.00"`, `"kind":"staged_prepayment"`, `"reply":"Hello Mikko`}},
		{"accept bogus", "POST", "/deals/1/accept", token, `{"move":"nope"}`, 400, []string{"not one of the pending moves"}},
		{"accept", "POST", "/deals/1/accept", token, `{"move":"staged_prepayment"}`, 200, []string{`"whose_move":"client"`, `"stages":4`}},
		{"deal list", "GET", "/deals", token, "", 200, []string{`"title":"Logo"`}},
		{"other's deal", "GET", "/deals/1", otherToken, "", 404, nil},
		{"no endpoint", "GET", "/nothing", token, "", 404, []string{"openapi.json"}},
	})
	// The OpenAPI document is served and is JSON.
	if code, v := call(t, api+"/openapi.json", "GET", "", ""); code != 200 || v["openapi"] != "3.1.0" {
		t.Errorf("openapi: %d %v", code, v["openapi"])
	}
	if ls, _, _ := db.Leads(ctx, other.WorkspaceID, "", parley.Page{}); len(ls) != 0 {
		t.Errorf("the other workspace has %d leads", len(ls))
	}
}
