package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parley-desk/parley"
	pmail "github.com/parley-desk/parley/mail"
	"github.com/parley-desk/parley/money"
	"github.com/parley-desk/parley/negotiate"
)

// SetMailer sets how letters leave the desk: an SMTP server when one is
// configured, else the outbox folder, whose .eml files any mail program
// sends (the embedded default). where names the server or the folder, for
// the deal page.
func (s *Server) SetMailer(m pmail.Sender, where string) { s.mailer, s.mailWhere = m, where }

// mailRoute says in the user's language where letters go.
func (s *Server) mailRoute(t Text) string {
	if _, ok := s.mailer.(pmail.SMTP); ok {
		return t.F("mail_via_smtp", s.mailWhere)
	}
	return t.F("mail_via_outbox", s.mailWhere)
}

// letterKinds are the letters a deal page sends, each with its draft.
var letterKinds = []string{pmail.KindProposal, pmail.KindReply, pmail.KindRestatement, pmail.KindSummary, pmail.KindFollowup, pmail.KindReminder, pmail.KindAgreement}

// sendLetter sends one letter of a deal to the client, in their language,
// with a fresh link to their page; the letter joins the conversation (C2:
// everything in writing) and the mail log, so that the client's reply
// finds the deal.
func (s *Server) sendLetter(r *http.Request, u *parley.User, rec *parley.DealRecord, d *negotiate.Deal, kind, to, body string) (*pmail.Message, error) {
	t := s.text(r)
	if s.mailer == nil {
		return nil, parley.Errorf(parley.ECONFLICT, "%s", t.F("err_no_mailer"))
	}
	if !slices.Contains(letterKinds, kind) {
		return nil, parley.Errorf(parley.EINVALID, "%s", t.F("err_letter_kind", kind))
	}
	addr, err := mail.ParseAddress(strings.TrimSpace(to))
	if err != nil {
		return nil, parley.Errorf(parley.EINVALID, "%s", t.F("err_client_email", to))
	}
	body = strings.TrimSpace(body)
	if body == "" {
		return nil, parley.Errorf(parley.EINVALID, "%s", t.F("err_letter_empty"))
	}
	_, secret, err := s.store.CreatePortalLink(r.Context(), u.WorkspaceID, rec.ID, s.now().Add(linkDays*24*time.Hour))
	if err != nil {
		return nil, err
	}
	letter := pmail.Letter{From: pmail.Address{Name: u.Name, Email: u.Email}, To: pmail.Address{Name: d.Client.Name, Email: addr.Address},
		DealTitle: rec.Title, Body: body, PortalURL: s.portalBase(r) + "/p/" + secret, Signature: u.Name}
	if prev, err := s.store.LatestDealMail(r.Context(), u.WorkspaceID, addr.Address); err == nil && prev.DealID == rec.ID {
		letter.InReplyTo, letter.References = prev.MessageID, []string{prev.MessageID}
	}
	msg, err := pmail.Compose(d.Client.Language, kind, letter)
	if err != nil {
		return nil, err
	}
	if err := s.mailer.Send(r.Context(), msg); err != nil {
		return nil, err
	}
	if err := s.store.RecordMail(r.Context(), &parley.MailRecord{WorkspaceID: u.WorkspaceID, DealID: rec.ID, Direction: "out", MessageID: msg.MessageID,
		Kind: kind, Address: addr.Address, Subject: msg.Subject, At: s.now()}); err != nil {
		return nil, err
	}
	d.Client.Email = addr.Address
	last := len(d.History) - 1
	if !(kind == pmail.KindReply && last >= 0 && d.History[last].From == "me" && d.History[last].Text == body) {
		d.History = append(d.History, negotiate.Message{From: "me", At: s.now(), Text: body, Kind: kind, Language: d.Client.Language})
	}
	return msg, s.storeDeal(r.Context(), u, rec, d)
}

