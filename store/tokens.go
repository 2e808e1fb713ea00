package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strings"

	"github.com/parley-desk/parley"
)

var _ parley.TokenService = (*DB)(nil)

// tokenPrefix marks Parley's tokens, so that a leaked one is recognisable.
const tokenPrefix = "pk_"

func hashToken(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// CreateToken makes an API token: 256 random bits; only their hash is kept.
func (db *DB) CreateToken(ctx context.Context, u *parley.User, name string) (*parley.Token, string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return nil, "", parley.Errorf(parley.EINVALID, "name the token (up to 100 bytes), e.g. the script that will use it")
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, "", internal("token", err)
	}
	secret := tokenPrefix + base64.RawURLEncoding.EncodeToString(raw)
	t := &parley.Token{WorkspaceID: u.WorkspaceID, UserID: u.ID, Name: name, CreatedAt: fromMillis(millis(db.Now()))}
	err := db.write.QueryRowContext(ctx, db.rebind(`INSERT INTO api_tokens (workspace_id, user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`),
		t.WorkspaceID, t.UserID, t.Name, hashToken(secret), millis(t.CreatedAt)).Scan(&t.ID)
	if err != nil {
		return nil, "", internal("create token", err)
	}
	return t, secret, nil
}

// TokenUser returns the user a secret belongs to.
func (db *DB) TokenUser(ctx context.Context, secret string) (*parley.User, error) {
	if !strings.HasPrefix(secret, tokenPrefix) || len(secret) > 100 {
		return nil, parley.Errorf(parley.EUNAUTHORIZED, "the API token is not valid; make one under Settings")
	}
	var id int64
	err := db.queryRowRead(ctx, `SELECT user_id FROM api_tokens WHERE token_hash = ?`, hashToken(secret)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, parley.Errorf(parley.EUNAUTHORIZED, "the API token is not valid; make one under Settings")
	} else if err != nil {
		return nil, internal("token", err)
	}
	return db.User(ctx, id)
}

// Tokens lists the workspace's tokens (never their secrets).
func (db *DB) Tokens(ctx context.Context, workspace int64) ([]*parley.Token, error) {
	rows, err := db.queryRead(ctx, `SELECT id, workspace_id, user_id, name, created_at FROM api_tokens WHERE workspace_id = ? ORDER BY id`, workspace)
	if err != nil {
		return nil, internal("tokens", err)
	}
	defer rows.Close()
	var out []*parley.Token
	for rows.Next() {
		var t parley.Token
		var created int64
		if err := rows.Scan(&t.ID, &t.WorkspaceID, &t.UserID, &t.Name, &created); err != nil {
			return nil, internal("tokens", err)
		}
		t.CreatedAt = fromMillis(created)
		out = append(out, &t)
	}
	return out, rows.Err()
}

// RevokeToken deletes a token of the workspace.
func (db *DB) RevokeToken(ctx context.Context, workspace, id int64) error {
	res, err := db.write.ExecContext(ctx, db.rebind(`DELETE FROM api_tokens WHERE workspace_id = ? AND id = ?`), workspace, id)
	if err != nil {
		return internal("revoke token", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return parley.Errorf(parley.ENOTFOUND, "no token %d", id)
	}
	return nil
}
