package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"strings"
	"time"

	"github.com/parley-desk/parley"
)

var (
	_ parley.ProposalService = (*DB)(nil)
	_ parley.PortalService   = (*DB)(nil)
)

// CreateProposal stores the next version of a deal's proposal.
func (db *DB) CreateProposal(ctx context.Context, p *parley.Proposal) error {
	if len(p.Quote) == 0 || len(p.Doc) == 0 {
		return parley.Errorf(parley.EINVALID, "a proposal needs its quote and its document")
	}
	if _, err := db.Deal(ctx, p.WorkspaceID, p.DealID); err != nil {
		return err
	}
	p.CreatedAt = fromMillis(millis(db.Now()))
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var last sql.NullInt64
		if err := tx.QueryRowContext(ctx, db.rebind(`SELECT MAX(version) FROM proposals WHERE workspace_id = ? AND deal_id = ?`), p.WorkspaceID, p.DealID).Scan(&last); err != nil {
			return err
		}
		p.Version = int(last.Int64) + 1
		return tx.QueryRowContext(ctx, db.rebind(`INSERT INTO proposals (workspace_id, deal_id, version, language, quote, doc, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			p.WorkspaceID, p.DealID, p.Version, p.Language, string(p.Quote), string(p.Doc), millis(p.CreatedAt)).Scan(&p.ID)
	})
	if err != nil {
		return internal("create proposal", err)
	}
	return nil
}

// LatestProposal returns a deal's newest proposal.
func (db *DB) LatestProposal(ctx context.Context, workspace, deal int64) (*parley.Proposal, error) {
	var p parley.Proposal
	var quote, doc string
	var created int64
	err := db.queryRowRead(ctx, `SELECT id, workspace_id, deal_id, version, language, quote, doc, created_at FROM proposals
		WHERE workspace_id = ? AND deal_id = ? ORDER BY version DESC LIMIT 1`, workspace, deal).Scan(&p.ID, &p.WorkspaceID, &p.DealID, &p.Version, &p.Language, &quote, &doc, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, parley.Errorf(parley.ENOTFOUND, "deal %d has no proposal yet", deal)
	} else if err != nil {
		return nil, internal("proposal", err)
	}
	p.Quote, p.Doc, p.CreatedAt = []byte(quote), []byte(doc), fromMillis(created)
	return &p, nil
}

// portalPrefix marks portal secrets, so that a leaked one is recognisable.
const portalPrefix = "cp_"

// newSecret is a prefix and 256 random bits, URL-safe.
func newSecret(prefix string) (string, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	return prefix + base64.RawURLEncoding.EncodeToString(raw), nil
}

// CreatePortalLink makes a deal's private link; only its hash is stored.
func (db *DB) CreatePortalLink(ctx context.Context, workspace, deal int64, expires time.Time) (*parley.PortalLink, string, error) {
	now := fromMillis(millis(db.Now()))
	if !expires.After(now) {
		return nil, "", parley.Errorf(parley.EINVALID, "a link must expire in the future")
	}
	if _, err := db.Deal(ctx, workspace, deal); err != nil {
		return nil, "", err
	}
	secret, err := newSecret(portalPrefix)
	if err != nil {
		return nil, "", internal("portal link", err)
	}
	l := &parley.PortalLink{WorkspaceID: workspace, DealID: deal, CreatedAt: now, ExpiresAt: fromMillis(millis(expires))}
	err = db.write.QueryRowContext(ctx, db.rebind(`INSERT INTO portal_links (workspace_id, deal_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id`),
		workspace, deal, hashToken(secret), millis(now), millis(l.ExpiresAt)).Scan(&l.ID)
	if err != nil {
		return nil, "", internal("portal link", err)
	}
	return l, secret, nil
}

const portalLinkColumns = `id, workspace_id, deal_id, created_at, expires_at, revoked_at, last_seen_at`

func scanPortalLink(row scanner) (*parley.PortalLink, error) {
	var l parley.PortalLink
	var created, expires int64
	var revoked, seen sql.NullInt64
	if err := row.Scan(&l.ID, &l.WorkspaceID, &l.DealID, &created, &expires, &revoked, &seen); err != nil {
		return nil, err
	}
	l.CreatedAt, l.ExpiresAt, l.RevokedAt, l.LastSeenAt = fromMillis(created), fromMillis(expires), optTime(revoked), optTime(seen)
	return &l, nil
}

// errNoPortal is the one answer to a wrong, expired or revoked secret: it
// says nothing of whether a deal exists.
func errNoPortal() error {
	return parley.Errorf(parley.ENOTFOUND, "this link does not open anything; ask for a new one")
}

// PortalLinkBySecret returns the live link of a secret and notes the visit.
func (db *DB) PortalLinkBySecret(ctx context.Context, secret string) (*parley.PortalLink, error) {
	if !strings.HasPrefix(secret, portalPrefix) || len(secret) > 100 {
		return nil, errNoPortal()
	}
	l, err := scanPortalLink(db.queryRowRead(ctx, `SELECT `+portalLinkColumns+` FROM portal_links WHERE token_hash = ?`, hashToken(secret)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoPortal()
	} else if err != nil {
		return nil, internal("portal link", err)
	}
	now := db.Now()
	if !l.Live(now) {
		return nil, errNoPortal()
	}
	if l.LastSeenAt.IsZero() || now.Sub(l.LastSeenAt) > time.Minute {
		if _, err := db.write.ExecContext(ctx, db.rebind(`UPDATE portal_links SET last_seen_at = ? WHERE id = ?`), millis(now), l.ID); err != nil {
			return nil, internal("portal link", err)
		}
	}
	return l, nil
}

// PortalLinks lists a deal's links, newest first.
func (db *DB) PortalLinks(ctx context.Context, workspace, deal int64) ([]*parley.PortalLink, error) {
	rows, err := db.queryRead(ctx, `SELECT `+portalLinkColumns+` FROM portal_links WHERE workspace_id = ? AND deal_id = ? ORDER BY id DESC LIMIT 100`, workspace, deal)
	return collect(rows, err, "portal links", scanPortalLink)
}

// RevokePortalLink closes a link for good.
func (db *DB) RevokePortalLink(ctx context.Context, workspace, deal, id int64) error {
	res, err := db.write.ExecContext(ctx, db.rebind(`UPDATE portal_links SET revoked_at = ? WHERE workspace_id = ? AND deal_id = ? AND id = ? AND revoked_at IS NULL`),
		millis(db.Now()), workspace, deal, id)
	if err != nil {
		return internal("revoke portal link", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return parley.Errorf(parley.ENOTFOUND, "deal %d has no open link %d", deal, id)
	}
	return nil
}

// LogPortalEvent records what the client did.
func (db *DB) LogPortalEvent(ctx context.Context, e *parley.PortalEvent) error {
	e.At = fromMillis(millis(db.Now()))
	if len(e.Detail) > 2000 {
		e.Detail = e.Detail[:2000]
	}
	err := db.write.QueryRowContext(ctx, db.rebind(`INSERT INTO portal_events (workspace_id, deal_id, link_id, action, detail, ip, at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		e.WorkspaceID, e.DealID, e.LinkID, e.Action, e.Detail, e.IP, millis(e.At)).Scan(&e.ID)
	if err != nil {
		return internal("portal event", err)
	}
	return nil
}

// PortalEvents lists a deal's portal log, newest first.
func (db *DB) PortalEvents(ctx context.Context, workspace, deal int64, limit int) ([]*parley.PortalEvent, error) {
	if limit <= 0 || limit > parley.MaxPageSize {
		limit = 50
	}
	rows, err := db.queryRead(ctx, `SELECT id, workspace_id, deal_id, link_id, action, detail, ip, at FROM portal_events WHERE workspace_id = ? AND deal_id = ? ORDER BY id DESC LIMIT ?`, workspace, deal, limit)
	return collect(rows, err, "portal events", func(row scanner) (*parley.PortalEvent, error) {
		var e parley.PortalEvent
		var at int64
		if err := row.Scan(&e.ID, &e.WorkspaceID, &e.DealID, &e.LinkID, &e.Action, &e.Detail, &e.IP, &at); err != nil {
			return nil, err
		}
		e.At = fromMillis(at)
		return &e, nil
	})
}
