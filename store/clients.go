package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"github.com/parley-desk/parley"
)

var _ parley.ClientService = (*DB)(nil)

// ClientKinds and languages a client may have.
var (
	clientKinds = []string{"", "small_business", "large_company", "agency"}
	languages   = []string{"en", "fi", "ru"}
)

// CreateClient stores a new client of c.WorkspaceID and sets its id.
func (db *DB) CreateClient(ctx context.Context, c *parley.Client) error {
	c.Name = strings.TrimSpace(c.Name)
	switch {
	case c.Name == "":
		return parley.Errorf(parley.EINVALID, "a client needs a name")
	case len(c.Name) > 200:
		return parley.Errorf(parley.EINVALID, "the client's name is over 200 bytes")
	case !slices.Contains(clientKinds, c.Kind):
		return parley.Errorf(parley.EINVALID, "client kind %q: write small_business, large_company or agency", c.Kind)
	case c.Language == "":
		c.Language = "en"
	}
	if !slices.Contains(languages, c.Language) {
		return parley.Errorf(parley.EINVALID, "client language %q: write en, fi or ru", c.Language)
	}
	c.CreatedAt = fromMillis(millis(db.Now()))
	err := db.write.QueryRowContext(ctx, db.rebind(`INSERT INTO clients (workspace_id, name, name_key, email, kind, language, source, sophistication, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		c.WorkspaceID, c.Name, nameKey(c.Name), c.Email, c.Kind, c.Language, c.Source, c.Sophistication, millis(c.CreatedAt)).Scan(&c.ID)
	if err != nil {
		return internal("create client", err)
	}
	return nil
}

const clientColumns = `id, workspace_id, name, email, kind, language, source, sophistication, created_at`

func scanClient(row interface{ Scan(...any) error }) (*parley.Client, error) {
	var c parley.Client
	var created int64
	if err := row.Scan(&c.ID, &c.WorkspaceID, &c.Name, &c.Email, &c.Kind, &c.Language, &c.Source, &c.Sophistication, &created); err != nil {
		return nil, err
	}
	c.CreatedAt = fromMillis(created)
	return &c, nil
}

// Client returns one client of the workspace.
func (db *DB) Client(ctx context.Context, workspace, id int64) (*parley.Client, error) {
	c, err := scanClient(db.queryRowRead(ctx, `SELECT `+clientColumns+` FROM clients WHERE workspace_id = ? AND id = ?`, workspace, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, parley.Errorf(parley.ENOTFOUND, "no client %d", id)
	} else if err != nil {
		return nil, internal("client", err)
	}
	return c, nil
}

// Clients lists the workspace's clients, newest first.
func (db *DB) Clients(ctx context.Context, workspace int64, page parley.Page) ([]*parley.Client, string, error) {
	after, limit, err := cursor(page)
	if err != nil {
		return nil, "", err
	}
	rows, err := db.queryRead(ctx, `SELECT `+clientColumns+` FROM clients WHERE workspace_id = ? AND id < ? ORDER BY id DESC LIMIT ?`, workspace, after, limit)
	if err != nil {
		return nil, "", internal("clients", err)
	}
	defer rows.Close()
	var out []*parley.Client
	for rows.Next() {
		c, err := scanClient(rows)
		if err != nil {
			return nil, "", internal("clients", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, "", internal("clients", err)
	}
	next := ""
	if len(out) > 0 {
		next = nextCursor(len(out), limit, out[len(out)-1].ID)
	}
	return out, next, nil
}

// ClientNamed finds a client by name, ignoring case and surrounding space;
// the oldest wins when two share a name.
func (db *DB) ClientNamed(ctx context.Context, workspace int64, name string) (*parley.Client, error) {
	name = strings.TrimSpace(name)
	c, err := scanClient(db.queryRowRead(ctx, `SELECT `+clientColumns+` FROM clients WHERE workspace_id = ? AND name_key = ? ORDER BY id LIMIT 1`, workspace, nameKey(name)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, parley.Errorf(parley.ENOTFOUND, "no client named %q", name)
	} else if err != nil {
		return nil, internal("client", err)
	}
	return c, nil
}

// nameKey is how a client's name is looked up: lower case, single spaces.
func nameKey(name string) string { return strings.ToLower(strings.Join(strings.Fields(name), " ")) }
