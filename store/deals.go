package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

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
	now := fromMillis(millis(db.Now()))
	d.CreatedAt, d.UpdatedAt = now, now
	err := db.write.QueryRowContext(ctx, db.rebind(`INSERT INTO deals (workspace_id, lead_id, title, status, data, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		d.WorkspaceID, nullID(d.LeadID), d.Title, d.Status, string(d.Data), millis(now), millis(now)).Scan(&d.ID)
	if err != nil {
		return internal("create deal", err)
	}
	return nil
}

const dealColumns = `id, workspace_id, lead_id, title, status, data, created_at, updated_at`

func scanDeal(row interface{ Scan(...any) error }) (*parley.DealRecord, error) {
	var d parley.DealRecord
	var lead sql.NullInt64
	var data string
	var created, updated int64
	if err := row.Scan(&d.ID, &d.WorkspaceID, &lead, &d.Title, &d.Status, &data, &created, &updated); err != nil {
		return nil, err
	}
	d.LeadID, d.Data = lead.Int64, []byte(data)
	d.CreatedAt, d.UpdatedAt = fromMillis(created), fromMillis(updated)
	return &d, nil
}

// Deal returns one deal of the workspace.
func (db *DB) Deal(ctx context.Context, workspace, id int64) (*parley.DealRecord, error) {
	d, err := scanDeal(db.read.QueryRowContext(ctx, db.rebind(`SELECT `+dealColumns+` FROM deals WHERE workspace_id = ? AND id = ?`), workspace, id))
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
	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT `+dealColumns+` FROM deals WHERE workspace_id = ? AND id < ? ORDER BY id DESC LIMIT ?`), workspace, after, limit)
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

// UpdateDeal replaces a deal's negotiation state.
func (db *DB) UpdateDeal(ctx context.Context, workspace, id int64, data []byte) error {
	if len(data) == 0 {
		return parley.Errorf(parley.EINVALID, "a deal's state cannot be empty")
	}
	res, err := db.write.ExecContext(ctx, db.rebind(`UPDATE deals SET data = ?, updated_at = ? WHERE workspace_id = ? AND id = ?`), string(data), millis(db.Now()), workspace, id)
	if err != nil {
		return internal("update deal", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return parley.Errorf(parley.ENOTFOUND, "no deal %d", id)
	}
	return nil
}

// Policy returns the workspace's policy text.
func (db *DB) Policy(ctx context.Context, workspace int64) (string, error) {
	var body string
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT body FROM policies WHERE workspace_id = ?`), workspace).Scan(&body)
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
