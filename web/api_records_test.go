package web

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	pmail "github.com/parley-desk/parley/mail"
)

// Every desk action on a deal's records and on clients is also an API
// endpoint, with JSON errors and workspace isolation.
func TestAPIRecords(t *testing.T) {
	d := newAPIDesk(t)
	token, otherToken := d.token, d.otherToken
	runAPI(t, d.api, []apiCall{
		{"deal", "POST", "/deals", token, `{"title":"Landings","client":{"name":"Мария","language":"ru"},"services":[{"service":"landing","quantity":"2"}],"stages":2}`, 201, []string{`"client_id":1`}},
		{"record agreement", "POST", "/deals/1/agreements", token, "", 201, []string{`"version":1`, `"total":"1800.00"`, `"confirmed_at":null`}},
		{"same terms", "POST", "/deals/1/agreements", token, "", 409, []string{"already holds these terms"}},
		{"confirm without record", "POST", "/deals/1/agreements/1/confirm", token, `{"record":" "}`, 400, []string{"Paste the client"}},
		{"confirm", "POST", "/deals/1/agreements/1/confirm", token, `{"record":"Согласна. maria@example.ru"}`, 200, []string{`"confirmed_via":"email"`, `Согласна`}},
		{"others' agreements", "GET", "/deals/1/agreements", otherToken, "", 404, nil},
		{"change: defect", "POST", "/deals/1/changes", token, `{"text":"В тексте есть опечатки."}`, 201, []string{`"kind":"defect"`, "бесплатно"}},
		{"change: new work", "POST", "/deals/1/changes", token, `{"text":"Добавьте ещё одну страницу для нового рынка."}`, 201, []string{`"kind":"new_work"`}},
		{"change: bad kind", "POST", "/deals/1/changes", token, `{"text":"x","kind":"whim"}`, 400, nil},
		{"quote new work", "POST", "/deals/1/changes/2/status", token, `{"status":"quoted","price":"12000"}`, 200, []string{`"status":"quoted"`, `"price":"12000.00"`}},
		{"quote a defect", "POST", "/deals/1/changes/1/status", token, `{"status":"quoted","price":"1"}`, 409, nil},
		{"others' change", "POST", "/deals/1/changes/1/status", otherToken, `{"status":"done"}`, 404, nil},
		{"changes", "GET", "/deals/1/changes", token, "", 200, []string{`"id":1`, `"id":2`}},
		{"plan stages", "POST", "/deals/1/stages", token, "", 200, []string{`"number":2`, `"amount":"900.00"`, `"paid_at":null`}},
		{"pay stage 1", "POST", "/deals/1/stages/1/paid", token, "", 200, []string{`"paid_at":"2026-`}},
		{"pay stage 2 first", "POST", "/deals/1/stages/2/paid", token, "", 409, nil},
		{"promise", "POST", "/deals/1/commitments", token, `{"owner":"client","what":"send the brief","due":"2026-12-01"}`, 201, []string{`"owner":"client"`}},
		{"promise, bad date", "POST", "/deals/1/commitments", token, `{"owner":"me","what":"x","due":"soon"}`, 400, []string{"not a date"}},
		{"promise done", "POST", "/commitments/1/done", token, "", 200, []string{`"done":true`}},
		{"promises", "GET", "/deals/1/commitments", token, "", 200, []string{`"done_at":"2026-`}},
		{"dispute", "POST", "/deals/1/disputes", token, `{"complaint":"Текст не продаёт."}`, 201, []string{`"outcome":""`, `"currency":"EUR"`}},
		{"refund too much", "POST", "/deals/1/disputes/1", token, `{"outcome":"partial_refund","refund":"5000"}`, 400, []string{"900.00 EUR"}},
		{"full refund", "POST", "/deals/1/disputes/1", token, `{"what_not_suits":"тон","outcome":"full_refund"}`, 200, []string{`"refund":"900.00"`, `"closed_at":"2026-`}},
		{"clients", "GET", "/clients", token, "", 200, []string{`"name":"Мария"`}},
		{"client", "GET", "/clients/1", token, "", 200, []string{`"received":["900.00 EUR"]`, `"refunded":["900.00 EUR"]`, `"agreed":"900.00 EUR"`}},
		{"others' client", "GET", "/clients/1", otherToken, "", 404, nil},
		{"price change, short notice", "POST", "/clients/1/price-changes", token, `{"service":"landing","old_rate":"900","new_rate":"990","effective_on":"2026-12-15","reason":"Больше исследований."}`, 400, []string{"at least 30"}},
		{"price change", "POST", "/clients/1/price-changes", token, `{"service":"landing","old_rate":"900","new_rate":"990","effective_on":"2027-02-01","reason":"Больше исследований."}`, 201, []string{`"answer":"pending"`, "Здравствуйте, Мария!"}},
		{"answer", "POST", "/clients/1/price-changes/1/answer", token, `{"answer":"declined"}`, 200, []string{`"answer":"declined"`}},
		{"answer twice", "POST", "/clients/1/price-changes/1/answer", token, `{"answer":"accepted"}`, 409, nil},
	})
}

