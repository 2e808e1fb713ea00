package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/store"
)

// deskPath is --db, or the default SQLite file of "parley serve".
func deskPath(env *Env, flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	dir, err := dataDir(env)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "parley", "parley.db"), nil
}

func runBackup(ctx context.Context, env *Env, args []string) error {
	var dsn string
	fs := newFlags(env, "backup", "parley backup [--db FILE] BACKUP_FILE", `
Write a consistent copy of the desk's SQLite database while the desk keeps
running. (PostgreSQL: use pg_dump.)`, `
  parley backup ~/backups/parley-2026-11-28.db`)
	fs.StringVar(&dsn, "db", "", "the desk's database (default: ~/.local/share/parley/parley.db)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return parley.Errorf(parley.EINVALID, "backup takes the file to write")
	}
	if dsn, err = deskPath(env, dsn); err != nil {
		return err
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, pos[0]); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "backed up %s to %s\n", dsn, pos[0])
	return nil
}

func runRestore(ctx context.Context, env *Env, args []string) error {
	var dsn string
	fs := newFlags(env, "restore", "parley restore [--db FILE] BACKUP_FILE", `
Replace the desk's SQLite database with a backup made by "parley backup".
Stop the desk first. The replaced database is kept beside it as FILE.old.`, `
  parley restore ~/backups/parley-2026-11-28.db`)
	fs.StringVar(&dsn, "db", "", "the desk's database (default: ~/.local/share/parley/parley.db)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return parley.Errorf(parley.EINVALID, "restore takes the backup file")
	}
	if dsn, err = deskPath(env, dsn); err != nil {
		return err
	}
	if strings.Contains(dsn, "://") {
		return parley.Errorf(parley.EINVALID, "restore a PostgreSQL desk with pg_restore; parley restore writes the SQLite file")
	}
	if err := store.Restore(ctx, pos[0], dsn); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "restored %s from %s (the previous one is %s.old)\n", dsn, pos[0], dsn)
	return nil
}
