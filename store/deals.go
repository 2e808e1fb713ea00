package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/parley-desk/parley"
)

var (
	_ parley.DealService   = (*DB)(nil)
	_ parley.PolicyService = (*DB)(nil)
)

// CreateDeal stores a new deal.
func (db *DB) CreateDeal(ctx context.Context, d *parley.DealRecord) error {
	d.Title = strings.TrimSpace(d.Title)
	if d.Title == "" || len(d.Data) == 0 {
		return parley.Errorf(parley.EINVALID, "a deal needs a title and its terms")
	}
	if d.Status == "" {
		d.Status = parley.DealOpen
	}
	if d.LeadID != 0 {
		if _, err := db.Lead(ctx, d.WorkspaceID, d.LeadID); err != nil {
			return err
		}
	}
	if d.ClientID != 0 {
		if _, err := db.Client(ctx, d.WorkspaceID, d.ClientID); err != nil {
			return err
		}
	}
	now := fromMillis(millis(db.Now()))
	d.CreatedAt, d.UpdatedAt = now, now
	err := db.write.QueryRowContext(ctx, db.rebind(`INSERT INTO deals (workspace_id, lead_id, client_id, title, status, data, whose_move, waiting_since, followed_up, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		d.WorkspaceID, nullID(d.LeadID), nullID(d.ClientID), d.Title, d.Status, string(d.Data), d.WhoseMove, waitMillis(d.WaitingSince), boolInt(d.FollowedUp), millis(now), millis(now)).Scan(&d.ID)
	if err != nil {
		return internal("create deal", err)
	}
	return nil
}

const dealColumns = `id, workspace_id, lead_id, client_id, title, status, data, whose_move, waiting_since, followed_up, created_at, updated_at`

func waitMillis(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return millis(t)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func scanDeal(row interface{ Scan(...any) error }) (*parley.DealRecord, error) {
	var d parley.DealRecord
	var lead, client sql.NullInt64
	var data string
	var created, updated, waiting int64
	var followed int
	if err := row.Scan(&d.ID, &d.WorkspaceID, &lead, &client, &d.Title, &d.Status, &data, &d.WhoseMove, &waiting, &followed, &created, &updated); err != nil {
		return nil, err
	}
	d.LeadID, d.ClientID, d.Data, d.FollowedUp = lead.Int64, client.Int64, []byte(data), followed == 1
	if waiting != 0 {
		d.WaitingSince = fromMillis(waiting)
	}
	d.CreatedAt, d.UpdatedAt = fromMillis(created), fromMillis(updated)
	return &d, nil
}

// Deal returns one deal of the workspace.
func (db *DB) Deal(ctx context.Context, workspace, id int64) (*parley.DealRecord, error) {
	d, err := scanDeal(db.queryRowRead(ctx, `SELECT `+dealColumns+` FROM deals WHERE workspace_id = ? AND id = ?`, workspace, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, parley.Errorf(parley.ENOTFOUND, "no deal %d", id)
	} else if err != nil {
		return nil, internal("deal", err)
	}
	return d, nil
}

// Deals lists the workspace's deals, newest first.
func (db *DB) Deals(ctx context.Context, workspace int64, page parley.Page) ([]*parley.DealRecord, string, error) {
	after, limit, err := cursor(page)
	if err != nil {
		return nil, "", err
	}
	return db.dealPage(ctx, limit, `SELECT `+dealColumns+` FROM deals WHERE workspace_id = ? AND id < ? ORDER BY id DESC LIMIT ?`, workspace, after, limit)
}

// ClientDeals lists one client's deals, newest first.
func (db *DB) ClientDeals(ctx context.Context, workspace, client int64, page parley.Page) ([]*parley.DealRecord, string, error) {
	after, limit, err := cursor(page)
	if err != nil {
		return nil, "", err
	}
	return db.dealPage(ctx, limit, `SELECT `+dealColumns+` FROM deals WHERE workspace_id = ? AND client_id = ? AND id < ? ORDER BY id DESC LIMIT ?`, workspace, client, after, limit)
}

func (db *DB) dealPage(ctx context.Context, limit int, q string, args ...any) ([]*parley.DealRecord, string, error) {
	rows, err := db.queryRead(ctx, q, args...)
	if err != nil {
		return nil, "", internal("deals", err)
	}
	defer rows.Close()
	var out []*parley.DealRecord
	for rows.Next() {
		d, err := scanDeal(rows)
		if err != nil {
			return nil, "", internal("deals", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, "", internal("deals", err)
	}
	next := ""
	if len(out) > 0 {
		next = nextCursor(len(out), limit, out[len(out)-1].ID)
	}
	return out, next, nil
}

// UpdateDeal replaces a deal's negotiation state and its turn.
func (db *DB) UpdateDeal(ctx context.Context, d *parley.DealRecord) error {
	if len(d.Data) == 0 {
		return parley.Errorf(parley.EINVALID, "a deal's state cannot be empty")
	}
	res, err := db.write.ExecContext(ctx, db.rebind(`UPDATE deals SET data = ?, whose_move = ?, waiting_since = ?, followed_up = ?, updated_at = ? WHERE workspace_id = ? AND id = ?`),
		string(d.Data), d.WhoseMove, waitMillis(d.WaitingSince), boolInt(d.FollowedUp), millis(db.Now()), d.WorkspaceID, d.ID)
	if err != nil {
		return internal("update deal", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return parley.Errorf(parley.ENOTFOUND, "no deal %d", d.ID)
	}
	return nil
}

// DealsWaiting lists open deals waiting on whose move since, at the latest, the
// time given, longest first, without their state (an index, not a scan).
func (db *DB) DealsWaiting(ctx context.Context, workspace int64, whose string, before time.Time, limit int) ([]*parley.DealRecord, error) {
	if limit <= 0 || limit > parley.MaxPageSize {
		limit = 50
	}
	rows, err := db.queryRead(ctx, `SELECT id, workspace_id, lead_id, client_id, title, status, '', whose_move, waiting_since, followed_up, created_at, updated_at FROM deals
		WHERE workspace_id = ? AND status = 'open' AND whose_move = ? AND waiting_since > 0 AND waiting_since <= ? ORDER BY waiting_since LIMIT ?`, workspace, whose, millis(before), limit)
	if err != nil {
		return nil, internal("deals waiting", err)
	}
	defer rows.Close()
	var out []*parley.DealRecord
	for rows.Next() {
		d, err := scanDeal(rows)
		if err != nil {
			return nil, internal("deals waiting", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Policy returns the workspace's policy text.
func (db *DB) Policy(ctx context.Context, workspace int64) (string, error) {
	var body string
	err := db.queryRowRead(ctx, `SELECT body FROM policies WHERE workspace_id = ?`, workspace).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return "", parley.Errorf(parley.ENOTFOUND, "no policy saved yet")
	} else if err != nil {
		return "", internal("policy", err)
	}
	return body, nil
}

// SetPolicy stores the workspace's policy text (the caller validates it).
func (db *DB) SetPolicy(ctx context.Context, workspace int64, body string) error {
	_, err := db.write.ExecContext(ctx, db.rebind(`INSERT INTO policies (workspace_id, body, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (workspace_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`), workspace, body, millis(db.Now()))
	if err != nil {
		return internal("set policy", err)
	}
	return nil
}
