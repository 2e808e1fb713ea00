package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parley-desk/parley"
)

var schemaSeq atomic.Int64

// forEachDB runs fn against a fresh SQLite file and, when
// PARLEY_TEST_POSTGRES names a server, a fresh PostgreSQL schema: the same
// tests on both databases. CI sets PARLEY_CI=1, so there a
// missing server fails instead of being passed over.
func forEachDB(t *testing.T, fn func(t *testing.T, db *DB)) {
	t.Run("sqlite", func(t *testing.T) {
		db, err := Open(context.Background(), filepath.Join(t.TempDir(), "parley.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		fn(t, db)
	})
	t.Run("postgres", func(t *testing.T) {
		dsn := os.Getenv("PARLEY_TEST_POSTGRES")
		if dsn == "" {
			if os.Getenv("PARLEY_CI") != "" {
				t.Fatal("PARLEY_TEST_POSTGRES is not set; start a server with scripts/test-postgres.sh")
			}
			t.Skip("PARLEY_TEST_POSTGRES not set (export PARLEY_TEST_POSTGRES=$(scripts/test-postgres.sh start))")
		}
		fn(t, openPostgresSchema(t, dsn))
	})
}

// openPostgresSchema opens the store in a schema of its own, dropped after
// the test.
func openPostgresSchema(t *testing.T, dsn string) *DB {
	t.Helper()
	schema := fmt.Sprintf("t%d_%d", time.Now().UnixNano(), schemaSeq.Add(1))
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("postgres at %s: %v", dsn, err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	db, err := Open(context.Background(), dsn+sep+"search_path="+schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func code(err error) string { return parley.ErrorCode(err) }

func TestUsers(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		if has, err := db.HasUsers(ctx); err != nil || has {
			t.Fatalf("HasUsers on a new desk: %v %v", has, err)
		}
		bad := []struct{ ws, email, name, pw string }{
			{"", "a@b.fi", "Anna", "long enough pw"},
			{"Desk", "not an address", "Anna", "long enough pw"},
			{"Desk", "a@b.fi", "", "long enough pw"},
			{"Desk", "a@b.fi", "Anna", "short"},
		}
		for _, b := range bad {
			if _, err := db.SetUp(ctx, b.ws, b.email, b.name, b.pw); code(err) != parley.EINVALID {
				t.Errorf("SetUp(%+v): %v", b, err)
			}
		}
		u, err := db.SetUp(ctx, "Anna's desk", " Anna@Example.FI ", "Anna", "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		if u.Email != "anna@example.fi" || u.WorkspaceID == 0 {
			t.Errorf("owner %+v", u)
		}
		if _, err := db.SetUp(ctx, "Again", "b@example.fi", "B", "correct horse battery"); code(err) != parley.ECONFLICT {
			t.Errorf("second SetUp: %v", err)
		}
		if got, err := db.Authenticate(ctx, "ANNA@example.fi", "correct horse battery"); err != nil || got.ID != u.ID {
			t.Errorf("Authenticate: %v %v", got, err)
		}
		for _, tt := range [][2]string{{"anna@example.fi", "wrong password!"}, {"nobody@example.fi", "correct horse battery"}} {
			if _, err := db.Authenticate(ctx, tt[0], tt[1]); code(err) != parley.EUNAUTHORIZED || !strings.Contains(err.Error(), "wrong e-mail address or password") {
				t.Errorf("Authenticate(%q): %v", tt[0], err)
			}
		}
		if _, err := db.User(ctx, 9999); code(err) != parley.ENOTFOUND {
			t.Errorf("User(9999): %v", err)
		}
		if _, err := db.AddWorkspace(ctx, "Other", "anna@example.fi", "A", "correct horse battery"); code(err) != parley.ECONFLICT {
			t.Errorf("AddWorkspace with a taken address: %v", err)
		}
	})
}

// No query crosses workspaces: what one workspace stores, another cannot
// read, list, link or change, and is told it does not exist.
func TestWorkspaceIsolation(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a, err := db.SetUp(ctx, "A", "a@example.fi", "A", "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		b, err := db.AddWorkspace(ctx, "B", "b@example.fi", "B", "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		c := &parley.Client{WorkspaceID: a.WorkspaceID, Name: "Kuusi Oy", Language: "fi", Kind: "small_business"}
		if err := db.CreateClient(ctx, c); err != nil {
			t.Fatal(err)
		}
		l := &parley.Lead{WorkspaceID: a.WorkspaceID, ClientID: c.ID, Inquiry: "Need a logo", Language: "en", Verdict: "proceed", Screening: []byte(`{}`)}
		if err := db.CreateLead(ctx, l); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Client(ctx, b.WorkspaceID, c.ID); code(err) != parley.ENOTFOUND {
			t.Errorf("B reads A's client: %v", err)
		}
		if _, err := db.Lead(ctx, b.WorkspaceID, l.ID); code(err) != parley.ENOTFOUND {
			t.Errorf("B reads A's lead: %v", err)
		}
		if err := db.SetLeadStatus(ctx, b.WorkspaceID, l.ID, parley.LeadDeclined); code(err) != parley.ENOTFOUND {
			t.Errorf("B changes A's lead: %v", err)
		}
		if err := db.CreateLead(ctx, &parley.Lead{WorkspaceID: b.WorkspaceID, ClientID: c.ID, Inquiry: "x", Language: "en", Verdict: "proceed", Screening: []byte(`{}`)}); code(err) != parley.ENOTFOUND {
			t.Errorf("B links A's client: %v", err)
		}
		if ls, _, err := db.Leads(ctx, b.WorkspaceID, "", parley.Page{}); err != nil || len(ls) != 0 {
			t.Errorf("B lists %d leads: %v", len(ls), err)
		}
		if cs, _, err := db.Clients(ctx, b.WorkspaceID, parley.Page{}); err != nil || len(cs) != 0 {
			t.Errorf("B lists %d clients: %v", len(cs), err)
		}
		if got, err := db.Lead(ctx, a.WorkspaceID, l.ID); err != nil || got.ClientID != c.ID || got.Status != parley.LeadNew {
			t.Errorf("A's lead: %+v %v", got, err)
		}
	})
}

func TestLeadsAndClients(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		u, err := db.SetUp(ctx, "A", "a@example.fi", "A", "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		ws := u.WorkspaceID
		for i := range 7 {
			l := &parley.Lead{WorkspaceID: ws, Inquiry: fmt.Sprintf("inquiry %d, ääkkösiä ja кириллица", i), Language: "en", Verdict: "negotiate", Score: 15, Screening: []byte(`{"flags":[]}`)}
			if err := db.CreateLead(ctx, l); err != nil {
				t.Fatal(err)
			}
			if i%3 == 0 {
				if err := db.SetLeadStatus(ctx, ws, l.ID, parley.LeadDeclined); err != nil {
					t.Fatal(err)
				}
			}
		}
		// Pages of 3, newest first, ending with an empty cursor.
		var seen []int64
		page := parley.Page{Limit: 3}
		for range 5 {
			ls, next, err := db.Leads(ctx, ws, "", page)
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range ls {
				seen = append(seen, l.ID)
			}
			if next == "" {
				break
			}
			page.After = next
		}
		if len(seen) != 7 {
			t.Fatalf("paged through %d leads, want 7", len(seen))
		}
		for i := 1; i < len(seen); i++ {
			if seen[i] >= seen[i-1] {
				t.Fatalf("not newest first: %v", seen)
			}
		}
		declined, _, err := db.Leads(ctx, ws, parley.LeadDeclined, parley.Page{})
		if err != nil || len(declined) != 3 {
			t.Errorf("declined: %d %v", len(declined), err)
		}
		got, err := db.Lead(ctx, ws, seen[0])
		if err != nil || !strings.Contains(got.Inquiry, "кириллица") || string(got.Screening) != `{"flags":[]}` {
			t.Errorf("lead read back: %+v %v", got, err)
		}
		for _, tt := range []struct {
			name string
			err  error
		}{
			{"bad status", db.SetLeadStatus(ctx, ws, seen[0], "maybe")},
			{"bad filter", func() error { _, _, err := db.Leads(ctx, ws, "maybe", parley.Page{}); return err }()},
			{"bad cursor", func() error { _, _, err := db.Leads(ctx, ws, "", parley.Page{After: "abc"}); return err }()},
			{"empty inquiry", db.CreateLead(ctx, &parley.Lead{WorkspaceID: ws})},
			{"client without name", db.CreateClient(ctx, &parley.Client{WorkspaceID: ws})},
			{"client kind", db.CreateClient(ctx, &parley.Client{WorkspaceID: ws, Name: "X", Kind: "startup"})},
			{"client language", db.CreateClient(ctx, &parley.Client{WorkspaceID: ws, Name: "X", Language: "de"})},
		} {
			if code(tt.err) != parley.EINVALID {
				t.Errorf("%s: %v", tt.name, tt.err)
			}
		}
		if err := db.SetLeadStatus(ctx, ws, 99999, parley.LeadDeclined); code(err) != parley.ENOTFOUND {
			t.Errorf("missing lead: %v", err)
		}
	})
}

// Opening an existing database applies nothing twice.
func TestMigrationsOnce(t *testing.T) {
	files, err := fs.ReadDir(migrations, "migrations/sqlite")
	if err != nil || len(files) < 8 {
		t.Fatalf("embedded migrations: %d %v", len(files), err)
	}
	pgFiles, _ := fs.ReadDir(migrations, "migrations/postgres")
	if len(pgFiles) != len(files) {
		t.Errorf("%d SQLite migrations, %d PostgreSQL ones: each change needs both", len(files), len(pgFiles))
	}
	path := filepath.Join(t.TempDir(), "p.db")
	for range 2 {
		db, err := Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		var n int
		db.read.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n)
		if n != len(files) {
			t.Errorf("%d migrations recorded, want %d", n, len(files))
		}
		db.Close()
	}
	if _, err := Open(context.Background(), filepath.Join(t.TempDir(), "no", "such", "dir", "p.db")); code(err) != parley.EINVALID {
		t.Errorf("a database in a missing folder: %v", err)
	}
}

