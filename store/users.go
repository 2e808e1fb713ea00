package store

import (
	"context"
	"database/sql"
	"errors"
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/password"
)

var _ parley.UserService = (*DB)(nil)

// SetUp creates the first workspace and its owner.
func (db *DB) SetUp(ctx context.Context, workspace, email, name, pw string) (*parley.User, error) {
	workspace, name = strings.TrimSpace(workspace), strings.TrimSpace(name)
	email = strings.ToLower(strings.TrimSpace(email))
	switch {
	case workspace == "":
		return nil, parley.Errorf(parley.EINVALID, "name the workspace, e.g. your business name")
	case name == "":
		return nil, parley.Errorf(parley.EINVALID, "give your name")
	case !validEmail(email):
		return nil, parley.Errorf(parley.EINVALID, "%q is not an e-mail address", email)
	case utf8.RuneCountInString(pw) < password.MinLength:
		return nil, parley.Errorf(parley.EINVALID, "the password needs at least %d characters", password.MinLength)
	case len(pw) > 1024:
		return nil, parley.Errorf(parley.EINVALID, "the password is over 1024 bytes")
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return nil, internal("hash password", err)
	}
	now := db.Now()
	u := &parley.User{Email: email, Name: name, CreatedAt: fromMillis(millis(now))}
	err = db.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return parley.Errorf(parley.ECONFLICT, "the desk is already set up; sign in instead")
		}
		if err := tx.QueryRowContext(ctx, db.rebind(`INSERT INTO workspaces (name, created_at) VALUES (?, ?) RETURNING id`), workspace, millis(now)).Scan(&u.WorkspaceID); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, db.rebind(`INSERT INTO users (workspace_id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`),
			u.WorkspaceID, u.Email, u.Name, hash, millis(now)).Scan(&u.ID)
	})
	if err != nil {
		if parley.ErrorCode(err) == parley.ECONFLICT {
			return nil, err
		}
		return nil, internal("set up", err)
	}
	return u, nil
}

// AddWorkspace creates another workspace with its owner: a host serving
// many freelancers adds them this way.
func (db *DB) AddWorkspace(ctx context.Context, workspace, email, name, pw string) (*parley.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if !validEmail(email) || strings.TrimSpace(workspace) == "" || strings.TrimSpace(name) == "" || utf8.RuneCountInString(pw) < password.MinLength {
		return nil, parley.Errorf(parley.EINVALID, "a workspace needs a name, an owner's name, an e-mail address and a password of at least %d characters", password.MinLength)
	}
	hash, err := password.Hash(pw)
	if err != nil {
		return nil, internal("hash password", err)
	}
	now := db.Now()
	u := &parley.User{Email: email, Name: strings.TrimSpace(name), CreatedAt: fromMillis(millis(now))}
	err = db.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, db.rebind(`INSERT INTO workspaces (name, created_at) VALUES (?, ?) RETURNING id`), strings.TrimSpace(workspace), millis(now)).Scan(&u.WorkspaceID); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, db.rebind(`INSERT INTO users (workspace_id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`),
			u.WorkspaceID, u.Email, u.Name, hash, millis(now)).Scan(&u.ID)
	})
	if err != nil {
		if isUnique(err) {
			return nil, parley.Errorf(parley.ECONFLICT, "%s already has an account", email)
		}
		return nil, internal("add workspace", err)
	}
	return u, nil
}

func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && len(s) <= 320
}

// Authenticate checks an e-mail address and password.
func (db *DB) Authenticate(ctx context.Context, email, pw string) (*parley.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	var u parley.User
	var hash string
	var created int64
	err := db.queryRowRead(ctx, `SELECT id, workspace_id, email, name, password_hash, created_at FROM users WHERE email = ?`, email).
		Scan(&u.ID, &u.WorkspaceID, &u.Email, &u.Name, &hash, &created)
	wrong := parley.Errorf(parley.EUNAUTHORIZED, "wrong e-mail address or password")
	if errors.Is(err, sql.ErrNoRows) {
		password.Check(dummyHash, pw) // the same work as a real check: no timing hint that the address is unknown
		return nil, wrong
	} else if err != nil {
		return nil, internal("authenticate", err)
	}
	ok, err := password.Check(hash, pw)
	if err != nil {
		return nil, internal("check password", err)
	}
	if !ok {
		return nil, wrong
	}
	u.CreatedAt = fromMillis(created)
	return &u, nil
}

// dummyHash is checked for unknown addresses ("password-of-nobody").
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$8Wc0x7r6m7s7dVn6cB3J7w3o0n2o3H0c0i7a6Lw8QmE"

// User returns a user by id.
func (db *DB) User(ctx context.Context, id int64) (*parley.User, error) {
	var u parley.User
	var created int64
	err := db.queryRowRead(ctx, `SELECT id, workspace_id, email, name, created_at FROM users WHERE id = ?`, id).
		Scan(&u.ID, &u.WorkspaceID, &u.Email, &u.Name, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, parley.Errorf(parley.ENOTFOUND, "no user %d", id)
	} else if err != nil {
		return nil, internal("user", err)
	}
	u.CreatedAt = fromMillis(created)
	return &u, nil
}

// Owner returns the first user of a workspace: the freelancer whose name
// the client's documents carry.
func (db *DB) Owner(ctx context.Context, workspace int64) (*parley.User, error) {
	var id int64
	err := db.queryRowRead(ctx, `SELECT id FROM users WHERE workspace_id = ? ORDER BY id LIMIT 1`, workspace).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, parley.Errorf(parley.ENOTFOUND, "workspace %d has no user", workspace)
	} else if err != nil {
		return nil, internal("owner", err)
	}
	return db.User(ctx, id)
}

// HasUsers reports whether the desk has been set up.
func (db *DB) HasUsers(ctx context.Context) (bool, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return false, internal("count users", err)
	}
	return n > 0, nil
}

// Workspaces lists every workspace, for the host's tools (export, import).
func (db *DB) Workspaces(ctx context.Context) ([]*parley.Workspace, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, name, created_at FROM workspaces ORDER BY id`)
	if err != nil {
		return nil, internal("workspaces", err)
	}
	defer rows.Close()
	var out []*parley.Workspace
	for rows.Next() {
		var w parley.Workspace
		var created int64
		if err := rows.Scan(&w.ID, &w.Name, &created); err != nil {
			return nil, internal("workspaces", err)
		}
		w.CreatedAt = fromMillis(created)
		out = append(out, &w)
	}
	return out, rows.Err()
}
