package web

import (
	"context"
	"net/url"
	"testing"
)

var setUpA = step{method: "POST", path: "/setup", form: url.Values{"workspace": {"A"}, "name": {"Anna"}, "email": {"a@example.fi"}, "password": {"correct horse battery"}}, status: 303}

// C2: the agreement log in the desk. The terms are recorded as version 1,
// confirmed by e-mail with the client's words; a later move makes them
// stale, and version 2 must be confirmed again. M8: the client's agreed
// rates are kept, and fall behind when the rate card rises.
func TestAgreementLogInTheDesk(t *testing.T) {
	ts, _ := desk(t)
	c := browser(t)
	run(t, ts, c, []step{
		setUpA,
		{method: "POST", path: "/deals", form: url.Values{"title": {"Five landings"}, "client": {"Mikko Virtanen"}, "language": {"en"}, "service": {"landing"}, "quantity": {"5"}}, status: 303, location: "/deals/1"},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"No agreement recorded yet", "Record the agreed terms", `href="/clients/1"`}},
		{method: "POST", path: "/deals/1/agreements", status: 303, location: "/deals/1#agreement-heading"},
		{method: "POST", path: "/deals/1/agreements", status: 409, has: []string{"Version 1 already holds these terms"}},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"Version 1", "4500.00 EUR", "Not yet confirmed"}, not: []string{"Record the agreed terms"}},
		{method: "GET", path: "/", status: 200, has: []string{"Agreements awaiting the client", "Five landings"}},
		{method: "POST", path: "/deals/1/agreements/1/confirm", form: url.Values{"record": {""}}, status: 400, has: []string{"Paste the client"}},
		{method: "POST", path: "/deals/1/agreements/7/confirm", form: url.Values{"record": {"ok"}}, status: 404},
		{method: "POST", path: "/deals/1/agreements/x/confirm", form: url.Values{"record": {"ok"}}, status: 404},
		{method: "POST", path: "/deals/1/agreements/1/confirm", form: url.Values{"record": {`"Agreed, go ahead." mikko@example.fi, 30.11.2026`}}, status: 303},
		{method: "POST", path: "/deals/1/agreements/1/confirm", form: url.Values{"record": {"again"}}, status: 409, has: []string{"already confirmed"}},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"Confirmed", "by e-mail", "Agreed, go ahead.", "/deals/1/agreements/1.pdf"}},
		{method: "GET", path: "/deals/1/agreements/1.pdf", status: 200, has: []string{"%PDF-"}},
		{method: "GET", path: "/deals/1/agreements/2.pdf", status: 404},
		{method: "GET", path: "/deals/1/agreements/x.pdf", status: 404},
		{method: "GET", path: "/", status: 200, not: []string{"Agreements awaiting the client"}},
		// The client asks for staged payment; the accepted move changes the terms.
		{method: "POST", path: "/deals/1/messages", form: url.Values{"message": {"We pay 50% now and 50% after delivery."}}, status: 303},
		{method: "POST", path: "/deals/1/accept", form: url.Values{"move": {"staged_prepayment"}}, status: 303},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"The terms have changed since the last version", "Record a new version"}},
		{method: "POST", path: "/deals/1/agreements", status: 303},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"Version 2", "replaced by a later version", "in 4 prepaid stage(s)"}},
		{method: "GET", path: "/clients", status: 200, has: []string{"Mikko Virtanen"}},
		{method: "GET", path: "/clients/1", status: 200, has: []string{"Landing page copy: 900.00 EUR", "Five landings"}, not: []string{"behind the rate card"}},
		{method: "GET", path: "/clients/9", status: 404},
	})
}