func TestDealsAndPolicies(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a, err := db.SetUp(ctx, "A", "a@example.fi", "A", "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		b, err := db.AddWorkspace(ctx, "B", "b@example.fi", "B", "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Policy(ctx, a.WorkspaceID); code(err) != parley.ENOTFOUND {
			t.Errorf("policy before one is saved: %v", err)
		}
		for _, body := range []string{"currency = \"EUR\"", "currency = \"RUB\""} {
			if err := db.SetPolicy(ctx, a.WorkspaceID, body); err != nil {
				t.Fatal(err)
			}
			if got, err := db.Policy(ctx, a.WorkspaceID); err != nil || got != body {
				t.Errorf("policy %q, %v; want %q", got, err, body)
			}
		}
		if _, err := db.Policy(ctx, b.WorkspaceID); code(err) != parley.ENOTFOUND {
			t.Errorf("B reads A's policy: %v", err)
		}
		d := &parley.DealRecord{WorkspaceID: a.WorkspaceID, Title: "Landing pages", Data: []byte(`{"version":1}`)}
		if err := db.CreateDeal(ctx, d); err != nil {
			t.Fatal(err)
		}
		turn := time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC)
		if err := db.UpdateDeal(ctx, &parley.DealRecord{WorkspaceID: a.WorkspaceID, ID: d.ID, Data: []byte(`{"version":1,"ledger":[]}`), WhoseMove: "me", WaitingSince: turn}); err != nil {
			t.Fatal(err)
		}
		if ds, err := db.DealsWaiting(ctx, a.WorkspaceID, "me", turn.Add(time.Minute), 10); err != nil || len(ds) != 1 || !ds[0].WaitingSince.Equal(turn) || len(ds[0].Data) != 0 {
			t.Errorf("deals waiting on me: %+v %v", ds, err)
		}
		if ds, _ := db.DealsWaiting(ctx, a.WorkspaceID, "me", turn.Add(-time.Minute), 10); len(ds) != 0 {
			t.Errorf("waiting since before the turn: %d", len(ds))
		}
		if ds, _ := db.DealsWaiting(ctx, b.WorkspaceID, "me", turn.Add(time.Hour), 10); len(ds) != 0 {
			t.Errorf("B sees A's deal waiting: %d", len(ds))
		}
		got, err := db.Deal(ctx, a.WorkspaceID, d.ID)
		if err != nil || string(got.Data) != `{"version":1,"ledger":[]}` || got.Status != parley.DealOpen {
			t.Errorf("deal %+v %v", got, err)
		}
		if _, err := db.Deal(ctx, b.WorkspaceID, d.ID); code(err) != parley.ENOTFOUND {
			t.Errorf("B reads A's deal: %v", err)
		}
		if err := db.UpdateDeal(ctx, &parley.DealRecord{WorkspaceID: b.WorkspaceID, ID: d.ID, Data: []byte(`{}`)}); code(err) != parley.ENOTFOUND {
			t.Errorf("B changes A's deal: %v", err)
		}
		if ds, _, err := db.Deals(ctx, b.WorkspaceID, parley.Page{}); err != nil || len(ds) != 0 {
			t.Errorf("B lists %d deals: %v", len(ds), err)
		}
		if err := db.CreateDeal(ctx, &parley.DealRecord{WorkspaceID: a.WorkspaceID, Title: "  "}); code(err) != parley.EINVALID {
			t.Errorf("deal without title: %v", err)
		}
	})
}

