package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/parley-desk/parley"
	pmail "github.com/parley-desk/parley/mail"
	"github.com/parley-desk/parley/screen"
)

// MailResult is what became of one imported message.
type MailResult struct {
	Subject, From string
	LeadID        int64  // a new lead, screened
	DealID        int64  // a client message on this deal
	Verdict       string // the lead's screening verdict
	Skipped       string // why nothing was done (already imported)
	Err           error
}

// ImportMail turns e-mail into the desk's records, each message on its
// own: a reply to a letter the desk sent (In-Reply-To or References), or
// a message from the address of a client in a deal, lands in that deal as
// the client's message, read for asks; any other message is a new lead,
// screened, with its sender as the client. A message already imported is
// skipped, so importing a mailbox twice is harmless. Errors are per
// message; the rest still import.
func (s *Server) ImportMail(ctx context.Context, u *parley.User, msgs []pmail.Incoming, t Text) []MailResult {
	out := make([]MailResult, len(msgs))
	for i, m := range msgs {
		out[i] = s.importOne(ctx, u, m, t)
	}
	return out
}

func (s *Server) importOne(ctx context.Context, u *parley.User, m pmail.Incoming, t Text) MailResult {
	res := MailResult{Subject: m.Subject, From: m.From.Email}
	if m.MessageID != "" {
		if _, err := s.store.MailByMessageID(ctx, u.WorkspaceID, m.MessageID); err == nil {
			res.Skipped = "already imported"
			return res
		} else if parley.ErrorCode(err) != parley.ENOTFOUND {
			res.Err = err
			return res
		}
	}
	text := strings.TrimSpace(m.Text)
	if text == "" {
		text = strings.TrimSpace(m.Subject)
	}
	if text == "" {
		res.Err = parley.Errorf(parley.EINVALID, "the message has neither text nor subject")
		return res
	}
	if deal := s.dealOfMail(ctx, u, m); deal != 0 {
		rec, err := s.store.Deal(ctx, u.WorkspaceID, deal)
		if err != nil {
			res.Err = err
			return res
		}
		d, err := decodeDeal(rec)
		if err != nil {
			res.Err = err
			return res
		}
		if _, err := s.readMessage(ctx, u, rec, d, text, t); err != nil {
			res.Err = err
			return res
		}
		res.DealID = rec.ID
		res.Err = s.recordIncoming(ctx, u, m, rec.ID, 0, "message")
		return res
	}
	inquiry := text
	if subj := strings.TrimSpace(m.Subject); subj != "" && !strings.Contains(text, subj) {
		inquiry = subj + "\n\n" + text
	}
	sr, err := s.screener.Screen(inquiry, screen.Options{Explain: t.Lang(), Today: s.now()})
	if err != nil {
		res.Err = err
		return res
	}
	client, err := s.clientOfMail(ctx, u, m, sr.Language)
	if err != nil {
		res.Err = err
		return res
	}
	b, _ := json.Marshal(sr)
	l := &parley.Lead{WorkspaceID: u.WorkspaceID, ClientID: client, Source: "email", Inquiry: inquiry, Language: sr.Language, Verdict: sr.Verdict, Score: sr.Score, Screening: b}
	if err := s.store.CreateLead(ctx, l); err != nil {
		res.Err = err
		return res
	}
	res.LeadID, res.Verdict = l.ID, l.Verdict
	res.Err = s.recordIncoming(ctx, u, m, 0, l.ID, "inquiry")
	return res
}

// dealOfMail finds the deal a message belongs to: by the thread first,
// then by the sender's address.
func (s *Server) dealOfMail(ctx context.Context, u *parley.User, m pmail.Incoming) int64 {
	for _, id := range append([]string{m.InReplyTo}, m.References...) {
		if id == "" {
			continue
		}
		if rec, err := s.store.MailByMessageID(ctx, u.WorkspaceID, id); err == nil && rec.DealID != 0 {
			return rec.DealID
		}
	}
	if m.From.Email != "" {
		if rec, err := s.store.LatestDealMail(ctx, u.WorkspaceID, m.From.Email); err == nil {
			return rec.DealID
		}
	}
	return 0
}

// clientOfMail is the client a new inquiry comes from: known by name, or
// new, with the address and the language of the inquiry.
func (s *Server) clientOfMail(ctx context.Context, u *parley.User, m pmail.Incoming, lang string) (int64, error) {
	name := strings.TrimSpace(m.From.Name)
	if name == "" {
		name = m.From.Email
	}
	if name == "" {
		return 0, nil
	}
	if c, err := s.store.ClientNamed(ctx, u.WorkspaceID, name); err == nil {
		return c.ID, nil
	} else if parley.ErrorCode(err) != parley.ENOTFOUND {
		return 0, err
	}
	if lang != "en" && lang != "fi" && lang != "ru" {
		lang = "en"
	}
	c := &parley.Client{WorkspaceID: u.WorkspaceID, Name: name, Email: m.From.Email, Language: lang, Source: "email"}
	if err := s.store.CreateClient(ctx, c); err != nil {
		return 0, err
	}
	return c.ID, nil
}

func (s *Server) recordIncoming(ctx context.Context, u *parley.User, m pmail.Incoming, deal, lead int64, kind string) error {
	id := m.MessageID
	if id == "" {
		id = fmt.Sprintf("imported-%d-%s", s.now().UnixNano(), m.From.Email)
	}
	at := m.Date
	if at.IsZero() {
		at = s.now()
	}
	return s.store.RecordMail(ctx, &parley.MailRecord{WorkspaceID: u.WorkspaceID, DealID: deal, LeadID: lead, Direction: "in", MessageID: id, Kind: kind,
		Address: m.From.Email, Subject: m.Subject, At: at})
}

// maxUpload bounds a mail upload in the desk.
const maxUpload = 20 << 20

func (s *Server) importPage(w http.ResponseWriter, r *http.Request, u *parley.User) {
	s.render(w, r, http.StatusOK, "import", map[string]any{"User": u})
}

// uploadMail imports an uploaded .eml or .mbox file; each message gets its
// line in the report, the bad ones with their reason.
func (s *Server) uploadMail(w http.ResponseWriter, r *http.Request, u *parley.User) {
	t := s.text(r)
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload+1<<20)
	file, head, err := r.FormFile("mail")
	if err != nil {
		s.render(w, r, http.StatusBadRequest, "import", map[string]any{"User": u, "Error": t.F("err_upload", maxUpload>>20)})
		return
	}
	defer file.Close()
	msgs, errs := pmail.Read(head.Filename, file)
	results := s.ImportMail(r.Context(), u, msgs, t)
	code := http.StatusOK
	if len(msgs) == 0 {
		code = http.StatusBadRequest
	}
	var problems []string
	for _, e := range errs {
		problems = append(problems, e.Error())
	}
	for _, res := range results {
		if res.Err != nil {
			problems = append(problems, res.Subject+": "+parley.ErrorMessage(res.Err))
		}
	}
	s.render(w, r, code, "import", map[string]any{"User": u, "Results": results, "Problems": problems})
}