// R1: change requests are classified against the agreed scope and the
// rounds left; new work is quoted before the client accepts it.
func TestChangeRequestsInTheDesk(t *testing.T) {
	ts, _ := desk(t)
	c := browser(t)
	run(t, ts, c, []step{
		setUpA,
		{method: "POST", path: "/deals", form: url.Values{"title": {"Landing"}, "client": {"Mikko"}, "language": {"en"}, "service": {"landing"}, "quantity": {"1"}}, status: 303},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"Revision rounds left: 2 of 2."}},
		{method: "POST", path: "/deals/1/changes", form: url.Values{"text": {"The phone number is wrong and there are typos in the offer."}}, status: 303, location: "/deals/1#changes-heading"},
		{method: "POST", path: "/deals/1/changes", form: url.Values{"text": {"Could the headline be a bit bolder?"}}, status: 303},
		{method: "POST", path: "/deals/1/changes", form: url.Values{"text": {"We now also need a second landing page for the Swedish market."}}, status: 303},
		{method: "POST", path: "/deals/1/changes", form: url.Values{"text": {"Make it pop"}, "kind": {"whim"}}, status: 400, has: []string{"not a kind of change request"}},
		{method: "POST", path: "/deals/1/changes", form: url.Values{"text": {"  "}}, status: 400, has: []string{"empty"}},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"Defect: fixed free", "fixed free and does not count", "Revision round", "round 1 of 2", "New work: paid", "Revision rounds left: 1 of 2.", "Quote it"}},
		{method: "POST", path: "/deals/1/changes/3/status", form: url.Values{"status": {"quoted"}, "price": {"nothing"}}, status: 400, has: []string{"above zero"}},
		{method: "POST", path: "/deals/1/changes/3/status", form: url.Values{"status": {"accepted"}}, status: 409},
		{method: "POST", path: "/deals/1/changes/3/status", form: url.Values{"status": {"quoted"}, "price": {"450"}}, status: 303},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"450.00 EUR", "quoted, awaiting the client", "Client accepted"}},
		{method: "POST", path: "/deals/1/changes/3/status", form: url.Values{"status": {"accepted"}}, status: 303},
		{method: "POST", path: "/deals/1/changes/1/status", form: url.Values{"status": {"done"}}, status: 303},
		{method: "POST", path: "/deals/1/changes/9/status", form: url.Values{"status": {"done"}}, status: 404},
		// The freelancer overrules the classification; the reason the client
		// reads is the one of the kind chosen.
		{method: "POST", path: "/deals/1/changes", form: url.Values{"text": {"Could the headline be a bit bolder?"}, "kind": {"defect"}}, status: 303},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"fixed free and does not count as a revision round"}},
	})
}

// C1: a dispute's steps and outcome; a refund is at most what was paid.
func TestDisputeInTheDesk(t *testing.T) {
	ts, _ := desk(t)
	c := browser(t)
	run(t, ts, c, []step{
		setUpA,
		{method: "POST", path: "/deals", form: url.Values{"title": {"Landing"}, "client": {"Mikko"}, "language": {"en"}, "service": {"landing"}, "quantity": {"2"}, "stages": {"2"}}, status: 303},
		{method: "POST", path: "/deals/1/stages", status: 303},
		{method: "POST", path: "/deals/1/stages/1/paid", status: 303},
		{method: "POST", path: "/deals/1/disputes", form: url.Values{"complaint": {""}}, status: 400},
		{method: "POST", path: "/deals/1/disputes", form: url.Values{"complaint": {"The text does not sell."}}, status: 303, location: "/deals/1#dispute-heading"},
		{method: "POST", path: "/deals/1/disputes", form: url.Values{"complaint": {"Again"}}, status: 409, has: []string{"already has an open dispute"}},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"The text does not sell.", "Exactly what does not suit"}},
		{method: "POST", path: "/deals/1/disputes/1", form: url.Values{"what_not_suits": {"The tone of the offer"}, "solutions": {"Rewrite the offer"}}, status: 303},
		{method: "POST", path: "/deals/1/disputes/1", form: url.Values{"outcome": {"redo"}}, status: 400, has: []string{"admitted mistake"}},
		{method: "POST", path: "/deals/1/disputes/1", form: url.Values{"outcome": {"partial_refund"}, "refund": {"5000"}}, status: 400, has: []string{"more than the client paid (900.00 EUR)"}},
		{method: "POST", path: "/deals/1/disputes/9", form: url.Values{"outcome": {"parted"}}, status: 404},
		{method: "POST", path: "/deals/1/disputes/1", form: url.Values{"what_not_suits": {"The tone of the offer"}, "outcome": {"partial_refund"}, "refund": {"300"}}, status: 303},
		{method: "GET", path: "/deals/1", status: 200, has: []string{"Partial refund", "300.00 EUR", "Open a dispute"}},
		{method: "GET", path: "/clients/1", status: 200, has: []string{"Received", "900.00 EUR", "Refunded", "300.00 EUR"}},
	})
}