func TestTokens(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a, _ := db.SetUp(ctx, "A", "a@example.fi", "A", "correct horse battery")
		b, _ := db.AddWorkspace(ctx, "B", "b@example.fi", "B", "correct horse battery")
		tok, secret, err := db.CreateToken(ctx, a, "zapier")
		if err != nil || !strings.HasPrefix(secret, "pk_") || len(secret) < 40 {
			t.Fatalf("token %v %q %v", tok, secret, err)
		}
		if u, err := db.TokenUser(ctx, secret); err != nil || u.ID != a.ID {
			t.Errorf("TokenUser: %v %v", u, err)
		}
		for _, bad := range []string{"", "pk_nope", secret + "x", "Bearer " + secret} {
			if _, err := db.TokenUser(ctx, bad); code(err) != parley.EUNAUTHORIZED {
				t.Errorf("TokenUser(%q): %v", bad, err)
			}
		}
		if err := db.RevokeToken(ctx, b.WorkspaceID, tok.ID); code(err) != parley.ENOTFOUND {
			t.Errorf("B revokes A's token: %v", err)
		}
		if ts, _ := db.Tokens(ctx, a.WorkspaceID); len(ts) != 1 || ts[0].Name != "zapier" {
			t.Errorf("tokens %v", ts)
		}
		if err := db.RevokeToken(ctx, a.WorkspaceID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.TokenUser(ctx, secret); code(err) != parley.EUNAUTHORIZED {
			t.Errorf("a revoked token still works: %v", err)
		}
		if _, _, err := db.CreateToken(ctx, a, " "); code(err) != parley.EINVALID {
			t.Errorf("a token without a name: %v", err)
		}
	})
}

