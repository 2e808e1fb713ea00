package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/money"
	"github.com/parley-desk/parley/negotiate"
	"github.com/parley-desk/parley/pricing"
)

func (s *Server) deals(w http.ResponseWriter, r *http.Request, u *parley.User) {
	ds, next, err := s.store.Deals(r.Context(), u.WorkspaceID, parley.Page{Limit: 50, After: r.URL.Query().Get("after")})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	type row struct {
		*parley.DealRecord
		Total, Whose string
	}
	var rows []row
	t := s.text(r)
	for _, d := range ds {
		var nd negotiate.Deal
		rw := row{DealRecord: d}
		if json.Unmarshal(d.Data, &nd) == nil && nd.Check() == nil {
			c := nd.Current()
			rw.Total = c.Total.String() + " " + c.Total.Currency.Code
			who, _, waited := nd.WhoseMove(s.now())
			rw.Whose = whoseText(t, who, waited)
		}
		rows = append(rows, rw)
	}
	s.render(w, r, http.StatusOK, "deals", map[string]any{"User": u, "Deals": rows, "Next": next})
}

// whoseText says whose move it is and for how long (P7).
func whoseText(t Text, who string, waited time.Duration) string {
	if who == "me" {
		if waited <= 0 {
			return t.F("whose_mine")
		}
		return t.F("whose_mine_waited", waitFor(t, waited))
	}
	return t.F("whose_client", waitFor(t, waited))
}

// waitFor writes a wait in days, hours or minutes, with the plural form
// of the language.
func waitFor(t Text, d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return t.N("unit_days", int(d.Hours()/24))
	case d >= 2*time.Hour:
		return t.N("unit_hours", int(d.Hours()))
	}
	return t.N("unit_minutes", int(d.Minutes()))
}

// dealForm is what the new-deal form holds, to show it again after an error.
type dealForm struct {
	Lead                          int64
	Title, Client, Language, Kind string
	Email                         string // the client's address, for letters
	Services                      []string
	Quantities                    []string
	Stages                        string
	NDA                           bool
	Task                          string // our understanding of the task, for the proposal (B2)
	Offered                       []pricing.Service
}

