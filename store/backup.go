package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/parley-desk/parley"
)

// Backup writes a consistent copy of a SQLite desk to path while it stays
// in use (VACUUM INTO reads one snapshot). PostgreSQL has its own tools.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.dialect != SQLite {
		return parley.Errorf(parley.EINVALID, "back up PostgreSQL with pg_dump; parley backup copies the SQLite desk")
	}
	if _, err := os.Stat(path); err == nil {
		return parley.Errorf(parley.ECONFLICT, "%s exists; give a new file name", path)
	}
	tmp := path + ".partial"
	os.Remove(tmp)
	if _, err := db.write.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		return parley.Errorf(parley.EINVALID, "cannot write the backup %s: %v", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return parley.Errorf(parley.EINVALID, "cannot write the backup %s: %v", path, err)
	}
	return nil
}

// Restore replaces the SQLite desk at dst with the backup at src, after
// checking that src is a Parley database whose migrations this version
// knows. The desk must not be running. The old file is kept as dst+".old".
func Restore(ctx context.Context, src, dst string) error {
	check, err := sql.Open("sqlite", "file:"+src+"?mode=ro")
	if err != nil {
		return parley.Errorf(parley.EINVALID, "%s: %v", src, err)
	}
	var n int
	err = check.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n)
	check.Close()
	if err != nil {
		return parley.Errorf(parley.EINVALID, "%s is not a Parley backup (%v)", src, err)
	}
	if _, err := os.Stat(src); err != nil {
		return parley.Errorf(parley.EINVALID, "%s: %v", src, err)
	}
	b, err := os.ReadFile(src)
	if err != nil {
		return parley.Errorf(parley.EINVALID, "%s: %v", src, err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return parley.Errorf(parley.EINVALID, "%s: %v", dst, err)
	}
	tmp := dst + ".restoring"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return parley.Errorf(parley.EINVALID, "%s: %v", tmp, err)
	}
	if _, err := os.Stat(dst); err == nil {
		if err := os.Rename(dst, dst+".old"); err != nil {
			os.Remove(tmp)
			return parley.Errorf(parley.EINVALID, "cannot set the old desk aside: %v", err)
		}
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dst + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return parley.Errorf(parley.EINVALID, "%s%s: %v", dst, suffix, err)
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		return parley.Errorf(parley.EINVALID, "cannot put the backup in place: %v", err)
	}
	db, err := Open(ctx, dst) // applies migrations newer than the backup
	if err != nil {
		return fmt.Errorf("the restored desk does not open: %w", err)
	}
	return db.Close()
}
