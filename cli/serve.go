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
	"strconv"
	"strings"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/mail"
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
	var addr, dsn, base, outbox, smtpAddr, smtpUser, smtpTLS string
	fs := newFlags(env, "serve", "parley serve [--addr HOST:PORT] [--db FILE|postgres://…] [--url URL] [--outbox DIR | --smtp HOST:PORT]", `
Open the desk in the browser: screen inquiries, quote, negotiate, keep the
agreements, stages, promises, change requests and disputes, and give each
client a private page. The first visit creates the owner's account. Data
lives in an embedded SQLite file in your data folder, or in PostgreSQL for
hosting many freelancers (--db postgres://…).

Letters to clients go to an outbox folder as .eml files that any mail
program sends (the default), or through an SMTP server (--smtp; the
password comes from the PARLEY_SMTP_PASSWORD environment variable, never
from the command line).`, `
  parley serve
  parley serve --addr 127.0.0.1:9000 --db ~/parley.db
  parley serve --url https://desk.example.com --smtp smtp.example.com:587 --smtp-user me@example.com
  parley serve --db postgres://parley@localhost/parley`)
	fs.StringVar(&addr, "addr", "127.0.0.1:8080", "the address to listen on (port 0 picks a free port)")
	fs.StringVar(&dsn, "db", "", "the database: a SQLite file (default: ~/.local/share/parley/parley.db) or a postgres:// URL")
	fs.StringVar(&base, "url", "", "the address clients reach the desk at, for the links in letters (default: http://ADDR)")
	fs.StringVar(&outbox, "outbox", "", "the folder letters are written to as .eml files (default: ~/.local/share/parley/outbox)")
	fs.StringVar(&smtpAddr, "smtp", "", "send letters through this SMTP server (HOST:PORT) instead of the outbox")
	fs.StringVar(&smtpUser, "smtp-user", "", "the SMTP user name (the password: PARLEY_SMTP_PASSWORD)")
	fs.StringVar(&smtpTLS, "smtp-tls", "mandatory", "STARTTLS: mandatory, opportunistic, or none (none only for a server on this machine)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return parley.Errorf(parley.EINVALID, "serve takes no arguments (got %q)", pos[0])
	}
	if base != "" && !strings.HasPrefix(base, "http://") && !strings.HasPrefix(base, "https://") {
		return parley.Errorf(parley.EINVALID, "--url %q: give the full address, like https://desk.example.com", base)
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
	mailer, where, err := mailerFor(env, outbox, smtpAddr, smtpUser, smtpTLS)
	if err != nil {
		return err
	}
	srv.SetMailer(mailer, where)
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
	if base == "" {
		base = "http://" + ln.Addr().String()
	}
	srv.SetBaseURL(base)
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

// mailerFor is the SMTP server when one is given, else the outbox folder.
func mailerFor(env *Env, outbox, smtpAddr, user, tls string) (mail.Sender, string, error) {
	if smtpAddr != "" {
		host, port, err := net.SplitHostPort(smtpAddr)
		n, perr := strconv.Atoi(port)
		if err != nil || perr != nil || host == "" || n <= 0 || n > 65535 {
			return nil, "", parley.Errorf(parley.EINVALID, "--smtp %q: write HOST:PORT, like smtp.example.com:587", smtpAddr)
		}
		policy := mail.TLSPolicy(tls)
		if policy != mail.TLSMandatory && policy != mail.TLSOpportunistic && policy != mail.TLSNone {
			return nil, "", parley.Errorf(parley.EINVALID, "--smtp-tls %q: write mandatory, opportunistic or none", tls)
		}
		return mail.SMTP{Host: host, Port: n, Username: user, Password: env.Getenv("PARLEY_SMTP_PASSWORD"), TLS: policy}, smtpAddr, nil
	}
	if outbox == "" {
		dir, err := dataDir(env)
		if err != nil {
			return nil, "", err
		}
		outbox = filepath.Join(dir, "parley", "outbox")
	}
	return mail.Outbox{Dir: outbox}, outbox, nil
}
