package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/screen"
	"github.com/parley-desk/parley/store"
	"github.com/parley-desk/parley/web"
)

// dataDir is the user's data folder (XDG_DATA_HOME or ~/.local/share).
func dataDir(env *Env) (string, error) {
	if d := env.Getenv("XDG_DATA_HOME"); filepath.IsAbs(d) {
		return d, nil
	}
	if h := env.Getenv("HOME"); h != "" {
		return filepath.Join(h, ".local", "share"), nil
	}
	return "", parley.Errorf(parley.EINVALID, "cannot find your data folder (HOME is not set); give the database with --db FILE")
}

func runServe(ctx context.Context, env *Env, args []string) error {
	var addr, dsn string
	fs := newFlags(env, "serve", "parley serve [--addr HOST:PORT] [--db FILE|postgres://…]", `
Open the desk in the browser: screen pasted inquiries, keep leads, and (as
the desk grows) deals, agreements and payments. The first visit creates the
owner's account. Data lives in an embedded SQLite file in your data folder,
or in PostgreSQL for hosting many freelancers (--db postgres://…).`, `
  parley serve
  parley serve --addr 127.0.0.1:9000 --db ~/parley.db
  parley serve --db postgres://parley@localhost/parley`)
	fs.StringVar(&addr, "addr", "127.0.0.1:8080", "the address to listen on (port 0 picks a free port)")
	fs.StringVar(&dsn, "db", "", "the database: a SQLite file (default: ~/.local/share/parley/parley.db) or a postgres:// URL")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return parley.Errorf(parley.EINVALID, "serve takes no arguments (got %q)", pos[0])
	}
	if dsn, err = deskPath(env, dsn); err != nil {
		return err
	}
	if !strings.Contains(dsn, "://") {
		if err := os.MkdirAll(filepath.Dir(dsn), 0o700); err != nil {
			return parley.Errorf(parley.EINVALID, "cannot create the folder of %s: %v", dsn, err)
		}
	}
	log := slog.New(slog.NewTextHandler(env.Stderr, nil))
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	scr, err := screen.New(nil)
	if err != nil {
		return parley.Errorf(parley.EINTERNAL, "%w", err)
	}
	srv, err := web.New(db, scr, log, env.Now)
	if err != nil {
		return parley.Errorf(parley.EINTERNAL, "%w", err)
	}
	sessions := db.Sessions()
	srv.KeepSessionsIn(sessions)
	go func() { // expired sessions are swept hourly
		tick := time.NewTicker(time.Hour)
		defer tick.Stop()
		for {
			if _, err := sessions.Expire(ctx); err != nil && ctx.Err() == nil {
				log.Warn("expiring sessions", "err", err)
			}
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return parley.Errorf(parley.EINVALID, "cannot listen on %s: %v; is another program using it? try --addr 127.0.0.1:0", addr, err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second, WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute}
	fmt.Fprintf(env.Stdout, "Parley desk at http://%s (database %s, %s); Ctrl-C stops it\n", ln.Addr(), store.Redact(dsn), db.Dialect())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return parley.Errorf(parley.EINTERNAL, "server: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return parley.Errorf(parley.EINTERNAL, "shutdown: %w", err)
	}
	fmt.Fprintln(env.Stdout, "stopped")
	return nil
}
