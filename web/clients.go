package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/money"
	"github.com/parley-desk/parley/negotiate"
	"github.com/parley-desk/parley/pricing"
)

func (s *Server) clients(w http.ResponseWriter, r *http.Request, u *parley.User) {
	cs, next, err := s.store.Clients(r.Context(), u.WorkspaceID, parley.Page{Limit: 50, After: r.URL.Query().Get("after")})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "clients", map[string]any{"User": u, "Clients": cs, "Next": next})
}

// clientSummary is what the freelancer knows of a client's account: the
// money received (paid stages less refunds), the discounts given and the
// concessions balance across their deals (P4).
type clientSummary struct {
	Deals       []clientDeal
	Received    []string // per currency
	Refunded    []string
	Discounts   []string
	Concessions int // concessions given
	Unmatched   int // of those, with nothing received (P4)
	Rates       []rateView
	Changes     []*parley.PriceChange
}

type clientDeal struct {
	ID                int64
	Title, Total, Who string
	Status            string
}

type rateView struct {
	Service, Agreed, Card string
	Behind                bool
}

// sums keeps amounts per currency, exactly.
type sums map[string]money.Money

func (s sums) add(m money.Money) {
	if prev, ok := s[m.Currency.Code]; ok {
		m, _ = prev.Add(m)
	}
	s[m.Currency.Code] = m
}

func (s sums) lines() []string {
	var out []string
	for code, m := range s {
		out = append(out, m.String()+" "+code)
	}
	slices.Sort(out)
	return out
}

func (s *Server) summarise(r *http.Request, u *parley.User, c *parley.Client) (clientSummary, error) {
	ctx, ws := r.Context(), u.WorkspaceID
	var sum clientSummary
	deals, _, err := s.store.ClientDeals(ctx, ws, c.ID, parley.Page{Limit: parley.MaxPageSize})
	if err != nil {
		return sum, err
	}
	t := s.text(r)
	discounts, received, refunded := sums{}, sums{}, sums{}
	for _, rec := range deals {
		row := clientDeal{ID: rec.ID, Title: rec.Title, Status: t.Enum("deal_status", rec.Status)}
		var d negotiate.Deal
		if json.Unmarshal(rec.Data, &d) == nil && d.Check() == nil {
			cur := d.Current()
			row.Total = cur.Total.String() + " " + cur.Total.Currency.Code
			sum.Concessions += cur.Concessions
			sum.Unmatched += cur.Unmatched
			for _, e := range d.Ledger {
				if delta, err := money.Parse(e.PriceDelta, cur.Total.Currency); err == nil && delta.IsNegative() && e.Refund == "" {
					discounts.add(delta.Neg())
				}
			}
		}
		sum.Deals = append(sum.Deals, row)
	}
	paid, err := s.store.PaidStages(ctx, ws, c.ID)
	if err != nil {
		return sum, err
	}
	for _, st := range paid {
		if cur, err := money.Lookup(st.Currency); err == nil {
			if m, err := money.Parse(st.Amount, cur); err == nil {
				received.add(m)
			}
		}
	}
	disputes, err := s.store.ClientDisputes(ctx, ws, c.ID)
	if err != nil {
		return sum, err
	}
	for _, d := range disputes {
		if cur, err := money.Lookup(d.Currency); err == nil && d.Refund != "" {
			if m, err := money.Parse(d.Refund, cur); err == nil {
				refunded.add(m)
			}
		}
	}
	sum.Received, sum.Refunded, sum.Discounts = received.lines(), refunded.lines(), discounts.lines()
	if sum.Rates, err = s.rateViews(r, u, c.ID); err != nil {
		return sum, err
	}
	sum.Changes, err = s.store.PriceChanges(ctx, ws, c.ID)
	return sum, err
}

// rateViews compares the rates a client last agreed to with the rate card
// of the policy (M8).
func (s *Server) rateViews(r *http.Request, u *parley.User, client int64) ([]rateView, error) {
	rates, err := s.store.ClientRates(r.Context(), u.WorkspaceID, client)
	if err != nil {
		return nil, err
	}
	p, err := s.policy(r, u)
	if err != nil {
		return nil, err
	}
	var out []rateView
	for _, rt := range rates {
		cur, err := money.Lookup(rt.Currency)
		if err != nil {
			continue
		}
		v := rateView{Service: rt.Service, Agreed: money.Money{Minor: rt.RateMinor, Currency: cur}.String() + " " + rt.Currency}
		if sv, ok := p.Service(rt.Service); ok {
			v.Service = sv.Name
			v.Card = sv.Rate.String() + " " + sv.Rate.Currency.Code
			v.Behind = sv.Rate.Currency.Code == rt.Currency && sv.Rate.Minor > rt.RateMinor
		}
		out = append(out, v)
	}
	return out, nil
}

func (s *Server) loadClient(r *http.Request, u *parley.User) (*parley.Client, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, parley.Errorf(parley.ENOTFOUND, "no client %q", r.PathValue("id"))
	}
	return s.store.Client(r.Context(), u.WorkspaceID, id)
}

