package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/negotiate"
)

// The JSON API under /api/v1: every desk action, with a bearer token
// (made under Settings), JSON errors {"error":{"code","message"}}, and
// cursor pagination ({"items":[…],"next":"…"}). openapi.json describes it.

// apiAuth serves h to the holder of a valid API token.
func (s *Server) apiAuth(h func(http.ResponseWriter, *http.Request, *parley.User)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		secret, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="parley"`)
			apiError(w, s, r, parley.Errorf(parley.EUNAUTHORIZED, "send the API token as Authorization: Bearer TOKEN"))
			return
		}
		u, err := s.tokens.TokenUser(r.Context(), strings.TrimSpace(secret))
		if err != nil {
			if parley.ErrorCode(err) == parley.EUNAUTHORIZED {
				w.Header().Set("WWW-Authenticate", `Bearer realm="parley", error="invalid_token"`)
			}
			apiError(w, s, r, err)
			return
		}
		h(w, r, u)
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			s.views.changed(u.WorkspaceID)
		}
	})
}

func apiStatus(err error) int {
	if parley.ErrorCode(err) == parley.EUNAUTHORIZED {
		return http.StatusUnauthorized
	}
	return status(err)
}

func apiError(w http.ResponseWriter, s *Server, r *http.Request, err error) {
	code := apiStatus(err)
	if code == http.StatusInternalServerError {
		s.log.Error("api request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	writeJSON(w, code, map[string]any{"error": map[string]string{"code": parley.ErrorCode(err), "message": parley.ErrorMessage(err)}})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// readJSON decodes a request body of at most maxForm bytes, refusing
// unknown fields so that a misspelt one is not silently ignored.
func readJSON(w http.ResponseWriter, r *http.Request, v any) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return parley.Errorf(parley.EINVALID, "the request body is over %d bytes", maxForm)
		}
		if errors.Is(err, io.EOF) {
			return parley.Errorf(parley.EINVALID, "the request body is empty; send JSON")
		}
		return parley.Errorf(parley.EINVALID, "the request body is not the JSON this endpoint takes: %v", err)
	}
	return nil
}

// apiRoute is one endpoint of the API: the table is the one place routes
// are named, so that the OpenAPI document can be checked against it.
type apiRoute struct {
	Method, Path string
	Handle       func(http.ResponseWriter, *http.Request, *parley.User)
}

func (s *Server) apiTable() []apiRoute {
	return []apiRoute{
		{"GET", "/api/v1/leads", s.apiLeads},
		{"POST", "/api/v1/leads", s.apiCreateLeads},
		{"GET", "/api/v1/leads/{id}", s.apiLead},
		{"POST", "/api/v1/leads/{id}/status", s.apiLeadStatus},
		{"GET", "/api/v1/deals", s.apiDeals},
		{"POST", "/api/v1/deals", s.apiCreateDeal},
		{"GET", "/api/v1/deals/{id}", s.apiDeal},
		{"POST", "/api/v1/deals/{id}/messages", s.apiMessage},
		{"POST", "/api/v1/deals/{id}/accept", s.apiAccept},
		{"GET", "/api/v1/deals/{id}/agreements", s.apiAgreements},
		{"POST", "/api/v1/deals/{id}/agreements", s.apiRecordAgreement},
		{"POST", "/api/v1/deals/{id}/agreements/{version}/confirm", s.apiConfirmAgreement},
		{"GET", "/api/v1/deals/{id}/changes", s.apiChanges},
		{"POST", "/api/v1/deals/{id}/changes", s.apiAddChange},
		{"POST", "/api/v1/deals/{id}/changes/{change}/status", s.apiChangeStatus},
		{"GET", "/api/v1/deals/{id}/disputes", s.apiDisputes},
		{"POST", "/api/v1/deals/{id}/disputes", s.apiOpenDispute},
		{"POST", "/api/v1/deals/{id}/disputes/{dispute}", s.apiSettleDispute},
		{"GET", "/api/v1/deals/{id}/commitments", s.apiCommitments},
		{"POST", "/api/v1/deals/{id}/commitments", s.apiAddCommitment},
		{"POST", "/api/v1/commitments/{id}/done", s.apiCommitmentDone},
		{"GET", "/api/v1/deals/{id}/stages", s.apiStages},
		{"POST", "/api/v1/deals/{id}/stages", s.apiPlanStages},
		{"POST", "/api/v1/deals/{id}/stages/{n}/{event}", s.apiMarkStage},
		{"GET", "/api/v1/clients", s.apiClients},
		{"GET", "/api/v1/clients/{id}", s.apiClient},
		{"POST", "/api/v1/clients/{id}/price-changes", s.apiPriceChange},
		{"POST", "/api/v1/clients/{id}/price-changes/{change}/answer", s.apiAnswerPriceChange},
		{"POST", "/api/v1/clients/{id}/price-changes/{change}/send", s.apiSendNotice},
		{"POST", "/api/v1/deals/{id}/brief", s.apiSetBrief},
		{"POST", "/api/v1/deals/{id}/letters", s.apiSendLetter},
		{"GET", "/api/v1/deals/{id}/links", s.apiLinks},
		{"POST", "/api/v1/deals/{id}/links", s.apiCreateLink},
		{"POST", "/api/v1/deals/{id}/links/{link}/revoke", s.apiRevokeLink},
		{"GET", "/api/v1/deals/{id}/events", s.apiEvents},
		{"POST", "/api/v1/mail", s.apiImportMail},
	}
}

func (s *Server) apiRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		b, _ := assets.ReadFile("static/openapi.json")
		w.Header().Set("Content-Type", "application/json")
		w.Write(b)
	})
	for _, rt := range s.apiTable() {
		mux.Handle(rt.Method+" "+rt.Path, s.apiAuth(rt.Handle))
	}
	mux.Handle("/api/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		apiError(w, s, r, parley.Errorf(parley.ENOTFOUND, "no endpoint %s %s; see /api/v1/openapi.json", r.Method, r.URL.Path))
	}))
}

type leadJSON struct {
	ID        int64           `json:"id"`
	Status    string          `json:"status"`
	Source    string          `json:"source"`
	Inquiry   string          `json:"inquiry"`
	Language  string          `json:"language"`
	Verdict   string          `json:"verdict"`
	Score     int             `json:"score"`
	Screening json.RawMessage `json:"screening,omitempty"` // in single leads; lists leave it out
	CreatedAt time.Time       `json:"created_at"`
}

func toLeadJSON(l *parley.Lead) leadJSON {
	return leadJSON{l.ID, l.Status, l.Source, l.Inquiry, l.Language, l.Verdict, l.Score, json.RawMessage(l.Screening), l.CreatedAt}
}

func page(r *http.Request) parley.Page {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	return parley.Page{Limit: limit, After: r.URL.Query().Get("after")}
}

func (s *Server) apiLeads(w http.ResponseWriter, r *http.Request, u *parley.User) {
	ls, next, err := s.store.Leads(r.Context(), u.WorkspaceID, r.URL.Query().Get("status"), page(r))
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	items := make([]leadJSON, len(ls))
	for i, l := range ls {
		items[i] = toLeadJSON(l)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "next": next})
}

func (s *Server) apiCreateLeads(w http.ResponseWriter, r *http.Request, u *parley.User) {
	var body struct {
		Text   string   `json:"text"`
		Texts  []string `json:"texts"`
		Source string   `json:"source"`
	}
	if err := readJSON(w, r, &body); err != nil {
		apiError(w, s, r, err)
		return
	}
	texts := body.Texts
	if body.Text != "" {
		texts = append([]string{body.Text}, texts...)
	}
	if len(texts) == 0 || len(texts) > 50 {
		apiError(w, s, r, parley.Errorf(parley.EINVALID, "send the inquiry as \"text\", or 1 to 50 of them as \"texts\""))
		return
	}
	ls, err := s.screenInquiries(r.Context(), u, texts, strings.TrimSpace(body.Source), s.texts[defaultLang])
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	items := make([]leadJSON, len(ls))
	for i, l := range ls {
		items[i] = toLeadJSON(l)
	}
	writeJSON(w, http.StatusCreated, map[string]any{"items": items})
}

func pathID(r *http.Request, what string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, parley.Errorf(parley.ENOTFOUND, "no %s %q", what, r.PathValue("id"))
	}
	return id, nil
}

func (s *Server) apiLead(w http.ResponseWriter, r *http.Request, u *parley.User) {
	id, err := pathID(r, "lead")
	if err == nil {
		var l *parley.Lead
		if l, err = s.store.Lead(r.Context(), u.WorkspaceID, id); err == nil {
			writeJSON(w, http.StatusOK, toLeadJSON(l))
			return
		}
	}
	apiError(w, s, r, err)
}

func (s *Server) apiLeadStatus(w http.ResponseWriter, r *http.Request, u *parley.User) {
	var body struct {
		Status string `json:"status"`
	}
	id, err := pathID(r, "lead")
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		err = s.store.SetLeadStatus(r.Context(), u.WorkspaceID, id, body.Status)
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	s.apiLead(w, r, u)
}

type dealJSON struct {
	ID        int64           `json:"id"`
	LeadID    int64           `json:"lead_id,omitempty"`
	ClientID  int64           `json:"client_id,omitempty"`
	Title     string          `json:"title"`
	Status    string          `json:"status"`
	Price     string          `json:"price"`
	Currency  string          `json:"currency"`
	WhoseMove string          `json:"whose_move"`
	Deal      json.RawMessage `json:"deal"` // the deal file's JSON
	UpdatedAt time.Time       `json:"updated_at"`
}

func (s *Server) toDealJSON(rec *parley.DealRecord) dealJSON {
	out := dealJSON{ID: rec.ID, LeadID: rec.LeadID, ClientID: rec.ClientID, Title: rec.Title, Status: rec.Status, Deal: json.RawMessage(rec.Data), UpdatedAt: rec.UpdatedAt}
	var d negotiate.Deal
	if json.Unmarshal(rec.Data, &d) == nil && d.Check() == nil {
		c := d.Current()
		out.Price, out.Currency = c.Total.String(), c.Total.Currency.Code
		out.WhoseMove, _, _ = d.WhoseMove(s.now())
	}
	return out
}

func (s *Server) apiDeals(w http.ResponseWriter, r *http.Request, u *parley.User) {
	ds, next, err := s.store.Deals(r.Context(), u.WorkspaceID, page(r))
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	items := make([]dealJSON, len(ds))
	for i, d := range ds {
		items[i] = s.toDealJSON(d)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "next": next})
}

func (s *Server) apiCreateDeal(w http.ResponseWriter, r *http.Request, u *parley.User) {
	var body struct {
		LeadID int64  `json:"lead_id"`
		Title  string `json:"title"`
		Client struct {
			Name     string `json:"name"`
			Language string `json:"language"`
			Kind     string `json:"kind"`
		} `json:"client"`
		Services []struct {
			Service  string `json:"service"`
			Quantity string `json:"quantity"`
		} `json:"services"`
		Stages int  `json:"stages"`
		NDA    bool `json:"nda"`
	}
	if err := readJSON(w, r, &body); err != nil {
		apiError(w, s, r, err)
		return
	}
	f := dealForm{Lead: body.LeadID, Title: body.Title, Client: body.Client.Name, Language: body.Client.Language, Kind: body.Client.Kind, NDA: body.NDA}
	if body.Stages != 0 {
		f.Stages = strconv.Itoa(body.Stages)
	}
	for _, sv := range body.Services {
		f.Services, f.Quantities = append(f.Services, sv.Service), append(f.Quantities, sv.Quantity)
	}
	rec, err := s.openDeal(r, u, f, s.texts[defaultLang])
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, s.toDealJSON(rec))
}

func (s *Server) apiDeal(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, _, err := s.loadDeal(r, u)
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.toDealJSON(rec))
}

func (s *Server) apiMessage(w http.ResponseWriter, r *http.Request, u *parley.User) {
	var body struct {
		Text string `json:"text"`
	}
	rec, d, err := s.loadDeal(r, u)
	if err == nil {
		err = readJSON(w, r, &body)
	}
	var an *negotiate.Analysis
	if err == nil {
		an, err = s.readMessage(r.Context(), u, rec, d, body.Text, s.text(r))
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	writeJSON(w, http.StatusOK, an.View(d))
}

func (s *Server) apiAccept(w http.ResponseWriter, r *http.Request, u *parley.User) {
	var body struct {
		Move string `json:"move"`
	}
	rec, d, err := s.loadDeal(r, u)
	if err == nil {
		err = readJSON(w, r, &body)
	}
	if err == nil {
		err = s.acceptOne(r, u, rec, d, body.Move)
	}
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	rec, _, err = s.loadDeal(r, u)
	if err != nil {
		apiError(w, s, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s.toDealJSON(rec))
}
