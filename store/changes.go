package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/money"
)

var _ parley.ChangeService = (*DB)(nil)

var changeKinds = []string{parley.ChangeDefect, parley.ChangeRevision, parley.ChangeNewWork}

// CreateChange records a client's change request (R1), already classified.
func (db *DB) CreateChange(ctx context.Context, c *parley.ChangeRequest) error {
	c.Text = strings.TrimSpace(c.Text)
	switch {
	case c.Text == "" || len(c.Text) > 20000:
		return parley.Errorf(parley.EINVALID, "write what the client wants changed, in at most 20 000 bytes")
	case !slices.Contains(changeKinds, c.Kind):
		return parley.Errorf(parley.EINVALID, "a change request is a defect, a revision or new work, not %q", c.Kind)
	case c.Source == "":
		c.Source = "desk"
	}
	if _, err := db.Deal(ctx, c.WorkspaceID, c.DealID); err != nil {
		return err
	}
	c.Status = parley.ChangeOpen
	now := fromMillis(millis(db.Now()))
	c.CreatedAt, c.UpdatedAt = now, now
	err := db.write.QueryRowContext(ctx, db.rebind(`INSERT INTO change_requests (workspace_id, deal_id, text, kind, reason, price, currency, status, source, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		c.WorkspaceID, c.DealID, c.Text, c.Kind, c.Reason, c.Price, c.Currency, c.Status, c.Source, millis(now), millis(now)).Scan(&c.ID)
	if err != nil {
		return internal("create change request", err)
	}
	return nil
}

const changeColumns = `id, workspace_id, deal_id, text, kind, reason, price, currency, status, source, created_at, updated_at`

func scanChange(row scanner) (*parley.ChangeRequest, error) {
	var c parley.ChangeRequest
	var created, updated int64
	if err := row.Scan(&c.ID, &c.WorkspaceID, &c.DealID, &c.Text, &c.Kind, &c.Reason, &c.Price, &c.Currency, &c.Status, &c.Source, &created, &updated); err != nil {
		return nil, err
	}
	c.CreatedAt, c.UpdatedAt = fromMillis(created), fromMillis(updated)
	return &c, nil
}

// Changes lists a deal's change requests, oldest first.
func (db *DB) Changes(ctx context.Context, workspace, deal int64) ([]*parley.ChangeRequest, error) {
	rows, err := db.queryRead(ctx, `SELECT `+changeColumns+` FROM change_requests WHERE workspace_id = ? AND deal_id = ? ORDER BY id LIMIT 500`, workspace, deal)
	return collect(rows, err, "change requests", scanChange)
}

// SetChangeStatus moves a request on; quoting new work needs its price.
func (db *DB) SetChangeStatus(ctx context.Context, workspace, id int64, status, price string) (*parley.ChangeRequest, error) {
	c, err := scanChange(db.write.QueryRowContext(ctx, db.rebind(`SELECT `+changeColumns+` FROM change_requests WHERE workspace_id = ? AND id = ?`), workspace, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, parley.Errorf(parley.ENOTFOUND, "no change request %d", id)
	} else if err != nil {
		return nil, internal("change request", err)
	}
	if !parley.CanChange(c.Kind, c.Status, status) {
		return nil, parley.Errorf(parley.ECONFLICT, "a %s request that is %s cannot become %s", strings.ReplaceAll(c.Kind, "_", " "), c.Status, status)
	}
	if status == parley.ChangeQuoted {
		cur, err := money.Lookup(c.Currency)
		if err != nil {
			return nil, parley.Errorf(parley.EINVALID, "change request %d has no currency to quote in", id)
		}
		m, err := money.Parse(strings.TrimSpace(price), cur)
		if err != nil || m.Minor <= 0 {
			return nil, parley.Errorf(parley.EINVALID, "the price of new work must be an amount above zero, like 250 or 250.50")
		}
		c.Price = m.String()
	}
	now := db.Now()
	res, err := db.write.ExecContext(ctx, db.rebind(`UPDATE change_requests SET status = ?, price = ?, updated_at = ? WHERE workspace_id = ? AND id = ? AND status = ?`),
		status, c.Price, millis(now), workspace, id, c.Status)
	if err != nil {
		return nil, internal("change request", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, parley.Errorf(parley.ECONFLICT, "change request %d changed meanwhile; reload and try again", id)
	}
	c.Status, c.UpdatedAt = status, fromMillis(millis(now))
	return c, nil
}
