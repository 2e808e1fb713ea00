package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"github.com/parley-desk/parley"
)

var _ parley.LeadService = (*DB)(nil)

var leadStatuses = []string{parley.LeadNew, parley.LeadDeclined, parley.LeadConverted}

// CreateLead stores a screened inquiry.
func (db *DB) CreateLead(ctx context.Context, l *parley.Lead) error {
	if l.Inquiry == "" {
		return parley.Errorf(parley.EINVALID, "a lead needs the inquiry's text")
	}
	if l.Status == "" {
		l.Status = parley.LeadNew
	}
	if !slices.Contains(leadStatuses, l.Status) {
		return parley.Errorf(parley.EINVALID, "lead status %q: write new, declined or converted", l.Status)
	}
	if l.ClientID != 0 {
		if _, err := db.Client(ctx, l.WorkspaceID, l.ClientID); err != nil {
			return err // a client of another workspace is not found either
		}
	}
	now := fromMillis(millis(db.Now()))
	l.CreatedAt, l.UpdatedAt = now, now
	err := db.write.QueryRowContext(ctx, db.rebind(`INSERT INTO leads (workspace_id, client_id, source, inquiry, language, verdict, score, screening, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		l.WorkspaceID, nullID(l.ClientID), l.Source, l.Inquiry, l.Language, l.Verdict, l.Score, string(l.Screening), l.Status, millis(now), millis(now)).Scan(&l.ID)
	if err != nil {
		return internal("create lead", err)
	}
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

const leadColumns = `id, workspace_id, client_id, source, inquiry, language, verdict, score, screening, status, created_at, updated_at`

func scanLead(row interface{ Scan(...any) error }) (*parley.Lead, error) {
	var l parley.Lead
	var client sql.NullInt64
	var screening string
	var created, updated int64
	if err := row.Scan(&l.ID, &l.WorkspaceID, &client, &l.Source, &l.Inquiry, &l.Language, &l.Verdict, &l.Score, &screening, &l.Status, &created, &updated); err != nil {
		return nil, err
	}
	l.ClientID, l.Screening = client.Int64, []byte(screening)
	l.CreatedAt, l.UpdatedAt = fromMillis(created), fromMillis(updated)
	return &l, nil
}

// Lead returns one lead of the workspace.
func (db *DB) Lead(ctx context.Context, workspace, id int64) (*parley.Lead, error) {
	l, err := scanLead(db.queryRowRead(ctx, `SELECT `+leadColumns+` FROM leads WHERE workspace_id = ? AND id = ?`, workspace, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, parley.Errorf(parley.ENOTFOUND, "no lead %d", id)
	} else if err != nil {
		return nil, internal("lead", err)
	}
	return l, nil
}

// Leads lists the workspace's leads, newest first, of one status or all,
// without their screening (read one lead for that).
func (db *DB) Leads(ctx context.Context, workspace int64, status string, page parley.Page) ([]*parley.Lead, string, error) {
	if status != "" && !slices.Contains(leadStatuses, status) {
		return nil, "", parley.Errorf(parley.EINVALID, "lead status %q: write new, declined or converted", status)
	}
	after, limit, err := cursor(page)
	if err != nil {
		return nil, "", err
	}
	// Lists carry no screening and at most the inquiry's first 400
	// characters: a page of leads reads a few kilobytes, not megabytes.
	q := `SELECT id, workspace_id, client_id, source, substr(inquiry, 1, 400), language, verdict, score, '', status, created_at, updated_at FROM leads
		WHERE workspace_id = ? AND id < ? ORDER BY id DESC LIMIT ?`
	args := []any{workspace, after, limit}
	if status != "" {
		q = `SELECT id, workspace_id, client_id, source, substr(inquiry, 1, 400), language, verdict, score, '', status, created_at, updated_at FROM leads
		WHERE workspace_id = ? AND status = ? AND id < ? ORDER BY id DESC LIMIT ?`
		args = []any{workspace, status, after, limit}
	}
	rows, err := db.queryRead(ctx, q, args...)
	if err != nil {
		return nil, "", internal("leads", err)
	}
	defer rows.Close()
	var out []*parley.Lead
	for rows.Next() {
		l, err := scanLead(rows)
		if err != nil {
			return nil, "", internal("leads", err)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, "", internal("leads", err)
	}
	next := ""
	if len(out) > 0 {
		next = nextCursor(len(out), limit, out[len(out)-1].ID)
	}
	return out, next, nil
}

// SetLeadStatus declines or converts a lead.
func (db *DB) SetLeadStatus(ctx context.Context, workspace, id int64, status string) error {
	if !slices.Contains(leadStatuses, status) {
		return parley.Errorf(parley.EINVALID, "lead status %q: write new, declined or converted", status)
	}
	res, err := db.write.ExecContext(ctx, db.rebind(`UPDATE leads SET status = ?, updated_at = ? WHERE workspace_id = ? AND id = ?`), status, millis(db.Now()), workspace, id)
	if err != nil {
		return internal("set lead status", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return parley.Errorf(parley.ENOTFOUND, "no lead %d", id)
	}
	return nil
}
