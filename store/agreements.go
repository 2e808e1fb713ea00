package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/parley-desk/parley"
)

var _ parley.AgreementService = (*DB)(nil)

// RecordAgreement appends the next version of a deal's agreement and marks
// the one before it superseded, in one transaction (C2).
func (db *DB) RecordAgreement(ctx context.Context, a *parley.Agreement) error {
	if len(a.Terms) == 0 {
		return parley.Errorf(parley.EINVALID, "an agreement version needs its terms")
	}
	if _, err := db.Deal(ctx, a.WorkspaceID, a.DealID); err != nil {
		return err
	}
	now := fromMillis(millis(db.Now()))
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var last sql.NullInt64
		if err := tx.QueryRowContext(ctx, db.rebind(`SELECT MAX(version) FROM agreements WHERE workspace_id = ? AND deal_id = ?`), a.WorkspaceID, a.DealID).Scan(&last); err != nil {
			return err
		}
		if last.Valid {
			if _, err := tx.ExecContext(ctx, db.rebind(`UPDATE agreements SET superseded_at = ? WHERE workspace_id = ? AND deal_id = ? AND version = ?`),
				millis(now), a.WorkspaceID, a.DealID, last.Int64); err != nil {
				return err
			}
		}
		a.Version, a.CreatedAt = int(last.Int64)+1, now
		a.Superseded, a.Confirmed, a.ConfirmedVia, a.Confirmation = zeroTime, zeroTime, "", ""
		return tx.QueryRowContext(ctx, db.rebind(`INSERT INTO agreements (workspace_id, deal_id, version, terms, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`),
			a.WorkspaceID, a.DealID, a.Version, string(a.Terms), millis(now)).Scan(&a.ID)
	})
	if err != nil {
		if isUnique(err) {
			return parley.Errorf(parley.ECONFLICT, "another version of this agreement was recorded at the same moment; reload and try again")
		}
		return internal("record agreement", err)
	}
	return nil
}

const agreementColumns = `a.id, a.workspace_id, a.deal_id, d.title, a.version, a.terms, a.created_at, a.superseded_at, a.confirmed_at, a.confirmed_via, a.confirmation`

func scanAgreement(row scanner) (*parley.Agreement, error) {
	var a parley.Agreement
	var terms string
	var created int64
	var superseded, confirmed sql.NullInt64
	if err := row.Scan(&a.ID, &a.WorkspaceID, &a.DealID, &a.DealTitle, &a.Version, &terms, &created, &superseded, &confirmed, &a.ConfirmedVia, &a.Confirmation); err != nil {
		return nil, err
	}
	a.Terms, a.CreatedAt = []byte(terms), fromMillis(created)
	a.Superseded, a.Confirmed = optTime(superseded), optTime(confirmed)
	return &a, nil
}

// Agreements lists a deal's versions, oldest first.
func (db *DB) Agreements(ctx context.Context, workspace, deal int64) ([]*parley.Agreement, error) {
	rows, err := db.queryRead(ctx, `SELECT `+agreementColumns+` FROM agreements a JOIN deals d ON d.id = a.deal_id
		WHERE a.workspace_id = ? AND a.deal_id = ? ORDER BY a.version`, workspace, deal)
	return collect(rows, err, "agreements", scanAgreement)
}

// ConfirmAgreement records the client's written confirmation of the
// latest version, once.
func (db *DB) ConfirmAgreement(ctx context.Context, workspace, deal int64, version int, via, record string) error {
	if via != parley.ConfirmedViaPortal && via != parley.ConfirmedViaEmail {
		return parley.Errorf(parley.EINVALID, "a confirmation comes through the portal or by e-mail, not %q", via)
	}
	if len(record) > 2000 {
		return parley.Errorf(parley.EINVALID, "the confirmation record is over 2000 bytes; keep the client's words and where they came from")
	}
	var superseded, confirmed sql.NullInt64
	err := db.write.QueryRowContext(ctx, db.rebind(`SELECT superseded_at, confirmed_at FROM agreements WHERE workspace_id = ? AND deal_id = ? AND version = ?`),
		workspace, deal, version).Scan(&superseded, &confirmed)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return parley.Errorf(parley.ENOTFOUND, "deal %d has no agreement version %d", deal, version)
	case err != nil:
		return internal("confirm agreement", err)
	case superseded.Valid:
		return parley.Errorf(parley.ECONFLICT, "version %d was replaced by a newer one; the client confirms the latest", version)
	case confirmed.Valid:
		return parley.Errorf(parley.ECONFLICT, "version %d is already confirmed", version)
	}
	res, err := db.write.ExecContext(ctx, db.rebind(`UPDATE agreements SET confirmed_at = ?, confirmed_via = ?, confirmation = ?
		WHERE workspace_id = ? AND deal_id = ? AND version = ? AND confirmed_at IS NULL AND superseded_at IS NULL`),
		millis(db.Now()), via, record, workspace, deal, version)
	if err != nil {
		return internal("confirm agreement", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return parley.Errorf(parley.ECONFLICT, "version %d changed meanwhile; reload and try again", version)
	}
	return nil
}

// UnconfirmedAgreements lists the latest versions not yet confirmed,
// oldest first (an index, not a scan).
func (db *DB) UnconfirmedAgreements(ctx context.Context, workspace int64, limit int) ([]*parley.Agreement, error) {
	if limit <= 0 || limit > parley.MaxPageSize {
		limit = 50
	}
	rows, err := db.queryRead(ctx, `SELECT `+agreementColumns+` FROM agreements a JOIN deals d ON d.id = a.deal_id
		WHERE a.workspace_id = ? AND a.superseded_at IS NULL AND a.confirmed_at IS NULL ORDER BY a.created_at LIMIT ?`, workspace, limit)
	return collect(rows, err, "unconfirmed agreements", scanAgreement)
}
