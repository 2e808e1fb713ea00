// Package store keeps the desk's records in SQLite (the embedded default:
// one file, WAL, one writer connection beside a read pool) or PostgreSQL
// (for hosting many freelancers), through database/sql with hand-written
// SQL. The dialects differ only here: placeholders, the schema files, the
// connection set-up. Every query is scoped to one workspace.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
	_ "modernc.org/sqlite"             // the "sqlite" driver

	"github.com/parley-desk/parley"
)

//go:embed migrations
var migrations embed.FS

// Dialects.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DB is the store: a write handle and a read handle (the same pool on
// PostgreSQL), and the clock.
type DB struct {
	dialect string
	write   *sql.DB
	read    *sql.DB
	stmts   sync.Map // query → *sql.Stmt on the read pool
	Now     func() time.Time
}

// Open connects to dsn, a SQLite file path or a postgres:// URL, and
// applies the embedded migrations.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db := &DB{Now: time.Now}
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		db.dialect = Postgres
		if db.write, err = sql.Open("pgx", dsn); err != nil {
			return nil, parley.Errorf(parley.EINVALID, "database %s: %v", Redact(dsn), err)
		}
		db.write.SetMaxOpenConns(16)
		db.read = db.write
	} else {
		db.dialect = SQLite
		// One writer: SQLite serialises writes anyway, and a single
		// connection turns SQLITE_BUSY between our own writers into a
		// queue. Readers run in parallel beside it (WAL).
		pragmas := "?_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(5000)&_pragma=synchronous(NORMAL)&_txlock=immediate"
		if db.write, err = sql.Open("sqlite", "file:"+dsn+pragmas); err != nil {
			return nil, parley.Errorf(parley.EINVALID, "database %s: %v", dsn, err)
		}
		db.write.SetMaxOpenConns(1)
		if db.read, err = sql.Open("sqlite", "file:"+dsn+pragmas); err != nil {
			db.write.Close()
			return nil, parley.Errorf(parley.EINVALID, "database %s: %v", dsn, err)
		}
		db.read.SetMaxOpenConns(8)
	}
	if err := db.write.PingContext(ctx); err != nil {
		db.Close()
		return nil, parley.Errorf(parley.EINVALID, "cannot open the database %s: %v", Redact(dsn), err)
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Redact hides a password in a database URL, for messages and logs.
func Redact(dsn string) string {
	if i := strings.Index(dsn, "://"); i >= 0 {
		if at := strings.LastIndex(dsn, "@"); at > i {
			if colon := strings.Index(dsn[i+3:at], ":"); colon >= 0 {
				return dsn[:i+3+colon] + ":***" + dsn[at:]
			}
		}
	}
	return dsn
}

// Dialect names the database behind the store.
func (db *DB) Dialect() string { return db.dialect }

// stmt is the read statement of q, prepared once and reused: each page
// runs the same few queries, and preparing them anew cost a page about a
// tenth of its time.
func (db *DB) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if s, ok := db.stmts.Load(q); ok {
		return s.(*sql.Stmt), nil
	}
	s, err := db.read.PrepareContext(ctx, db.rebind(q))
	if err != nil {
		return nil, err
	}
	if prev, loaded := db.stmts.LoadOrStore(q, s); loaded {
		s.Close()
		return prev.(*sql.Stmt), nil
	}
	return s, nil
}

// queryRead runs a read query through its prepared statement.
func (db *DB) queryRead(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	s, err := db.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

// queryRowRead runs a one-row read query through its prepared statement; a
// failure to prepare surfaces from Scan, as database/sql does.
func (db *DB) queryRowRead(ctx context.Context, q string, args ...any) *sql.Row {
	s, err := db.stmt(ctx, q)
	if err != nil {
		return db.read.QueryRowContext(ctx, db.rebind(q), args...)
	}
	return s.QueryRowContext(ctx, args...)
}

// Close closes the statements and both handles.
func (db *DB) Close() error {
	var errs []error
	db.stmts.Range(func(_, s any) bool {
		errs = append(errs, s.(*sql.Stmt).Close())
		return true
	})
	if db.read != nil && db.read != db.write {
		errs = append(errs, db.read.Close())
	}
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	return errors.Join(errs...)
}

// migrate applies, in order and each in its transaction, the migrations of
// the dialect that the database has not seen yet.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return parley.Errorf(parley.EINTERNAL, "migrations table: %w", err)
	}
	dir := path.Join("migrations", db.dialect)
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return parley.Errorf(parley.EINTERNAL, "migrations: %w", err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.Sort(names)
	for _, name := range names {
		var seen int
		if err := db.write.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), name).Scan(&seen); err != nil {
			return parley.Errorf(parley.EINTERNAL, "migration %s: %w", name, err)
		}
		if seen > 0 {
			continue
		}
		body, _ := migrations.ReadFile(path.Join(dir, name))
		err := db.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`), name, db.Now().UnixMilli())
			return err
		})
		if err != nil {
			return parley.Errorf(parley.EINTERNAL, "migration %s: %w", name, err)
		}
	}
	return nil
}

// tx runs fn in a write transaction, committed when fn returns nil.
func (db *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// rebind turns ? placeholders into PostgreSQL's $1, $2 …; the queries of
// this package hold no literal question marks.
func (db *DB) rebind(q string) string {
	if db.dialect != Postgres {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// internal wraps an unexpected database error; users see a generic message.
func internal(op string, err error) error {
	return parley.Errorf(parley.EINTERNAL, "%s: %w", op, err)
}

// isUnique reports whether err is a unique-constraint violation.
func isUnique(err error) bool {
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505") || strings.Contains(s, "duplicate key value")
}

func millis(t time.Time) int64 { return t.UTC().UnixMilli() }

func fromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// cursor pages by id, newest first: the cursor is the last id seen.
func cursor(page parley.Page) (int64, int, error) {
	limit := page.Limit
	if limit <= 0 || limit > parley.MaxPageSize {
		limit = 50
	}
	if page.After == "" {
		return 1 << 62, limit, nil
	}
	after, err := strconv.ParseInt(page.After, 10, 64)
	if err != nil || after <= 0 {
		return 0, 0, parley.Errorf(parley.EINVALID, "page cursor %q is not one this server gave; start from the first page", page.After)
	}
	return after, limit, nil
}

func nextCursor(n, limit int, lastID int64) string {
	if n < limit {
		return ""
	}
	return fmt.Sprint(lastID)
}
