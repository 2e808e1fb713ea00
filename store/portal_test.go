package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parley-desk/parley"
)

// Portal links: 256-bit secrets kept only as hashes; a wrong, expired or
// revoked secret gets the same not-found; every client action is logged.
func TestPortalLinks(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a, b, _, d := twoDesks(t, db)
		now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		if _, _, err := db.CreatePortalLink(ctx, a.WorkspaceID, d.ID, now.Add(-time.Hour)); code(err) != parley.EINVALID {
			t.Errorf("expired at birth: %v", err)
		}
		if _, _, err := db.CreatePortalLink(ctx, b.WorkspaceID, d.ID, now.Add(time.Hour)); code(err) != parley.ENOTFOUND {
			t.Errorf("B links A's deal: %v", err)
		}
		l, secret, err := db.CreatePortalLink(ctx, a.WorkspaceID, d.ID, now.Add(48*time.Hour))
		if err != nil || !strings.HasPrefix(secret, "cp_") || len(secret) < 3+43 {
			t.Fatalf("link: %v %q", err, secret)
		}
		var stored int
		db.read.QueryRow(db.rebind(`SELECT COUNT(*) FROM portal_links WHERE token_hash = ?`), secret).Scan(&stored)
		if stored != 0 {
			t.Error("the secret is stored as it is")
		}
		got, err := db.PortalLinkBySecret(ctx, secret)
		if err != nil || got.ID != l.ID || got.DealID != d.ID {
			t.Fatalf("by secret: %+v %v", got, err)
		}
		wrong := []string{"", "cp_", secret + "x", "pk_" + secret[3:], strings.Repeat("a", 200)}
		for _, w := range wrong {
			if _, err := db.PortalLinkBySecret(ctx, w); code(err) != parley.ENOTFOUND {
				t.Errorf("%q: %v", w, err)
			}
		}
		now = now.Add(49 * time.Hour)
		_, errExpired := db.PortalLinkBySecret(ctx, secret)
		now = now.Add(-49 * time.Hour)
		if err := db.RevokePortalLink(ctx, b.WorkspaceID, d.ID, l.ID); code(err) != parley.ENOTFOUND {
			t.Errorf("B revokes A's link: %v", err)
		}
		if err := db.RevokePortalLink(ctx, a.WorkspaceID, d.ID, l.ID); err != nil {
			t.Fatal(err)
		}
		_, errRevoked := db.PortalLinkBySecret(ctx, secret)
		_, errWrong := db.PortalLinkBySecret(ctx, "cp_nothing")
		if code(errExpired) != parley.ENOTFOUND || errExpired.Error() != errRevoked.Error() || errRevoked.Error() != errWrong.Error() {
			t.Errorf("expired %v, revoked %v, wrong %v: must read the same", errExpired, errRevoked, errWrong)
		}
		if err := db.RevokePortalLink(ctx, a.WorkspaceID, d.ID, l.ID); code(err) != parley.ENOTFOUND {
			t.Errorf("revoked twice: %v", err)
		}
		e := &parley.PortalEvent{WorkspaceID: a.WorkspaceID, DealID: d.ID, LinkID: l.ID, Action: "viewed", IP: "192.0.2.1"}
		if err := db.LogPortalEvent(ctx, e); err != nil {
			t.Fatal(err)
		}
		if es, err := db.PortalEvents(ctx, a.WorkspaceID, d.ID, 10); err != nil || len(es) != 1 || es[0].IP != "192.0.2.1" || es[0].At.IsZero() {
			t.Errorf("events: %+v %v", es, err)
		}
		if es, _ := db.PortalEvents(ctx, b.WorkspaceID, d.ID, 10); len(es) != 0 {
			t.Error("B reads A's portal log")
		}
		if ls, _ := db.PortalLinks(ctx, a.WorkspaceID, d.ID); len(ls) != 1 || ls[0].RevokedAt.IsZero() {
			t.Errorf("links: %+v", ls)
		}
	})
}

// Proposals are versioned per deal; mail is found by Message-ID and by
// address; the calendar secret can be replaced.
func TestProposalsMailAndCalendar(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a, b, _, d := twoDesks(t, db)
		if _, err := db.LatestProposal(ctx, a.WorkspaceID, d.ID); code(err) != parley.ENOTFOUND {
			t.Errorf("no proposal yet: %v", err)
		}
		for i := 0; i < 2; i++ {
			p := &parley.Proposal{WorkspaceID: a.WorkspaceID, DealID: d.ID, Language: "ru", Quote: []byte(`{"total":"1"}`), Doc: []byte(`{"Title":"x"}`)}
			if err := db.CreateProposal(ctx, p); err != nil || p.Version != i+1 {
				t.Fatalf("proposal %d: %+v %v", i, p, err)
			}
		}
		if p, err := db.LatestProposal(ctx, a.WorkspaceID, d.ID); err != nil || p.Version != 2 {
			t.Errorf("latest: %+v %v", p, err)
		}
		if _, err := db.LatestProposal(ctx, b.WorkspaceID, d.ID); code(err) != parley.ENOTFOUND {
			t.Errorf("B reads A's proposal: %v", err)
		}
		m := &parley.MailRecord{WorkspaceID: a.WorkspaceID, DealID: d.ID, Direction: "out", MessageID: "<1@parley>", Kind: "proposal", Address: "Maria@Example.RU", Subject: "Предложение"}
		if err := db.RecordMail(ctx, m); err != nil {
			t.Fatal(err)
		}
		if err := db.RecordMail(ctx, &parley.MailRecord{WorkspaceID: a.WorkspaceID, Direction: "out", MessageID: "<1@parley>", Address: "x"}); code(err) != parley.ECONFLICT {
			t.Errorf("same Message-ID twice: %v", err)
		}
		if got, err := db.MailByMessageID(ctx, a.WorkspaceID, "<1@parley>"); err != nil || got.DealID != d.ID {
			t.Errorf("by id: %+v %v", got, err)
		}
		if _, err := db.MailByMessageID(ctx, b.WorkspaceID, "<1@parley>"); code(err) != parley.ENOTFOUND {
			t.Errorf("B finds A's mail: %v", err)
		}
		if got, err := db.LatestDealMail(ctx, a.WorkspaceID, "maria@example.ru"); err != nil || got.DealID != d.ID {
			t.Errorf("by address: %+v %v", got, err)
		}
		s1, err := db.SetCalendarSecret(ctx, a.WorkspaceID)
		if err != nil {
			t.Fatal(err)
		}
		if ws, err := db.CalendarWorkspace(ctx, s1); err != nil || ws != a.WorkspaceID {
			t.Errorf("feed: %d %v", ws, err)
		}
		s2, _ := db.SetCalendarSecret(ctx, a.WorkspaceID)
		if _, err := db.CalendarWorkspace(ctx, s1); code(err) != parley.ENOTFOUND {
			t.Errorf("the old feed secret still works: %v", err)
		}
		if ws, err := db.CalendarWorkspace(ctx, s2); err != nil || ws != a.WorkspaceID {
			t.Errorf("new feed: %d %v", ws, err)
		}
	})
}
