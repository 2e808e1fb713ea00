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

var _ parley.DisputeService = (*DB)(nil)

var outcomes = []string{"", parley.OutcomeRedo, parley.OutcomePartialRefund, parley.OutcomeFullRefund, parley.OutcomeParted}

// OpenDispute records a complaint (C1); a deal has one open dispute at most.
func (db *DB) OpenDispute(ctx context.Context, d *parley.Dispute) error {
	d.Complaint = strings.TrimSpace(d.Complaint)
	if d.Complaint == "" || len(d.Complaint) > 20000 {
		return parley.Errorf(parley.EINVALID, "write the client's complaint, in at most 20 000 bytes")
	}
	if _, err := db.Deal(ctx, d.WorkspaceID, d.DealID); err != nil {
		return err
	}
	now := fromMillis(millis(db.Now()))
	d.Opened, d.Updated, d.Closed, d.Outcome, d.Refund = now, now, zeroTime, "", ""
	err := db.write.QueryRowContext(ctx, db.rebind(`INSERT INTO disputes (workspace_id, deal_id, complaint, currency, opened_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`),
		d.WorkspaceID, d.DealID, d.Complaint, d.Currency, millis(now), millis(now)).Scan(&d.ID)
	if err != nil {
		if isUnique(err) {
			return parley.Errorf(parley.ECONFLICT, "this deal already has an open dispute; carry on with it")
		}
		return internal("open dispute", err)
	}
	return nil
}

const disputeColumns = `id, workspace_id, deal_id, complaint, what_not_suits, solutions, mistake_admitted, outcome, refund, currency, opened_at, updated_at, closed_at`

func scanDispute(row scanner) (*parley.Dispute, error) {
	var d parley.Dispute
	var admitted int
	var opened, updated int64
	var closed sql.NullInt64
	if err := row.Scan(&d.ID, &d.WorkspaceID, &d.DealID, &d.Complaint, &d.WhatNotSuits, &d.Solutions, &admitted, &d.Outcome, &d.Refund, &d.Currency, &opened, &updated, &closed); err != nil {
		return nil, err
	}
	d.MistakeAdmitted, d.Opened, d.Updated, d.Closed = admitted == 1, fromMillis(opened), fromMillis(updated), optTime(closed)
	return &d, nil
}

// Disputes lists a deal's disputes, oldest first.
func (db *DB) Disputes(ctx context.Context, workspace, deal int64) ([]*parley.Dispute, error) {
	rows, err := db.queryRead(ctx, `SELECT `+disputeColumns+` FROM disputes WHERE workspace_id = ? AND deal_id = ? ORDER BY id LIMIT 100`, workspace, deal)
	return collect(rows, err, "disputes", scanDispute)
}

// UpdateDispute records the steps of an open dispute; an outcome closes
// it. A refund is checked here: a partial one is above zero, a full one
// is what the caller computed from the payments.
func (db *DB) UpdateDispute(ctx context.Context, d *parley.Dispute) error {
	d.WhatNotSuits, d.Solutions = strings.TrimSpace(d.WhatNotSuits), strings.TrimSpace(d.Solutions)
	switch {
	case len(d.WhatNotSuits) > 20000 || len(d.Solutions) > 20000:
		return parley.Errorf(parley.EINVALID, "keep each step under 20 000 bytes")
	case !slices.Contains(outcomes, d.Outcome):
		return parley.Errorf(parley.EINVALID, "a dispute ends in redo, partial_refund, full_refund or parted, not %q", d.Outcome)
	}
	old, err := scanDispute(db.write.QueryRowContext(ctx, db.rebind(`SELECT `+disputeColumns+` FROM disputes WHERE workspace_id = ? AND id = ?`), d.WorkspaceID, d.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return parley.Errorf(parley.ENOTFOUND, "no dispute %d", d.ID)
	} else if err != nil {
		return internal("dispute", err)
	}
	if !old.Closed.IsZero() {
		return parley.Errorf(parley.ECONFLICT, "this dispute is closed (%s); open a new one if the client complains again", old.Outcome)
	}
	d.DealID, d.Complaint, d.Currency, d.Opened = old.DealID, old.Complaint, old.Currency, old.Opened
	d.Refund = strings.TrimSpace(d.Refund)
	switch d.Outcome {
	case parley.OutcomePartialRefund, parley.OutcomeFullRefund:
		cur, err := money.Lookup(d.Currency)
		if err != nil {
			return parley.Errorf(parley.EINVALID, "this deal has no currency to refund in")
		}
		m, err := money.Parse(d.Refund, cur)
		if err != nil || m.Minor <= 0 {
			return parley.Errorf(parley.EINVALID, "a refund must be an amount above zero, like 500 or 500.50")
		}
		d.Refund = m.String()
	default:
		d.Refund = ""
	}
	if d.Outcome == parley.OutcomeRedo && !d.MistakeAdmitted {
		return parley.Errorf(parley.EINVALID, "redoing the work follows an admitted mistake (C1); tick it, or choose another outcome")
	}
	now := fromMillis(millis(db.Now()))
	d.Updated, d.Closed = now, zeroTime
	if d.Outcome != "" {
		d.Closed = now
	}
	res, err := db.write.ExecContext(ctx, db.rebind(`UPDATE disputes SET what_not_suits = ?, solutions = ?, mistake_admitted = ?, outcome = ?, refund = ?, updated_at = ?, closed_at = ?
		WHERE workspace_id = ? AND id = ? AND closed_at IS NULL`),
		d.WhatNotSuits, d.Solutions, boolInt(d.MistakeAdmitted), d.Outcome, d.Refund, millis(now), optMillis(d.Closed), d.WorkspaceID, d.ID)
	if err != nil {
		return internal("update dispute", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return parley.Errorf(parley.ECONFLICT, "the dispute was closed meanwhile; reload it")
	}
	return nil
}

// ClientDisputes lists the disputes of a client's deals, oldest first.
func (db *DB) ClientDisputes(ctx context.Context, workspace, client int64) ([]*parley.Dispute, error) {
	rows, err := db.queryRead(ctx, `SELECT x.id, x.workspace_id, x.deal_id, x.complaint, x.what_not_suits, x.solutions, x.mistake_admitted, x.outcome, x.refund, x.currency, x.opened_at, x.updated_at, x.closed_at
		FROM disputes x JOIN deals d ON d.id = x.deal_id WHERE d.workspace_id = ? AND d.client_id = ? ORDER BY x.id LIMIT 1000`, workspace, client)
	return collect(rows, err, "client disputes", scanDispute)
}
