package store

import (
	"context"
	"testing"
	"time"

	"github.com/parley-desk/parley"
)

// twoDesks sets up workspaces A and B and a client and a deal of A.
func twoDesks(t *testing.T, db *DB) (a, b *parley.User, c *parley.Client, d *parley.DealRecord) {
	t.Helper()
	ctx := context.Background()
	a, err := db.SetUp(ctx, "A", "a@example.fi", "A", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if b, err = db.AddWorkspace(ctx, "B", "b@example.fi", "B", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	c = &parley.Client{WorkspaceID: a.WorkspaceID, Name: "Ёлка ООО", Language: "ru"}
	if err := db.CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	d = &parley.DealRecord{WorkspaceID: a.WorkspaceID, ClientID: c.ID, Title: "Site copy", Data: []byte(`{}`)}
	if err := db.CreateDeal(ctx, d); err != nil {
		t.Fatal(err)
	}
	return a, b, c, d
}

// C2: the agreement log is append-only; the client confirms the latest
// version once; a new version supersedes the old one, which stays as it was.
func TestAgreementLog(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a, b, _, d := twoDesks(t, db)
		v1 := &parley.Agreement{WorkspaceID: a.WorkspaceID, DealID: d.ID, Terms: []byte(`{"total":"1000.00"}`)}
		if err := db.RecordAgreement(ctx, v1); err != nil || v1.Version != 1 {
			t.Fatalf("v1: %+v %v", v1, err)
		}
		if err := db.RecordAgreement(ctx, &parley.Agreement{WorkspaceID: a.WorkspaceID, DealID: d.ID}); code(err) != parley.EINVALID {
			t.Errorf("no terms: %v", err)
		}
		if err := db.RecordAgreement(ctx, &parley.Agreement{WorkspaceID: b.WorkspaceID, DealID: d.ID, Terms: []byte(`{}`)}); code(err) != parley.ENOTFOUND {
			t.Errorf("B records on A's deal: %v", err)
		}
		un, err := db.UnconfirmedAgreements(ctx, a.WorkspaceID, 10)
		if err != nil || len(un) != 1 || un[0].DealTitle != "Site copy" {
			t.Fatalf("unconfirmed: %+v %v", un, err)
		}
		if err := db.ConfirmAgreement(ctx, a.WorkspaceID, d.ID, 1, "fax", "x"); code(err) != parley.EINVALID {
			t.Errorf("via fax: %v", err)
		}
		if err := db.ConfirmAgreement(ctx, b.WorkspaceID, d.ID, 1, parley.ConfirmedViaEmail, "x"); code(err) != parley.ENOTFOUND {
			t.Errorf("B confirms A's agreement: %v", err)
		}
		if err := db.ConfirmAgreement(ctx, a.WorkspaceID, d.ID, 1, parley.ConfirmedViaEmail, "“Agreed” from client@example.com"); err != nil {
			t.Fatal(err)
		}
		if err := db.ConfirmAgreement(ctx, a.WorkspaceID, d.ID, 1, parley.ConfirmedViaPortal, "again"); code(err) != parley.ECONFLICT {
			t.Errorf("confirmed twice: %v", err)
		}
		if un, _ := db.UnconfirmedAgreements(ctx, a.WorkspaceID, 10); len(un) != 0 {
			t.Errorf("still unconfirmed: %+v", un)
		}
		v2 := &parley.Agreement{WorkspaceID: a.WorkspaceID, DealID: d.ID, Terms: []byte(`{"total":"1200.00"}`)}
		if err := db.RecordAgreement(ctx, v2); err != nil || v2.Version != 2 {
			t.Fatalf("v2: %+v %v", v2, err)
		}
		if err := db.ConfirmAgreement(ctx, a.WorkspaceID, d.ID, 1, parley.ConfirmedViaPortal, "late"); code(err) != parley.ECONFLICT {
			t.Errorf("superseded version confirmed: %v", err)
		}
		log, err := db.Agreements(ctx, a.WorkspaceID, d.ID)
		if err != nil || len(log) != 2 {
			t.Fatalf("log: %v %v", log, err)
		}
		if string(log[0].Terms) != `{"total":"1000.00"}` || log[0].Confirmed.IsZero() || log[0].Superseded.IsZero() || log[0].ConfirmedVia != "email" {
			t.Errorf("v1 after v2: %+v", log[0])
		}
		if !log[1].Confirmed.IsZero() || !log[1].Superseded.IsZero() {
			t.Errorf("v2: %+v", log[1])
		}
		if un, _ := db.UnconfirmedAgreements(ctx, a.WorkspaceID, 10); len(un) != 1 || un[0].Version != 2 {
			t.Errorf("v2 not awaiting confirmation: %+v", un)
		}
		if got, _ := db.Agreements(ctx, b.WorkspaceID, d.ID); len(got) != 0 {
			t.Errorf("B lists A's log: %d", len(got))
		}
		// The database itself refuses to rewrite a version.
		if _, err := db.write.ExecContext(ctx, db.rebind(`UPDATE agreements SET terms = ? WHERE id = ?`), `{"total":"1.00"}`, v1.ID); err == nil {
			t.Error("a version's terms were rewritten")
		}
		if _, err := db.write.ExecContext(ctx, db.rebind(`UPDATE agreements SET confirmation = ? WHERE id = ?`), "forged", v1.ID); err == nil {
			t.Error("a confirmation was rewritten")
		}
	})
}

