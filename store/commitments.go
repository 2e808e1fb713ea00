package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/parley-desk/parley"
)

var _ parley.CommitmentService = (*DB)(nil)

// CreateCommitment stores a promise.
func (db *DB) CreateCommitment(ctx context.Context, c *parley.Commitment) error {
	c.What = strings.TrimSpace(c.What)
	switch {
	case c.Owner != "me" && c.Owner != "client":
		return parley.Errorf(parley.EINVALID, "a commitment is yours (me) or the client's (client), not %q", c.Owner)
	case c.What == "" || len(c.What) > 500:
		return parley.Errorf(parley.EINVALID, "say what is promised, in at most 500 bytes")
	case c.Due.IsZero():
		return parley.Errorf(parley.EINVALID, "a commitment needs its due time")
	}
	if c.DealID != 0 {
		if _, err := db.Deal(ctx, c.WorkspaceID, c.DealID); err != nil {
			return err
		}
	}
	c.CreatedAt = fromMillis(millis(db.Now()))
	err := db.write.QueryRowContext(ctx, db.rebind(`INSERT INTO commitments (workspace_id, deal_id, owner, what, due_at, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
		c.WorkspaceID, nullID(c.DealID), c.Owner, c.What, millis(c.Due), millis(c.CreatedAt)).Scan(&c.ID)
	if err != nil {
		return internal("create commitment", err)
	}
	return nil
}

// OpenCommitments lists open promises due before dueBefore, soonest first.
func (db *DB) OpenCommitments(ctx context.Context, workspace int64, dueBefore time.Time) ([]*parley.Commitment, error) {
	rows, err := db.queryRead(ctx, `SELECT id, workspace_id, deal_id, owner, what, due_at, created_at FROM commitments
		WHERE workspace_id = ? AND done_at IS NULL AND due_at < ? ORDER BY due_at LIMIT 200`, workspace, millis(dueBefore))
	if err != nil {
		return nil, internal("commitments", err)
	}
	defer rows.Close()
	var out []*parley.Commitment
	for rows.Next() {
		var c parley.Commitment
		var deal sql.NullInt64
		var due, created int64
		if err := rows.Scan(&c.ID, &c.WorkspaceID, &deal, &c.Owner, &c.What, &due, &created); err != nil {
			return nil, internal("commitments", err)
		}
		c.DealID, c.Due, c.CreatedAt = deal.Int64, fromMillis(due), fromMillis(created)
		out = append(out, &c)
	}
	return out, rows.Err()
}

// DealCommitments lists a deal's promises, open and kept, soonest due first.
func (db *DB) DealCommitments(ctx context.Context, workspace, deal int64) ([]*parley.Commitment, error) {
	rows, err := db.queryRead(ctx, `SELECT id, workspace_id, deal_id, owner, what, due_at, done_at, created_at FROM commitments
		WHERE workspace_id = ? AND deal_id = ? ORDER BY due_at LIMIT 500`, workspace, deal)
	return collect(rows, err, "deal commitments", func(row scanner) (*parley.Commitment, error) {
		var c parley.Commitment
		var dealID, done sql.NullInt64
		var due, created int64
		if err := row.Scan(&c.ID, &c.WorkspaceID, &dealID, &c.Owner, &c.What, &due, &done, &created); err != nil {
			return nil, err
		}
		c.DealID, c.Due, c.Done, c.CreatedAt = dealID.Int64, fromMillis(due), optTime(done), fromMillis(created)
		return &c, nil
	})
}

// CompleteCommitment marks a promise kept.
func (db *DB) CompleteCommitment(ctx context.Context, workspace, id int64) error {
	res, err := db.write.ExecContext(ctx, db.rebind(`UPDATE commitments SET done_at = ? WHERE workspace_id = ? AND id = ? AND done_at IS NULL`), millis(db.Now()), workspace, id)
	if err != nil {
		return internal("complete commitment", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return parley.Errorf(parley.ENOTFOUND, "no open commitment %d", id)
	}
	return nil
}

// SetStages records a deal's stages, replacing the unpaid ones: a stage
// already paid is part of the agreement and stays.
func (db *DB) SetStages(ctx context.Context, workspace, deal int64, stages []parley.Stage) error {
	if _, err := db.Deal(ctx, workspace, deal); err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM stages WHERE workspace_id = ? AND deal_id = ? AND paid_at IS NULL`), workspace, deal); err != nil {
			return internal("set stages", err)
		}
		for _, s := range stages {
			if _, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO stages (workspace_id, deal_id, number, amount, currency, due) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (deal_id, number) DO NOTHING`), workspace, deal, s.Number, s.Amount, s.Currency, s.Due); err != nil {
				return internal("set stages", err)
			}
		}
		return nil
	})
}

// Stages lists a deal's stages in order.
func (db *DB) Stages(ctx context.Context, workspace, deal int64) ([]*parley.Stage, error) {
	rows, err := db.queryRead(ctx, `SELECT `+stageColumns+` FROM stages WHERE workspace_id = ? AND deal_id = ? ORDER BY number`, workspace, deal)
	return collect(rows, err, "stages", scanStage)
}

// PaidStages lists the paid stages of a client's deals: the money
// received, for the clients page.
func (db *DB) PaidStages(ctx context.Context, workspace, client int64) ([]*parley.Stage, error) {
	rows, err := db.queryRead(ctx, `SELECT s.id, s.workspace_id, s.deal_id, s.number, s.amount, s.currency, s.due, s.paid_at, s.delivered_at, s.accepted_at
		FROM stages s JOIN deals d ON d.id = s.deal_id
		WHERE d.workspace_id = ? AND d.client_id = ? AND s.paid_at IS NOT NULL ORDER BY s.paid_at LIMIT 10000`, workspace, client)
	return collect(rows, err, "paid stages", scanStage)
}

const stageColumns = `id, workspace_id, deal_id, number, amount, currency, due, paid_at, delivered_at, accepted_at`

func scanStage(row scanner) (*parley.Stage, error) {
	var s parley.Stage
	var paid, delivered, accepted sql.NullInt64
	if err := row.Scan(&s.ID, &s.WorkspaceID, &s.DealID, &s.Number, &s.Amount, &s.Currency, &s.Due, &paid, &delivered, &accepted); err != nil {
		return nil, err
	}
	s.Paid, s.Delivered, s.Accepted = optTime(paid), optTime(delivered), optTime(accepted)
	return &s, nil
}

// MarkStage records a stage's progress: paid, then delivered (work on a
// stage starts only once it is paid: M6), then accepted; and stage N+1 is
// paid only after stage N was accepted.
func (db *DB) MarkStage(ctx context.Context, workspace, deal int64, number int, event string) error {
	stages, err := db.Stages(ctx, workspace, deal)
	if err != nil {
		return err
	}
	var s *parley.Stage
	for i, st := range stages {
		if st.Number == number {
			s = st
			if event == "paid" && i > 0 && stages[i-1].Accepted.IsZero() {
				return parley.Errorf(parley.ECONFLICT, "stage %d is paid after stage %d is accepted", number, stages[i-1].Number)
			}
		}
	}
	if s == nil {
		return parley.Errorf(parley.ENOTFOUND, "deal %d has no stage %d", deal, number)
	}
	var col string
	switch {
	case event == "paid" && s.Paid.IsZero():
		col = "paid_at"
	case event == "delivered" && !s.Paid.IsZero() && s.Delivered.IsZero():
		col = "delivered_at"
	case event == "accepted" && !s.Delivered.IsZero() && s.Accepted.IsZero():
		col = "accepted_at"
	case event != "paid" && event != "delivered" && event != "accepted":
		return parley.Errorf(parley.EINVALID, "a stage is marked paid, delivered or accepted, not %q", event)
	default:
		return parley.Errorf(parley.ECONFLICT, "stage %d cannot be marked %s now: a stage is paid, then delivered, then accepted, once each", number, event)
	}
	_, err = db.write.ExecContext(ctx, db.rebind(`UPDATE stages SET `+col+` = ? WHERE workspace_id = ? AND deal_id = ? AND number = ?`), millis(db.Now()), workspace, deal, number)
	if err != nil {
		return internal("mark stage", err)
	}
	return nil
}

// StagesDue lists unpaid stages due on or before the date given
// (YYYY-MM-DD), soonest first: the dashboard's "awaiting payment".
func (db *DB) StagesDue(ctx context.Context, workspace int64, date string) ([]*parley.Stage, error) {
	rows, err := db.queryRead(ctx, `SELECT id, workspace_id, deal_id, number, amount, currency, due FROM stages
		WHERE workspace_id = ? AND paid_at IS NULL AND due <= ? ORDER BY due, deal_id, number LIMIT 100`, workspace, date)
	if err != nil {
		return nil, internal("stages due", err)
	}
	defer rows.Close()
	var out []*parley.Stage
	for rows.Next() {
		var s parley.Stage
		if err := rows.Scan(&s.ID, &s.WorkspaceID, &s.DealID, &s.Number, &s.Amount, &s.Currency, &s.Due); err != nil {
			return nil, internal("stages due", err)
		}
		out = append(out, &s)
	}
	return out, rows.Err()
}