// Fifty writers at once: every write lands, none sees "database is locked".
func TestConcurrentWriters(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		u, err := db.SetUp(ctx, "A", "a@example.fi", "A", "correct horse battery")
		if err != nil {
			t.Fatal(err)
		}
		const writers, each = 50, 10
		errs := make(chan error, writers*each)
		done := make(chan struct{})
		for w := range writers {
			go func() {
				defer func() { done <- struct{}{} }()
				for i := range each {
					l := &parley.Lead{WorkspaceID: u.WorkspaceID, Inquiry: fmt.Sprintf("writer %d lead %d", w, i), Language: "en", Verdict: "proceed", Screening: []byte(`{}`)}
					if err := db.CreateLead(ctx, l); err != nil {
						errs <- err
						return
					}
					if err := db.SetLeadStatus(ctx, u.WorkspaceID, l.ID, parley.LeadDeclined); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		for range writers {
			<-done
		}
		close(errs)
		for err := range errs {
			t.Fatalf("a concurrent write failed: %v", err)
		}
		n := 0
		page := parley.Page{Limit: parley.MaxPageSize}
		for {
			ls, next, err := db.Leads(ctx, u.WorkspaceID, parley.LeadDeclined, page)
			if err != nil {
				t.Fatal(err)
			}
			n += len(ls)
			if next == "" {
				break
			}
			page.After = next
		}
		if n != writers*each {
			t.Errorf("%d leads stored, want %d", n, writers*each)
		}
	})
}

func TestBackupAndRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	live := filepath.Join(dir, "live.db")
	db, err := Open(ctx, live)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := db.SetUp(ctx, "A", "a@example.fi", "A", "correct horse battery")
	db.CreateLead(ctx, &parley.Lead{WorkspaceID: u.WorkspaceID, Inquiry: "before the backup", Language: "en", Verdict: "proceed", Screening: []byte(`{}`)})
	backup := filepath.Join(dir, "backup.db")
	if err := db.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(ctx, backup); code(err) != parley.ECONFLICT {
		t.Errorf("backup over an existing file: %v", err)
	}
	db.CreateLead(ctx, &parley.Lead{WorkspaceID: u.WorkspaceID, Inquiry: "after the backup", Language: "en", Verdict: "proceed", Screening: []byte(`{}`)})
	db.Close()

	if err := Restore(ctx, filepath.Join(dir, "nope.db"), live); code(err) != parley.EINVALID {
		t.Errorf("restore of a missing file: %v", err)
	}
	notParley := filepath.Join(dir, "other.txt")
	os.WriteFile(notParley, []byte("hello"), 0o600)
	if err := Restore(ctx, notParley, live); code(err) != parley.EINVALID {
		t.Errorf("restore of a text file: %v", err)
	}
	if err := Restore(ctx, backup, live); err != nil {
		t.Fatal(err)
	}
	db, err = Open(ctx, live)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ls, _, _ := db.Leads(ctx, u.WorkspaceID, "", parley.Page{})
	if len(ls) != 1 || ls[0].Inquiry != "before the backup" {
		t.Errorf("restored leads: %v", ls)
	}
	if _, err := os.Stat(live + ".old"); err != nil {
		t.Errorf("the replaced desk was not kept: %v", err)
	}
}