// R1: change requests move on only along their kind's steps; new work is
// quoted with a price before the client accepts it.
func TestChangeRequests(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a, b, _, d := twoDesks(t, db)
		for _, bad := range []*parley.ChangeRequest{
			{WorkspaceID: a.WorkspaceID, DealID: d.ID, Text: " ", Kind: parley.ChangeDefect},
			{WorkspaceID: a.WorkspaceID, DealID: d.ID, Text: "x", Kind: "whim"},
		} {
			if err := db.CreateChange(ctx, bad); code(err) != parley.EINVALID {
				t.Errorf("%+v: %v", bad, err)
			}
		}
		if err := db.CreateChange(ctx, &parley.ChangeRequest{WorkspaceID: b.WorkspaceID, DealID: d.ID, Text: "x", Kind: parley.ChangeDefect}); code(err) != parley.ENOTFOUND {
			t.Errorf("B on A's deal: %v", err)
		}
		work := &parley.ChangeRequest{WorkspaceID: a.WorkspaceID, DealID: d.ID, Text: "Add a Swedish version", Kind: parley.ChangeNewWork, Reason: "not in the scope", Currency: "EUR"}
		fix := &parley.ChangeRequest{WorkspaceID: a.WorkspaceID, DealID: d.ID, Text: "The price list is missing", Kind: parley.ChangeDefect, Source: "portal"}
		for _, c := range []*parley.ChangeRequest{work, fix} {
			if err := db.CreateChange(ctx, c); err != nil || c.Status != parley.ChangeOpen {
				t.Fatal(c, err)
			}
		}
		steps := []struct {
			id            int64
			status, price string
			want          string
		}{
			{work.ID, parley.ChangeAccepted, "", parley.ECONFLICT}, // not quoted yet
			{work.ID, parley.ChangeQuoted, "", parley.EINVALID},
			{work.ID, parley.ChangeQuoted, "-5", parley.EINVALID},
			{work.ID, parley.ChangeQuoted, "a lot", parley.EINVALID},
			{work.ID, parley.ChangeQuoted, "250,5", ""}, // a decimal comma, as fi and ru write it
			{work.ID, parley.ChangeQuoted, "300", parley.ECONFLICT},
			{work.ID, parley.ChangeAccepted, "", ""},
			{work.ID, parley.ChangeDone, "", ""},
			{fix.ID, parley.ChangeQuoted, "10", parley.ECONFLICT}, // a defect is free
			{fix.ID, parley.ChangeDone, "", ""},
			{fix.ID, parley.ChangeOpen, "", parley.ECONFLICT},
			{fix.ID + 1000, parley.ChangeDone, "", parley.ENOTFOUND},
		}
		for _, s := range steps {
			_, err := db.SetChangeStatus(ctx, a.WorkspaceID, s.id, s.status, s.price)
			if code(err) != s.want {
				t.Errorf("%d → %s %q: %v, want %q", s.id, s.status, s.price, err, s.want)
			}
		}
		if _, err := db.SetChangeStatus(ctx, b.WorkspaceID, fix.ID, parley.ChangeDone, ""); code(err) != parley.ENOTFOUND {
			t.Errorf("B moves A's request: %v", err)
		}
		got, err := db.Changes(ctx, a.WorkspaceID, d.ID)
		if err != nil || len(got) != 2 || got[0].Price != "250.50" || got[0].Status != parley.ChangeDone || got[1].Source != "portal" {
			t.Errorf("changes: %+v %v", got, err)
		}
	})
}