// The OpenAPI document describes every endpoint the server routes, and
// nothing it does not.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	b, err := assets.ReadFile("static/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	routed := map[string]bool{}
	for _, rt := range (&Server{}).apiTable() {
		key := strings.ToLower(rt.Method) + " " + rt.Path
		routed[key] = true
		if _, ok := doc.Paths[rt.Path][strings.ToLower(rt.Method)]; !ok {
			t.Errorf("openapi.json does not describe %s %s", rt.Method, rt.Path)
		}
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			if method == "parameters" {
				continue
			}
			if !routed[method+" "+path] {
				t.Errorf("openapi.json describes %s %s, which the server does not route", method, path)
			}
		}
	}
}

// The client's side through the API: the brief, a link, a letter, the
// client's log, mail brought in.
func TestAPIClientSide(t *testing.T) {
	outbox := t.TempDir()
	d := newAPIDesk(t, func(s *Server) { s.SetMailer(pmail.Outbox{Dir: outbox}, outbox) })
	token := d.token
	runAPI(t, d.api, []apiCall{
		{"deal", "POST", "/deals", token, `{"title":"Texts","client":{"name":"Mikko","language":"en"},"services":[{"service":"landing","quantity":"1"}]}`, 201, nil},
		{"brief", "POST", "/deals/1/brief", token, `{"answers":[{"question":"Who reads the page?","answer":"small shop owners"}]}`, 200, []string{`"answer":"small shop owners"`, "Who reads the page"}},
		{"brief, empty question", "POST", "/deals/1/brief", token, `{"answers":[{"question":" ","answer":"x"}]}`, 400, nil},
		{"link", "POST", "/deals/1/links", token, `{"days":10}`, 201, []string{`"url":"http`, "/p/cp_"}},
		{"link, a year and more", "POST", "/deals/1/links", token, `{"days":400}`, 400, nil},
		{"links", "GET", "/deals/1/links", token, "", 200, []string{`"id":1`, `"revoked_at":null`}},
		{"revoke", "POST", "/deals/1/links/1/revoke", token, "", 200, []string{`"revoked_at":"2026-`}},
		{"letter", "POST", "/deals/1/letters", token, `{"kind":"restatement","to":"mikko@example.com","body":"Let me check I understood correctly."}`, 201, []string{`"to":"mikko@example.com"`}},
		{"letter, no address", "POST", "/deals/1/letters", token, `{"kind":"restatement","to":"mikko","body":"x"}`, 400, nil},
		{"summary from notes", "POST", "/deals/1/letters", token, `{"kind":"summary","to":"mikko@example.com","notes":"five pages\nby Friday"}`, 201, nil},
		{"log", "GET", "/deals/1/events", token, "", 200, []string{`"items":[]`}},
		{"mail in", "POST", "/mail", token, "From: Liisa <liisa@example.fi>\r\nSubject: Logo\r\nMessage-ID: <x1@example.fi>\r\n\r\nWe need a logo, no rush.\r\n", 200, []string{`"lead_id":1`, `"verdict":"proceed"`}},
		{"mail in, not mail", "POST", "/mail", token, "just text", 400, []string{"without mail headers"}},
	})
	if files, _ := os.ReadDir(outbox); len(files) != 2 {
		t.Errorf("%d letters in the outbox, want 2", len(files))
	}
}