func (s *Server) client(w http.ResponseWriter, r *http.Request, u *parley.User) {
	c, err := s.loadClient(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.clientPage(w, r, u, http.StatusOK, c, priceForm{}, "")
}

// priceForm is what the price-change form holds, to show it again after
// an error.
type priceForm struct {
	Service, OldRate, NewRate, Effective, Renewal, Reason string
}

func (s *Server) clientPage(w http.ResponseWriter, r *http.Request, u *parley.User, code int, c *parley.Client, f priceForm, msg string) {
	sum, err := s.summarise(r, u, c)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.policy(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if f.Effective == "" {
		f.Effective = pricing.Day(s.now()).AddDate(0, 0, max(p.PriceIncreaseNoticeDays, parley.MinNoticeDays)).Format(time.DateOnly)
	}
	s.render(w, r, code, "client", map[string]any{"User": u, "Client": c, "Sum": sum, "Services": p.Services, "Form": f, "Error": msg,
		"Flash": s.sessions.PopString(r.Context(), "flash"), "Mailer": s.mailer != nil})
}

// planPriceChange drafts the rate notice and records the planned change
// (M8); a notice under 30 days (or the policy's notice) is refused with
// the earliest date that works.
func (s *Server) planPriceChange(r *http.Request, u *parley.User, c *parley.Client, f priceForm) (*parley.PriceChange, error) {
	p, err := s.policy(r, u)
	if err != nil {
		return nil, err
	}
	sv, ok := p.Service(f.Service)
	if !ok {
		return nil, parley.Errorf(parley.EINVALID, "%s", s.text(r).F("err_no_service", f.Service))
	}
	old, err1 := money.Parse(strings.TrimSpace(f.OldRate), p.Currency)
	new, err2 := money.Parse(strings.TrimSpace(f.NewRate), p.Currency)
	if err1 != nil || err2 != nil {
		return nil, parley.Errorf(parley.EINVALID, "%s", s.text(r).F("err_rates"))
	}
	effective, err := time.Parse(time.DateOnly, f.Effective)
	if err != nil {
		return nil, parley.Errorf(parley.EINVALID, "%s", s.text(r).F("err_date", f.Effective))
	}
	var renewal time.Time
	if f.Renewal != "" {
		if renewal, err = time.Parse(time.DateOnly, f.Renewal); err != nil {
			return nil, parley.Errorf(parley.EINVALID, "%s", s.text(r).F("err_date", f.Renewal))
		}
	}
	now := s.now()
	letter, err := s.advisor.RateNotice(negotiate.Client{Name: c.Name, Language: c.Language}, p, sv.Name, old, new, effective, renewal, f.Reason, now)
	if err != nil {
		return nil, err
	}
	pc := &parley.PriceChange{WorkspaceID: u.WorkspaceID, ClientID: c.ID, Service: sv.ID, OldRate: old.String(), NewRate: new.String(), Currency: p.Currency.Code,
		NoticeOn: pricing.Day(now).Format(time.DateOnly), EffectiveOn: f.Effective, RenewalOn: f.Renewal, Reason: f.Reason, Letter: letter.Text}
	if err := s.store.PlanPriceChange(r.Context(), pc); err != nil {
		return nil, err
	}
	return pc, nil
}

func (s *Server) postPriceChange(w http.ResponseWriter, r *http.Request, u *parley.User) {
	c, err := s.loadClient(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	f := priceForm{Service: r.PostFormValue("service"), OldRate: r.PostFormValue("old_rate"), NewRate: r.PostFormValue("new_rate"),
		Effective: r.PostFormValue("effective"), Renewal: r.PostFormValue("renewal"), Reason: r.PostFormValue("reason")}
	if _, err := s.planPriceChange(r, u, c, f); err != nil {
		if parley.ErrorCode(err) == parley.EINVALID {
			s.clientPage(w, r, u, http.StatusBadRequest, c, f, parley.ErrorMessage(err))
			return
		}
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/clients/"+strconv.FormatInt(c.ID, 10)+"#price-heading", http.StatusSeeOther)
}

func (s *Server) answerPriceChange(w http.ResponseWriter, r *http.Request, u *parley.User) {
	c, err := s.loadClient(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if _, err := s.answerFor(r, u, c, r.PathValue("change"), r.PostFormValue("answer")); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/clients/"+strconv.FormatInt(c.ID, 10)+"#price-heading", http.StatusSeeOther)
}

// answerFor records the client's answer to one of their price changes.
func (s *Server) answerFor(r *http.Request, u *parley.User, c *parley.Client, id, answer string) (*parley.PriceChange, error) {
	changes, err := s.store.PriceChanges(r.Context(), u.WorkspaceID, c.ID)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(changes, func(p *parley.PriceChange) bool { return strconv.FormatInt(p.ID, 10) == id })
	if i < 0 {
		return nil, parley.Errorf(parley.ENOTFOUND, "client %d has no price change %q", c.ID, id)
	}
	if err := s.store.AnswerPriceChange(r.Context(), u.WorkspaceID, changes[i].ID, answer); err != nil {
		return nil, err
	}
	changes[i].Answer, changes[i].AnsweredAt = answer, s.now()
	return changes[i], nil
}

// clientFor is the client a new deal belongs to: the lead's, else the one
// of that name, else a new client.
func (s *Server) clientFor(r *http.Request, u *parley.User, lead int64, name, kind, lang, email string) (int64, error) {
	if lead != 0 {
		l, err := s.store.Lead(r.Context(), u.WorkspaceID, lead)
		if err != nil {
			return 0, err
		}
		if l.ClientID != 0 {
			return l.ClientID, nil
		}
	}
	name = strings.TrimSpace(name)
	if name == "" {
		return 0, nil
	}
	c, err := s.store.ClientNamed(r.Context(), u.WorkspaceID, name)
	if err == nil {
		return c.ID, nil
	}
	if parley.ErrorCode(err) != parley.ENOTFOUND {
		return 0, err
	}
	c = &parley.Client{WorkspaceID: u.WorkspaceID, Name: name, Kind: kind, Language: lang, Email: email, Source: "desk"}
	if err := s.store.CreateClient(r.Context(), c); err != nil {
		return 0, err
	}
	return c.ID, nil
}