// C1: a dispute's steps, one open per deal, and an outcome that closes it.
func TestDisputes(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a, b, _, d := twoDesks(t, db)
		if err := db.OpenDispute(ctx, &parley.Dispute{WorkspaceID: a.WorkspaceID, DealID: d.ID}); code(err) != parley.EINVALID {
			t.Errorf("no complaint: %v", err)
		}
		dp := &parley.Dispute{WorkspaceID: a.WorkspaceID, DealID: d.ID, Complaint: "Тексты не продают", Currency: "RUB"}
		if err := db.OpenDispute(ctx, dp); err != nil {
			t.Fatal(err)
		}
		if err := db.OpenDispute(ctx, &parley.Dispute{WorkspaceID: a.WorkspaceID, DealID: d.ID, Complaint: "again", Currency: "RUB"}); code(err) != parley.ECONFLICT {
			t.Errorf("second open dispute: %v", err)
		}
		up := *dp
		up.WhatNotSuits, up.Solutions = "the tone on the main page", "rewrite the main page in a plainer tone"
		if err := db.UpdateDispute(ctx, &up); err != nil {
			t.Fatal(err)
		}
		for _, bad := range []parley.Dispute{
			{Outcome: "sulk"},
			{Outcome: parley.OutcomeRedo}, // no admitted mistake
			{Outcome: parley.OutcomePartialRefund, Refund: "0"},
			{Outcome: parley.OutcomePartialRefund, Refund: "lots"},
		} {
			bad.ID, bad.WorkspaceID = dp.ID, a.WorkspaceID
			if err := db.UpdateDispute(ctx, &bad); code(err) != parley.EINVALID {
				t.Errorf("%+v: %v", bad, err)
			}
		}
		other := parley.Dispute{ID: dp.ID, WorkspaceID: b.WorkspaceID, Outcome: parley.OutcomeParted}
		if err := db.UpdateDispute(ctx, &other); code(err) != parley.ENOTFOUND {
			t.Errorf("B closes A's dispute: %v", err)
		}
		up.Outcome, up.Refund = parley.OutcomePartialRefund, "5000"
		if err := db.UpdateDispute(ctx, &up); err != nil || up.Closed.IsZero() || up.Refund != "5000.00" {
			t.Fatalf("close: %+v %v", up, err)
		}
		if err := db.UpdateDispute(ctx, &up); code(err) != parley.ECONFLICT {
			t.Errorf("closed dispute changed: %v", err)
		}
		if err := db.OpenDispute(ctx, &parley.Dispute{WorkspaceID: a.WorkspaceID, DealID: d.ID, Complaint: "new problem", Currency: "RUB"}); err != nil {
			t.Errorf("a new dispute after the first closed: %v", err)
		}
		got, err := db.Disputes(ctx, a.WorkspaceID, d.ID)
		if err != nil || len(got) != 2 || got[0].Outcome != parley.OutcomePartialRefund || got[0].WhatNotSuits == "" || !got[1].Closed.IsZero() {
			t.Errorf("disputes: %+v %v", got, err)
		}
	})
}

