package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/mail"
	"github.com/parley-desk/parley/screen"
	"github.com/parley-desk/parley/web"
)

// importMail reads e-mail into the desk: replies and clients' messages
// into their deals, new inquiries into screened leads.
func importMail(ctx context.Context, env *Env, dsn string, wsID int64, paths []string) error {
	if len(paths) == 0 {
		return parley.Errorf(parley.EINVALID, "import mail needs a file or a folder: parley import mail FILE.eml|FILE.mbox|DIR")
	}
	db, ws, err := openWorkspace(ctx, env, dsn, wsID)
	if err != nil {
		return err
	}
	defer db.Close()
	scr, err := screen.New(nil)
	if err != nil {
		return parley.Errorf(parley.EINTERNAL, "%w", err)
	}
	desk, err := web.New(db, scr, slog.New(slog.NewTextHandler(io.Discard, nil)), env.Now)
	if err != nil {
		return parley.Errorf(parley.EINTERNAL, "%w", err)
	}
	as := &parley.User{WorkspaceID: ws.ID}
	failed, total := 0, 0
	for _, path := range paths {
		msgs, errs := mail.ReadPath(ctx, path)
		for _, e := range errs {
			failed++
			fmt.Fprintf(env.Stdout, "error: %v\n", e)
		}
		for _, res := range desk.ImportMail(ctx, as, msgs, desk.English()) {
			total++
			switch {
			case res.Err != nil:
				failed++
				fmt.Fprintf(env.Stdout, "error: %s (%s): %s\n", res.Subject, res.From, parley.ErrorMessage(res.Err))
			case res.Skipped != "":
				fmt.Fprintf(env.Stdout, "skipped: %s (%s): %s\n", res.Subject, res.From, res.Skipped)
			case res.DealID != 0:
				fmt.Fprintf(env.Stdout, "deal %d: %s (%s): the client's message\n", res.DealID, res.Subject, res.From)
			default:
				fmt.Fprintf(env.Stdout, "lead %d: %s (%s): %s\n", res.LeadID, res.Subject, res.From, res.Verdict)
			}
		}
		total += len(errs)
	}
	if failed > 0 {
		return &parley.Error{Code: parley.EPARTIAL, Message: fmt.Sprintf("%d of %d messages were not imported; each is named above", failed, total)}
	}
	return nil
}