// M8: a price change needs 30 days' notice; the letter is drafted in the
// client's language; the plan is on the dashboard until answered.
func TestPriceChangesInTheDesk(t *testing.T) {
	ts, _ := desk(t)
	c := browser(t)
	run(t, ts, c, []step{
		setUpA,
		{method: "POST", path: "/deals", form: url.Values{"title": {"Artikkelit"}, "client": {"Liisa Korhonen"}, "language": {"fi"}, "service": {"landing"}, "quantity": {"1"}}, status: 303},
		{method: "GET", path: "/clients/1", status: 200, has: []string{"2026-12-30"}},
		{method: "POST", path: "/clients/1/price-changes", form: url.Values{"service": {"landing"}, "old_rate": {"900"}, "new_rate": {"1000"}, "effective": {"2026-12-20"}, "reason": {"Tutkimus vie nyt enemmän aikaa."}}, status: 400, has: []string{"at least 30", "2026-12-30 or later", "Tutkimus vie nyt enemmän aikaa."}},
		{method: "POST", path: "/clients/1/price-changes", form: url.Values{"service": {"landing"}, "old_rate": {"900"}, "new_rate": {"800"}, "effective": {"2027-01-15"}, "reason": {"x"}}, status: 400, has: []string{"must be above"}},
		{method: "POST", path: "/clients/1/price-changes", form: url.Values{"service": {"poetry"}, "old_rate": {"900"}, "new_rate": {"1000"}, "effective": {"2027-01-15"}, "reason": {"x"}}, status: 400, has: []string{"no service"}},
		{method: "POST", path: "/clients/1/price-changes", form: url.Values{"service": {"landing"}, "old_rate": {"900"}, "new_rate": {"1000"}, "effective": {"2027-01-15"}, "reason": {"Tutkimus vie nyt enemmän aikaa."}}, status: 303, location: "/clients/1#price-heading"},
		{method: "GET", path: "/clients/1", status: 200, has: []string{"Hei Liisa", "000,00 €", "Tutkimus vie nyt enemmän aikaa.", "notice 2026-11-30, takes effect 2027-01-15"}},
		{method: "GET", path: "/", status: 200, has: []string{"Planned price changes", "Liisa Korhonen"}},
		{method: "GET", path: "/clients/1/price-changes/1.pdf", status: 200, has: []string{"%PDF-"}},
		{method: "GET", path: "/clients/1/price-changes/7.pdf", status: 404},
		{method: "POST", path: "/clients/1/price-changes/1/answer", form: url.Values{"answer": {"maybe"}}, status: 400},
		{method: "POST", path: "/clients/1/price-changes/1/answer", form: url.Values{"answer": {"accepted"}}, status: 303},
		{method: "POST", path: "/clients/1/price-changes/1/answer", form: url.Values{"answer": {"declined"}}, status: 409},
		{method: "GET", path: "/", status: 200, not: []string{"Planned price changes"}},
	})
}

// No record of one workspace is reachable from another.
func TestRecordsIsolation(t *testing.T) {
	ts, db := desk(t)
	a, b := browser(t), browser(t)
	run(t, ts, a, []step{
		setUpA,
		{method: "POST", path: "/deals", form: url.Values{"title": {"Secret"}, "client": {"Secret Client"}, "language": {"en"}, "service": {"landing"}, "quantity": {"1"}}, status: 303},
		{method: "POST", path: "/deals/1/agreements", status: 303},
		{method: "POST", path: "/deals/1/changes", form: url.Values{"text": {"Secret change"}}, status: 303},
		{method: "POST", path: "/deals/1/disputes", form: url.Values{"complaint": {"Secret complaint"}}, status: 303},
	})
	if _, err := db.AddWorkspace(context.Background(), "B", "b@example.fi", "B", "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	run(t, ts, b, []step{
		{method: "POST", path: "/login", form: url.Values{"email": {"b@example.fi"}, "password": {"correct horse battery"}}, status: 303},
		{method: "GET", path: "/clients/1", status: 404, not: []string{"Secret"}},
		{method: "GET", path: "/clients", status: 200, not: []string{"Secret"}},
		{method: "POST", path: "/deals/1/agreements", status: 404},
		{method: "POST", path: "/deals/1/agreements/1/confirm", form: url.Values{"record": {"x"}}, status: 404},
		{method: "POST", path: "/deals/1/changes/1/status", form: url.Values{"status": {"done"}}, status: 404},
		{method: "POST", path: "/deals/1/disputes/1", form: url.Values{"outcome": {"parted"}}, status: 404},
		{method: "POST", path: "/clients/1/price-changes", form: url.Values{"service": {"landing"}, "old_rate": {"1"}, "new_rate": {"2"}, "effective": {"2027-06-01"}, "reason": {"x"}}, status: 404},
		{method: "GET", path: "/", status: 200, not: []string{"Secret"}},
	})
}
