package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/parley-desk/parley"
)

var _ parley.MailService = (*DB)(nil)

// RecordMail logs a message sent or received, once per Message-ID.
func (db *DB) RecordMail(ctx context.Context, m *parley.MailRecord) error {
	m.MessageID, m.Address = strings.TrimSpace(m.MessageID), strings.ToLower(strings.TrimSpace(m.Address))
	if m.MessageID == "" || (m.Direction != "in" && m.Direction != "out") {
		return parley.Errorf(parley.EINVALID, "a mail record needs its Message-ID and direction")
	}
	if m.At.IsZero() {
		m.At = db.Now()
	}
	err := db.write.QueryRowContext(ctx, db.rebind(`INSERT INTO mail_messages (workspace_id, deal_id, lead_id, direction, message_id, kind, address, subject, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		m.WorkspaceID, nullID(m.DealID), nullID(m.LeadID), m.Direction, m.MessageID, m.Kind, m.Address, m.Subject, millis(m.At)).Scan(&m.ID)
	if err != nil {
		if isUnique(err) {
			return parley.Errorf(parley.ECONFLICT, "message %s is already on record", m.MessageID)
		}
		return internal("record mail", err)
	}
	return nil
}

const mailColumns = `id, workspace_id, deal_id, lead_id, direction, message_id, kind, address, subject, at`

func scanMail(row scanner) (*parley.MailRecord, error) {
	var m parley.MailRecord
	var deal, lead sql.NullInt64
	var at int64
	if err := row.Scan(&m.ID, &m.WorkspaceID, &deal, &lead, &m.Direction, &m.MessageID, &m.Kind, &m.Address, &m.Subject, &at); err != nil {
		return nil, err
	}
	m.DealID, m.LeadID, m.At = deal.Int64, lead.Int64, fromMillis(at)
	return &m, nil
}

// MailByMessageID finds a message of the workspace by its Message-ID.
func (db *DB) MailByMessageID(ctx context.Context, workspace int64, messageID string) (*parley.MailRecord, error) {
	m, err := scanMail(db.queryRowRead(ctx, `SELECT `+mailColumns+` FROM mail_messages WHERE workspace_id = ? AND message_id = ?`, workspace, strings.TrimSpace(messageID)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, parley.Errorf(parley.ENOTFOUND, "no message %s", messageID)
	} else if err != nil {
		return nil, internal("mail", err)
	}
	return m, nil
}

// LatestDealMail finds the newest message with an address that belongs to
// a deal.
func (db *DB) LatestDealMail(ctx context.Context, workspace int64, address string) (*parley.MailRecord, error) {
	m, err := scanMail(db.queryRowRead(ctx, `SELECT `+mailColumns+` FROM mail_messages WHERE workspace_id = ? AND address = ? AND deal_id IS NOT NULL ORDER BY id DESC LIMIT 1`,
		workspace, strings.ToLower(strings.TrimSpace(address))))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, parley.Errorf(parley.ENOTFOUND, "no deal with %s", address)
	} else if err != nil {
		return nil, internal("mail", err)
	}
	return m, nil
}

// calendarPrefix marks calendar feed secrets.
const calendarPrefix = "cf_"

// SetCalendarSecret makes a new feed secret for the workspace; the old
// one stops working.
func (db *DB) SetCalendarSecret(ctx context.Context, workspace int64) (string, error) {
	secret, err := newSecret(calendarPrefix)
	if err != nil {
		return "", internal("calendar secret", err)
	}
	_, err = db.write.ExecContext(ctx, db.rebind(`INSERT INTO calendar_feeds (workspace_id, token_hash, created_at) VALUES (?, ?, ?)
		ON CONFLICT (workspace_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`), workspace, hashToken(secret), millis(db.Now()))
	if err != nil {
		return "", internal("calendar secret", err)
	}
	return secret, nil
}

// CalendarWorkspace returns the workspace of a feed secret.
func (db *DB) CalendarWorkspace(ctx context.Context, secret string) (int64, error) {
	if !strings.HasPrefix(secret, calendarPrefix) || len(secret) > 100 {
		return 0, parley.Errorf(parley.ENOTFOUND, "no such calendar")
	}
	var ws int64
	err := db.queryRowRead(ctx, `SELECT workspace_id FROM calendar_feeds WHERE token_hash = ?`, hashToken(secret)).Scan(&ws)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, parley.Errorf(parley.ENOTFOUND, "no such calendar")
	} else if err != nil {
		return 0, internal("calendar", err)
	}
	return ws, nil
}