func (s *Server) postLetter(w http.ResponseWriter, r *http.Request, u *parley.User) {
	rec, d, err := s.loadDeal(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	kind, body := r.PostFormValue("kind"), r.PostFormValue("body")
	if kind == pmail.KindSummary && strings.TrimSpace(body) == "" {
		// The call notes become the summary to confirm (C2).
		dr, err := s.advisor.CallSummary(d, r.PostFormValue("notes"), s.now())
		if err != nil {
			s.dealError(w, r, u, err)
			return
		}
		body = dr.Text
	}
	if _, err := s.sendLetter(r, u, rec, d, kind, r.PostFormValue("to"), body); err != nil {
		s.dealError(w, r, u, err)
		return
	}
	s.sessions.Put(r.Context(), "flash", s.text(r).F("letter_sent", s.text(r).Enum("letter", kind), s.mailRoute(s.text(r))))
	http.Redirect(w, r, dealURL(rec.ID, "send-heading"), http.StatusSeeOther)
}

// letterDrafts are the texts the deal page offers to send, by kind.
func (s *Server) letterDrafts(r *http.Request, u *parley.User, rec *parley.DealRecord, d *negotiate.Deal) map[string]string {
	out := map[string]string{}
	if pr, err := s.store.LatestProposal(r.Context(), u.WorkspaceID, rec.ID); err == nil {
		if doc, _, err := storedProposal(pr); err == nil {
			out[pmail.KindProposal] = doc.Text()
		}
	}
	for i := len(d.History) - 1; i >= 0; i-- {
		if m := d.History[i]; m.From == "me" && m.Kind == "reply" {
			out[pmail.KindReply] = m.Text
			break
		} else if m.From == "client" {
			break
		}
	}
	if dr, err := s.advisor.Restatement(d); err == nil {
		out[pmail.KindRestatement] = dr.Text
	}
	if dr, err := s.advisor.FollowUp(d, s.now()); err == nil {
		out[pmail.KindFollowup] = dr.Text
	}
	if log, err := s.store.Agreements(r.Context(), u.WorkspaceID, rec.ID); err == nil && len(log) > 0 {
		if last := log[len(log)-1]; last.Confirmed.IsZero() {
			var snap negotiate.Snapshot
			if json.Unmarshal(last.Terms, &snap) == nil {
				if dr, err := s.advisor.AgreementLetter(d, last.Version, snap); err == nil {
					out[pmail.KindAgreement] = dr.Text
				}
			}
		}
	}
	if stages, err := s.store.Stages(r.Context(), u.WorkspaceID, rec.ID); err == nil {
		for _, st := range stages {
			if !st.Paid.IsZero() {
				continue
			}
			cur, err1 := money.Lookup(st.Currency)
			due, err2 := time.Parse(time.DateOnly, st.Due)
			if err1 != nil || err2 != nil {
				break
			}
			amount, _ := money.Parse(st.Amount, cur)
			if dr, err := s.advisor.StageReminder(d, st.Number, amount, due); err == nil {
				out[pmail.KindReminder] = dr.Text
			}
			break
		}
	}
	return out
}

// sendNotice e-mails a planned price change's letter to the client (M8).
func (s *Server) sendNotice(w http.ResponseWriter, r *http.Request, u *parley.User) {
	c, err := s.loadClient(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t := s.text(r)
	if err := s.mailNotice(r.Context(), u, c, r.PathValue("change"), t); err != nil {
		if code := parley.ErrorCode(err); code == parley.EINVALID || code == parley.ECONFLICT {
			s.clientPage(w, r, u, status(err), c, priceForm{}, parley.ErrorMessage(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	s.sessions.Put(r.Context(), "flash", t.F("letter_sent", t.F("letter_notice"), s.mailRoute(t)))
	http.Redirect(w, r, "/clients/"+strconv.FormatInt(c.ID, 10)+"#price-heading", http.StatusSeeOther)
}

// mailNotice sends the letter of one of the client's price changes.
func (s *Server) mailNotice(ctx context.Context, u *parley.User, c *parley.Client, change string, t Text) error {
	changes, err := s.store.PriceChanges(ctx, u.WorkspaceID, c.ID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(changes, func(p *parley.PriceChange) bool { return strconv.FormatInt(p.ID, 10) == change })
	switch {
	case i < 0:
		return parley.Errorf(parley.ENOTFOUND, "client %d has no price change %q", c.ID, change)
	case s.mailer == nil:
		return parley.Errorf(parley.ECONFLICT, "%s", t.F("err_no_mailer"))
	case c.Email == "":
		return parley.Errorf(parley.EINVALID, "%s", t.F("err_client_email", ""))
	}
	msg, err := pmail.Compose(c.Language, pmail.KindNotice, pmail.Letter{From: pmail.Address{Name: u.Name, Email: u.Email},
		To: pmail.Address{Name: c.Name, Email: c.Email}, Body: changes[i].Letter, Signature: u.Name})
	if err != nil {
		return err
	}
	if err := s.mailer.Send(ctx, msg); err != nil {
		return err
	}
	return s.store.RecordMail(ctx, &parley.MailRecord{WorkspaceID: u.WorkspaceID, Direction: "out", MessageID: msg.MessageID, Kind: pmail.KindNotice,
		Address: c.Email, Subject: msg.Subject, At: s.now()})
}