func (s *Server) newDealPage(w http.ResponseWriter, r *http.Request, u *parley.User) {
	f := dealForm{Language: "en", Services: []string{"", "", ""}, Quantities: []string{"1", "", ""}}
	if id, err := strconv.ParseInt(r.URL.Query().Get("lead"), 10, 64); err == nil {
		l, err := s.store.Lead(r.Context(), u.WorkspaceID, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		f.Lead, f.Language, f.Title = l.ID, l.Language, snippet(l.Inquiry, 60)
		if l.ClientID != 0 {
			if c, err := s.store.Client(r.Context(), u.WorkspaceID, l.ClientID); err == nil {
				f.Client, f.Email, f.Kind = c.Name, c.Email, c.Kind
			}
		}
	}
	s.dealFormPage(w, r, u, http.StatusOK, f, "")
}

func (s *Server) dealFormPage(w http.ResponseWriter, r *http.Request, u *parley.User, code int, f dealForm, msg string) {
	p, err := s.policy(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.Offered = p.Services
	for len(f.Services) < 3 {
		f.Services = append(f.Services, "")
	}
	for len(f.Quantities) < len(f.Services) {
		f.Quantities = append(f.Quantities, "")
	}
	f.Services = f.Services[:min(len(f.Services), 20)]
	f.Quantities = f.Quantities[:len(f.Services)]
	s.render(w, r, code, "deal_new", map[string]any{"User": u, "Form": f, "Error": msg})
}

// createDeal prices the request with the workspace's policy and opens the
// deal; a lead it came from is marked converted.
func (s *Server) createDeal(w http.ResponseWriter, r *http.Request, u *parley.User) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, parley.Errorf(parley.EINVALID, "%s", s.text(r).F("err_form_unreadable")))
		return
	}
	f := dealForm{Title: r.PostFormValue("title"), Client: r.PostFormValue("client"), Email: strings.TrimSpace(r.PostFormValue("email")), Language: r.PostFormValue("language"),
		Kind: r.PostFormValue("kind"), Services: r.PostForm["service"], Quantities: r.PostForm["quantity"],
		Stages: r.PostFormValue("stages"), NDA: r.PostFormValue("nda") == "on", Task: r.PostFormValue("task")}
	f.Lead, _ = strconv.ParseInt(r.PostFormValue("lead"), 10, 64)
	rec, err := s.openDeal(r, u, f, s.text(r))
	if err != nil {
		if parley.ErrorCode(err) == parley.EINVALID {
			s.dealFormPage(w, r, u, http.StatusBadRequest, f, parley.ErrorMessage(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/deals/"+strconv.FormatInt(rec.ID, 10), http.StatusSeeOther)
}

// openDeal prices a deal request with the workspace's policy and stores
// the deal; a lead it came from is marked converted. Its own errors are
// written in the language of t.
func (s *Server) openDeal(r *http.Request, u *parley.User, f dealForm, t Text) (*parley.DealRecord, error) {
	p, err := s.policyIn(r.Context(), u, t)
	if err != nil {
		return nil, err
	}
	now := s.now()
	req := pricing.Request{Today: pricing.Day(now), NDA: f.NDA, ClientKind: f.Kind, Options: true}
	for i, id := range f.Services {
		if id == "" {
			continue
		}
		q := "1"
		if i < len(f.Quantities) && strings.TrimSpace(f.Quantities[i]) != "" {
			q = f.Quantities[i]
		}
		qty, err := money.ParseFixed(q, 3)
		if err != nil {
			return nil, parley.Errorf(parley.EINVALID, "%s", t.F("err_quantity", id, err))
		}
		req.Lines = append(req.Lines, pricing.LineRequest{Service: id, Quantity: qty})
	}
	if f.Stages != "" {
		if req.Stages, err = strconv.Atoi(f.Stages); err != nil {
			return nil, parley.Errorf(parley.EINVALID, "%s", t.F("err_stages"))
		}
	}
	q, err := pricing.Compute(p, req)
	if err != nil {
		var rf *pricing.Refusal
		if key, ok := quoteRefusals[refusalCode(err, &rf)]; ok { // the quote's refusal, in the user's language
			args := make([]any, len(rf.Args))
			for i, a := range rf.Args {
				args[i] = a
			}
			return nil, parley.Errorf(parley.EINVALID, "%s", t.F(key, args...))
		}
		return nil, err
	}
	d, err := negotiate.NewDeal(p, q, negotiate.Client{Name: strings.TrimSpace(f.Client), Kind: f.Kind, Language: f.Language, Email: f.Email}, "", now)
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(d)
	if err != nil {
		return nil, parley.Errorf(parley.EINTERNAL, "deal: %w", err)
	}
	title := strings.TrimSpace(f.Title)
	if title == "" {
		title = d.Terms.Lines[0].Name
	}
	client, err := s.clientFor(r, u, f.Lead, f.Client, f.Kind, f.Language, f.Email)
	if err != nil {
		return nil, err
	}
	rec := &parley.DealRecord{WorkspaceID: u.WorkspaceID, LeadID: f.Lead, ClientID: client, Title: title, Data: data}
	if err := s.store.CreateDeal(r.Context(), rec); err != nil {
		return nil, err
	}
	if _, err := s.makeProposal(r, u, rec, p, q, d.Client.Name, d.Client.Language, f.Task); err != nil {
		return nil, err
	}
	if f.Lead != 0 {
		if err := s.store.SetLeadStatus(r.Context(), u.WorkspaceID, f.Lead, parley.LeadConverted); err != nil {
			return nil, err
		}
	}
	return rec, nil
}

// loadDeal reads a deal of the workspace and its negotiation state.
func (s *Server) loadDeal(r *http.Request, u *parley.User) (*parley.DealRecord, *negotiate.Deal, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, nil, parley.Errorf(parley.ENOTFOUND, "%s", s.text(r).F("err_no_deal", r.PathValue("id")))
	}
	rec, err := s.store.Deal(r.Context(), u.WorkspaceID, id)
	if err != nil {
		return nil, nil, err
	}
	d, err := decodeDeal(rec)
	if err != nil {
		return nil, nil, err
	}
	return rec, d, nil
}

// decodeDeal reads a stored deal's negotiation state.
func decodeDeal(rec *parley.DealRecord) (*negotiate.Deal, error) {
	var d negotiate.Deal
	if err := json.Unmarshal(rec.Data, &d); err != nil {
		return nil, parley.Errorf(parley.EINTERNAL, "deal %d: stored state: %w", rec.ID, err)
	}
	return &d, nil
}

func (s *Server) deal(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, d, err := s.loadDeal(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.dealPage(w, r, u, http.StatusOK, rec, d, "")
}

func (s *Server) dealPage(w http.ResponseWriter, r *http.Request, u *parley.User, code int, rec *parley.DealRecord, d *negotiate.Deal, msg string) {
	p, err := s.policy(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c := d.Current()
	who, _, waited := d.WhoseMove(s.now())
	stages, err := s.store.Stages(r.Context(), u.WorkspaceID, rec.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	log, err := s.store.Agreements(r.Context(), u.WorkspaceID, rec.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	versions, changed := s.agreementViews(r, d, log)
	changes, err := s.store.Changes(r.Context(), u.WorkspaceID, rec.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	disputes, err := s.store.Disputes(r.Context(), u.WorkspaceID, rec.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	promises, err := s.store.DealCommitments(r.Context(), u.WorkspaceID, rec.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pr, err := s.store.LatestProposal(r.Context(), u.WorkspaceID, rec.ID)
	if err != nil && parley.ErrorCode(err) != parley.ENOTFOUND {
		s.fail(w, r, err)
		return
	}
	links, err := s.store.PortalLinks(r.Context(), u.WorkspaceID, rec.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	events, err := s.store.PortalEvents(r.Context(), u.WorkspaceID, rec.ID, 20)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var open *parley.Dispute
	if n := len(disputes); n > 0 && disputes[n-1].Closed.IsZero() {
		open, disputes = disputes[n-1], disputes[:n-1]
	}
	s.render(w, r, code, "deal", map[string]any{"Stages": s.stageViews(r, stages), "User": u, "Rec": rec, "Deal": d, "Current": c,
		"Whose": whoseText(s.text(r), who, waited), "Warnings": d.LedgerWarnings(p.Firm), "Error": msg,
		"Versions": versions, "TermsChanged": changed, "Changes": changes, "RoundsLeft": max(c.Revisions-roundsUsed(d, changes), 0),
		"Dispute": open, "Closed": disputes, "Promises": promises,
		"Brief": s.briefOf(r, u, d), "Proposal": s.proposalView(pr), "Links": s.linkViews(r, links), "NewLink": s.sessions.PopString(r.Context(), "new_link"),
		"Letters": s.letterDrafts(r, u, rec, d), "Flash": s.sessions.PopString(r.Context(), "flash"), "Mailer": s.mailerRoute(r), "Events": events})
}

// readMessage reads the client's new message into the deal: asks, ranked
// moves and the reply draft are kept with it until a move is accepted.
func (s *Server) readMessage(ctx context.Context, u *parley.User, rec *parley.DealRecord, d *negotiate.Deal, text string, t Text) (*negotiate.Analysis, error) {
	p, err := s.policyIn(ctx, u, t)
	if err != nil {
		return nil, err
	}
	now := s.now()
	an, err := s.advisor.Analyze(d, p, text, now)
	if err != nil {
		return nil, err
	}
	var asks []string
	for _, a := range an.Asks {
		asks = append(asks, a.Code)
	}
	d.History = append(d.History, negotiate.Message{From: "client", At: now, Text: text, Kind: "message", Language: an.Language, Asks: asks})
	d.Pending, d.PendingReply = an.Moves, an.Reply
	return an, s.storeDeal(ctx, u, rec, d)
}

// acceptOne records the chosen move in the ledger; the reply draft goes
// out with the first move accepted. A refused move changes nothing.
func (s *Server) acceptOne(r *http.Request, u *parley.User, rec *parley.DealRecord, d *negotiate.Deal, move string) error {
	now := s.now()
	reply := d.PendingReply
	if err := negotiate.Accept(d, move, now); err != nil {
		return err
	}
	if reply != "" {
		d.History = append(d.History, negotiate.Message{From: "me", At: now, Text: reply, Kind: "reply", Language: d.Client.Language})
		d.PendingReply = ""
	}
	return s.storeDeal(r.Context(), u, rec, d)
}

func (s *Server) storeDeal(ctx context.Context, u *parley.User, rec *parley.DealRecord, d *negotiate.Deal) error {
	data, err := json.Marshal(d)
	if err != nil {
		return parley.Errorf(parley.EINTERNAL, "deal %d: %w", rec.ID, err)
	}
	rec.Data = data
	setTurn(rec, d, s.now())
	return s.store.UpdateDeal(ctx, rec)
}

// setTurn keeps whose move a deal waits on beside its state, for the
// dashboard (P7, B3).
func setTurn(rec *parley.DealRecord, d *negotiate.Deal, now time.Time) {
	rec.WhoseMove, rec.WaitingSince, rec.FollowedUp = "", time.Time{}, false
	if len(d.History) == 0 {
		return
	}
	rec.WhoseMove, rec.WaitingSince, _ = d.WhoseMove(now)
	rec.FollowedUp = followedUp(d)
}

func (s *Server) clientMessage(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, d, err := s.loadDeal(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if _, err := s.readMessage(r.Context(), u, rec, d, strings.TrimSpace(r.PostFormValue("message")), s.text(r)); err != nil {
		s.dealError(w, r, u, err)
		return
	}
	http.Redirect(w, r, "/deals/"+strconv.FormatInt(rec.ID, 10), http.StatusSeeOther)
}

func (s *Server) acceptMove(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, d, err := s.loadDeal(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := s.acceptOne(r, u, rec, d, r.PostFormValue("move")); err != nil {
		s.dealError(w, r, u, err)
		return
	}
	http.Redirect(w, r, "/deals/"+strconv.FormatInt(rec.ID, 10), http.StatusSeeOther)
}

// dealError shows the deal as stored (nothing changed) with the message of
// a refused or conflicting request, or the error page for anything else.
func (s *Server) dealError(w http.ResponseWriter, r *http.Request, u *parley.User, err error) {
	if code := parley.ErrorCode(err); code != parley.EINVALID && code != parley.ECONFLICT {
		s.fail(w, r, err)
		return
	}
	rec, fresh, lerr := s.loadDeal(r, u)
	if lerr != nil {
		s.fail(w, r, lerr)
		return
	}
	s.dealPage(w, r, u, status(err), rec, fresh, parley.ErrorMessage(err))
}

// mailerRoute is where letters go, or "" when e-mail is not set up.
func (s *Server) mailerRoute(r *http.Request) string {
	if s.mailer == nil {
		return ""
	}
	return s.mailRoute(s.text(r))
}

// quoteRefusals word the quote's refusals a desk user can meet.
var quoteRefusals = map[string]string{
	"quantity":     "quote_quantity",
	"quantity_max": "quote_quantity_max",
	"stages_range": "quote_stages_range",
	"stages_from":  "quote_stages_from",
}

// refusalCode is the code of the pricing refusal in err, or "".
func refusalCode(err error, rf **pricing.Refusal) string {
	if errors.As(err, rf) {
		return (*rf).Code
	}
	return ""
}