// M8: a price rise needs 30 days' notice; clients whose agreed rates are
// under the card are found by index; answers are recorded once.
func TestPriceChangesAndRates(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a, b, c, _ := twoDesks(t, db)
		ok := parley.PriceChange{WorkspaceID: a.WorkspaceID, ClientID: c.ID, Service: "copy", OldRate: "60", NewRate: "75", Currency: "EUR",
			NoticeOn: "2026-12-01", EffectiveOn: "2026-12-31", Reason: "costs rose", Letter: "Dear client…"}
		bad := map[string]func(p *parley.PriceChange){
			"29 days":       func(p *parley.PriceChange) { p.EffectiveOn = "2026-12-30" },
			"lower rate":    func(p *parley.PriceChange) { p.NewRate = "50" },
			"bad date":      func(p *parley.PriceChange) { p.NoticeOn = "1.12.2026" },
			"no reason":     func(p *parley.PriceChange) { p.Reason = " " },
			"bad currency":  func(p *parley.PriceChange) { p.Currency = "EURO" },
			"bad renewal":   func(p *parley.PriceChange) { p.RenewalOn = "soon" },
			"no service":    func(p *parley.PriceChange) { p.Service = "" },
			"no letter":     func(p *parley.PriceChange) { p.Letter = "" },
			"zero old rate": func(p *parley.PriceChange) { p.OldRate = "0" },
		}
		for name, change := range bad {
			p := ok
			change(&p)
			if err := db.PlanPriceChange(ctx, &p); code(err) != parley.EINVALID {
				t.Errorf("%s: %v", name, err)
			}
		}
		other := ok
		other.WorkspaceID = b.WorkspaceID
		if err := db.PlanPriceChange(ctx, &other); code(err) != parley.ENOTFOUND {
			t.Errorf("B plans for A's client: %v", err)
		}
		p := ok
		if err := db.PlanPriceChange(ctx, &p); err != nil || p.NewRate != "75.00" || p.Answer != parley.AnswerPending {
			t.Fatalf("plan: %+v %v", p, err)
		}
		if got, err := db.PlannedPriceChanges(ctx, a.WorkspaceID, 10); err != nil || len(got) != 1 || got[0].ClientName != "Ёлка ООО" {
			t.Errorf("planned: %+v %v", got, err)
		}
		if got, _ := db.PlannedPriceChanges(ctx, b.WorkspaceID, 10); len(got) != 0 {
			t.Errorf("B sees A's plans")
		}
		if err := db.AnswerPriceChange(ctx, a.WorkspaceID, p.ID, "maybe"); code(err) != parley.EINVALID {
			t.Errorf("maybe: %v", err)
		}
		if err := db.AnswerPriceChange(ctx, b.WorkspaceID, p.ID, parley.AnswerAccepted); code(err) != parley.ENOTFOUND {
			t.Errorf("B answers: %v", err)
		}
		if err := db.AnswerPriceChange(ctx, a.WorkspaceID, p.ID, parley.AnswerAccepted); err != nil {
			t.Fatal(err)
		}
		if err := db.AnswerPriceChange(ctx, a.WorkspaceID, p.ID, parley.AnswerDeclined); code(err) != parley.ECONFLICT {
			t.Errorf("answered twice: %v", err)
		}
		if got, _ := db.PriceChanges(ctx, a.WorkspaceID, c.ID); len(got) != 1 || got[0].Answer != parley.AnswerAccepted || got[0].AnsweredAt.IsZero() {
			t.Errorf("history: %+v", got)
		}

		c2 := &parley.Client{WorkspaceID: a.WorkspaceID, Name: "Kuusi Oy"}
		db.CreateClient(ctx, c2)
		today := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		for _, r := range [][]parley.ClientRate{
			{{WorkspaceID: a.WorkspaceID, ClientID: c.ID, Service: "copy", RateMinor: 6000, Currency: "EUR", AgreedOn: today}},
			{{WorkspaceID: a.WorkspaceID, ClientID: c2.ID, Service: "copy", RateMinor: 7500, Currency: "EUR", AgreedOn: today},
				{WorkspaceID: a.WorkspaceID, ClientID: c2.ID, Service: "edit", RateMinor: 3000, Currency: "EUR", AgreedOn: today}},
		} {
			if err := db.SetClientRates(ctx, r); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.SetClientRates(ctx, []parley.ClientRate{{WorkspaceID: b.WorkspaceID, ClientID: c.ID, Service: "copy", Currency: "EUR"}}); code(err) != parley.ENOTFOUND {
			t.Errorf("B sets A's client's rates: %v", err)
		}
		below, err := db.RatesBehind(ctx, a.WorkspaceID, []parley.ClientRate{{Service: "copy", Currency: "EUR", RateMinor: 7000}, {Service: "edit", Currency: "EUR", RateMinor: 2500}}, 10)
		if err != nil || len(below) != 1 || below[0].ClientID != c.ID || below[0].ClientName != "Ёлка ООО" {
			t.Errorf("below 70 (copy) or 25 (edit): %+v %v", below, err)
		}
		if below, _ := db.RatesBehind(ctx, a.WorkspaceID, []parley.ClientRate{{Service: "copy", Currency: "EUR", RateMinor: 7000}, {Service: "edit", Currency: "EUR", RateMinor: 3500}}, 10); len(below) != 2 {
			t.Errorf("below 70 (copy) or 35 (edit): %+v", below)
		}
		if below, _ := db.RatesBehind(ctx, a.WorkspaceID, []parley.ClientRate{{Service: "copy", Currency: "USD", RateMinor: 7000}}, 10); len(below) != 0 {
			t.Errorf("another currency counted: %+v", below)
		}
		// A new agreement replaces the rate.
		db.SetClientRates(ctx, []parley.ClientRate{{WorkspaceID: a.WorkspaceID, ClientID: c.ID, Service: "copy", RateMinor: 7500, Currency: "EUR", AgreedOn: today}})
		if below, _ := db.RatesBehind(ctx, a.WorkspaceID, []parley.ClientRate{{Service: "copy", Currency: "EUR", RateMinor: 7000}}, 10); len(below) != 0 {
			t.Errorf("after the new agreement: %+v", below)
		}
		if below, _ := db.RatesBehind(ctx, b.WorkspaceID, []parley.ClientRate{{Service: "copy", Currency: "EUR", RateMinor: 1 << 40}}, 10); len(below) != 0 {
			t.Errorf("B sees A's rates")
		}
		if rs, _ := db.ClientRates(ctx, a.WorkspaceID, c2.ID); len(rs) != 2 || rs[1].Service != "edit" {
			t.Errorf("rates of c2: %+v", rs)
		}
	})
}