func TestCommitmentsAndStages(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a, _ := db.SetUp(ctx, "A", "a@example.fi", "A", "correct horse battery")
		b, _ := db.AddWorkspace(ctx, "B", "b@example.fi", "B", "correct horse battery")
		d := &parley.DealRecord{WorkspaceID: a.WorkspaceID, Title: "T", Data: []byte(`{}`)}
		db.CreateDeal(ctx, d)
		now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
		for _, c := range []*parley.Commitment{
			{WorkspaceID: a.WorkspaceID, DealID: d.ID, Owner: "me", What: "send the brief", Due: now.Add(-2 * time.Hour)},
			{WorkspaceID: a.WorkspaceID, DealID: d.ID, Owner: "client", What: "pay stage 1", Due: now.Add(3 * time.Hour)},
			{WorkspaceID: a.WorkspaceID, Owner: "me", What: "call on Friday", Due: now.Add(72 * time.Hour)},
		} {
			if err := db.CreateCommitment(ctx, c); err != nil {
				t.Fatal(err)
			}
		}
		for _, bad := range []*parley.Commitment{
			{WorkspaceID: a.WorkspaceID, Owner: "boss", What: "x", Due: now},
			{WorkspaceID: a.WorkspaceID, Owner: "me", What: " ", Due: now},
			{WorkspaceID: a.WorkspaceID, Owner: "me", What: "x"},
		} {
			if err := db.CreateCommitment(ctx, bad); code(err) != parley.EINVALID {
				t.Errorf("%+v: %v", bad, err)
			}
		}
		if err := db.CreateCommitment(ctx, &parley.Commitment{WorkspaceID: b.WorkspaceID, DealID: d.ID, Owner: "me", What: "x", Due: now}); code(err) != parley.ENOTFOUND {
			t.Errorf("B ties a commitment to A's deal: %v", err)
		}
		today := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
		cs, err := db.OpenCommitments(ctx, a.WorkspaceID, today)
		if err != nil || len(cs) != 2 || cs[0].What != "send the brief" || cs[1].Owner != "client" {
			t.Fatalf("due by tomorrow: %+v %v", cs, err)
		}
		if err := db.CompleteCommitment(ctx, b.WorkspaceID, cs[0].ID); code(err) != parley.ENOTFOUND {
			t.Errorf("B completes A's commitment: %v", err)
		}
		db.CompleteCommitment(ctx, a.WorkspaceID, cs[0].ID)
		if cs, _ := db.OpenCommitments(ctx, a.WorkspaceID, today); len(cs) != 1 {
			t.Errorf("after completing one: %d", len(cs))
		}

		if err := db.SetStages(ctx, a.WorkspaceID, d.ID, []parley.Stage{{Number: 1, Amount: "1125.00", Currency: "EUR", Due: "2026-11-30"}, {Number: 2, Amount: "1125.00", Currency: "EUR", Due: "2026-12-07"}}); err != nil {
			t.Fatal(err)
		}
		if due, err := db.StagesDue(ctx, a.WorkspaceID, "2026-12-01"); err != nil || len(due) != 1 || due[0].Number != 1 || due[0].Amount != "1125.00" {
			t.Errorf("stages due by 1 December: %+v %v", due, err)
		}
		if due, _ := db.StagesDue(ctx, b.WorkspaceID, "2026-12-31"); len(due) != 0 {
			t.Errorf("B sees A's stages due: %d", len(due))
		}
		steps := []struct {
			n     int
			event string
			code  string
		}{
			{1, "delivered", parley.ECONFLICT}, // not paid yet: work does not start (M6)
			{2, "paid", parley.ECONFLICT},      // stage 1 not accepted yet
			{1, "paid", ""}, {1, "paid", parley.ECONFLICT}, {1, "delivered", ""}, {1, "accepted", ""},
			{2, "paid", ""}, {3, "paid", parley.ENOTFOUND}, {2, "refunded", parley.EINVALID},
		}
		for _, s := range steps {
			if err := db.MarkStage(ctx, a.WorkspaceID, d.ID, s.n, s.event); code(err) != s.code {
				t.Errorf("stage %d %s: %v, want %q", s.n, s.event, err, s.code)
			}
		}
		if due, err := db.StagesDue(ctx, a.WorkspaceID, "2026-12-31"); err != nil || len(due) != 0 {
			t.Errorf("unpaid stages after paying both: %v %v", due, err)
		}
		if err := db.MarkStage(ctx, b.WorkspaceID, d.ID, 2, "delivered"); code(err) != parley.ENOTFOUND {
			t.Errorf("B marks A's stage: %v", err)
		}
		// Re-planning keeps the paid stages.
		db.SetStages(ctx, a.WorkspaceID, d.ID, []parley.Stage{{Number: 1, Amount: "9.00", Currency: "EUR", Due: "2026-11-30"}})
		st, _ := db.Stages(ctx, a.WorkspaceID, d.ID)
		if len(st) != 2 || st[0].Amount != "1125.00" || st[0].Accepted.IsZero() || st[1].Paid.IsZero() {
			t.Errorf("stages after re-planning: %+v %+v", st[0], st[len(st)-1])
		}
	})
}

func TestSessions(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		s := db.Sessions()
		if _, found, err := s.FindCtx(ctx, "nope"); found || err != nil {
			t.Errorf("missing session: %v %v", found, err)
		}
		if err := s.CommitCtx(ctx, "tok", []byte{0, 1, 2}, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := s.CommitCtx(ctx, "tok", []byte{3, 4}, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if b, found, err := s.FindCtx(ctx, "tok"); !found || err != nil || string(b) != "\x03\x04" {
			t.Errorf("find: %v %v %v", b, found, err)
		}
		now = now.Add(2 * time.Hour)
		if _, found, _ := s.FindCtx(ctx, "tok"); found {
			t.Error("an expired session was found")
		}
		if n, err := s.Expire(ctx); err != nil || n != 1 {
			t.Errorf("expire: %d %v", n, err)
		}
		if err := s.DeleteCtx(ctx, "tok"); err != nil {
			t.Errorf("delete of a missing session: %v", err)
		}
	})
}
