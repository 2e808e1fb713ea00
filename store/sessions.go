package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Sessions is the desk's session store (the scs CtxStore interface) in the
// database: sessions outlive a restart and are shared by every instance of
// a hosted desk.
type Sessions struct{ db *DB }

// Sessions returns the session store of db.
func (db *DB) Sessions() *Sessions { return &Sessions{db} }

// FindCtx returns a live session's data.
func (s *Sessions) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var data []byte
	err := s.db.queryRowRead(ctx, `SELECT data FROM sessions WHERE token = ? AND expiry > ?`, token, millis(s.db.Now())).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, internal("find session", err)
	}
	return data, true, nil
}

// CommitCtx stores a session until expiry.
func (s *Sessions) CommitCtx(ctx context.Context, token string, data []byte, expiry time.Time) error {
	_, err := s.db.write.ExecContext(ctx, s.db.rebind(`INSERT INTO sessions (token, data, expiry) VALUES (?, ?, ?)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`), token, data, millis(expiry))
	if err != nil {
		return internal("commit session", err)
	}
	return nil
}

// DeleteCtx removes a session; a missing one is no error.
func (s *Sessions) DeleteCtx(ctx context.Context, token string) error {
	if _, err := s.db.write.ExecContext(ctx, s.db.rebind(`DELETE FROM sessions WHERE token = ?`), token); err != nil {
		return internal("delete session", err)
	}
	return nil
}

// Expire deletes the sessions past their expiry; the server runs it now
// and then.
func (s *Sessions) Expire(ctx context.Context) (int64, error) {
	res, err := s.db.write.ExecContext(ctx, s.db.rebind(`DELETE FROM sessions WHERE expiry <= ?`), millis(s.db.Now()))
	if err != nil {
		return 0, internal("expire sessions", err)
	}
	return res.RowsAffected()
}

// The non-context methods scs also asks for.

func (s *Sessions) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

func (s *Sessions) Commit(token string, data []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, data, expiry)
}

func (s *Sessions) Delete(token string) error { return s.DeleteCtx(context.Background(), token) }