// Clients are found by name regardless of case and spacing, in any script,
// and list their deals.
func TestClientByNameAndDeals(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a, b, c, d := twoDesks(t, db)
		for _, name := range []string{"Ёлка ООО", "  ёлка   ооо ", "ЁЛКА ООО"} {
			if got, err := db.ClientNamed(ctx, a.WorkspaceID, name); err != nil || got.ID != c.ID {
				t.Errorf("%q: %+v %v", name, got, err)
			}
		}
		if _, err := db.ClientNamed(ctx, b.WorkspaceID, "Ёлка ООО"); code(err) != parley.ENOTFOUND {
			t.Errorf("B finds A's client: %v", err)
		}
		if err := db.CreateDeal(ctx, &parley.DealRecord{WorkspaceID: b.WorkspaceID, ClientID: c.ID, Title: "x", Data: []byte(`{}`)}); code(err) != parley.ENOTFOUND {
			t.Errorf("B's deal for A's client: %v", err)
		}
		ds, _, err := db.ClientDeals(ctx, a.WorkspaceID, c.ID, parley.Page{})
		if err != nil || len(ds) != 1 || ds[0].ID != d.ID || ds[0].ClientID != c.ID {
			t.Errorf("client deals: %+v %v", ds, err)
		}
		if ds, _, _ := db.ClientDeals(ctx, b.WorkspaceID, c.ID, parley.Page{}); len(ds) != 0 {
			t.Errorf("B lists A's client's deals")
		}
	})
}
