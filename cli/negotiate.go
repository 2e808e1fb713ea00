package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/locale"
	"github.com/parley-desk/parley/money"
	"github.com/parley-desk/parley/negotiate"
	"github.com/parley-desk/parley/pricing"
)

const negotiateHelp = `Usage:
  parley negotiate new --deal FILE --service ID[=QTY] … [--client NAME] [--client-kind KIND] [--lang LANG] [--batna TEXT]
  parley negotiate --deal FILE [MESSAGE_FILE|-]        read the client's message: asks, ranked moves, a reply draft
  parley negotiate accept MOVE --deal FILE             record the move you chose in the concession ledger
  parley negotiate draft KIND --deal FILE              summary (--notes FILE), restatement, followup, notice
                                                       (--new-total X --effective DATE), decline
  parley negotiate status --deal FILE                  whose move it is, the terms now, the ledger

The deal file (JSON) holds the quote as made, the concession ledger and the
conversation. Every command that changes it writes it atomically and only
on success: a refused move or a bad message leaves it exactly as it was.
The policy is --policy FILE, else $PARLEY_POLICY, else
~/.config/parley/policy.toml. Run "parley negotiate COMMAND -h" for flags.

Examples:
  parley negotiate new --deal kuusi.json --service landing=2 --client "Anna Virtanen" --lang fi
  parley negotiate --deal kuusi.json message.txt
  parley negotiate accept staged_prepayment --deal kuusi.json
  parley negotiate draft summary --deal kuusi.json --notes call.txt
`

func runNegotiate(ctx context.Context, env *Env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "-h", "--help", "-help", "help":
			fmt.Fprint(env.Stdout, negotiateHelp)
			return nil
		case "new":
			return negotiateNew(env, args[1:])
		case "accept":
			return negotiateAccept(env, args[1:])
		case "draft":
			return negotiateDraft(env, args[1:])
		case "status":
			return negotiateStatus(env, args[1:])
		}
	}
	return negotiateMessage(env, args)
}

// dealFlags are the flags every negotiate command shares.
type dealFlags struct {
	deal, policy, at string
}

func (d *dealFlags) register(fs *flagSet) {
	fs.StringVar(&d.deal, "deal", "", "the deal `FILE` (JSON)")
	fs.StringVar(&d.policy, "policy", "", "the policy file (default: $PARLEY_POLICY or ~/.config/parley/policy.toml)")
	fs.StringVar(&d.at, "at", "", "the time of the message or action, RFC 3339 or YYYY-MM-DD (default: now)")
}

func (d *dealFlags) now(env *Env) (time.Time, error) {
	if d.at == "" {
		return env.Now().UTC(), nil
	}
	if t, err := time.Parse(time.RFC3339, d.at); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateOnly, d.at); err == nil {
		return t.Add(9 * time.Hour), nil
	}
	return time.Time{}, parley.Errorf(parley.EINVALID, "--at %q: write 2026-12-01T10:00:00Z or 2026-12-01", d.at)
}

// open parses a negotiate command's flags, checks its arguments (at most
// maxArgs, and at least minArgs, else usage is the message), and reads the
// deal file and the time of the action.
func (d *dealFlags) open(env *Env, fs *flagSet, args []string, minArgs, maxArgs int, usage string) ([]string, *negotiate.Deal, time.Time, error) {
	pos, err := parseFlags(fs, args)
	if err != nil {
		return nil, nil, time.Time{}, err
	}
	if len(pos) < minArgs || len(pos) > maxArgs {
		return nil, nil, time.Time{}, parley.Errorf(parley.EINVALID, "%s", usage)
	}
	deal, err := readDeal(d.deal)
	if err != nil {
		return nil, nil, time.Time{}, err
	}
	now, err := d.now(env)
	if err != nil {
		return nil, nil, time.Time{}, err
	}
	return pos, deal, now, nil
}

// readDeal reads and checks the deal file.
func readDeal(path string) (*negotiate.Deal, error) {
	if path == "" {
		return nil, parley.Errorf(parley.EINVALID, "give the deal file with --deal FILE (make one with \"parley negotiate new\")")
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, parley.Errorf(parley.EINVALID, "no deal file at %s; make one with \"parley negotiate new --deal %s --service ID\"", path, path)
	} else if err != nil {
		return nil, parley.Errorf(parley.EINVALID, "%s: cannot read it: %v", path, err)
	}
	if len(b) > 16<<20 {
		return nil, parley.Errorf(parley.EINVALID, "%s is over 16 MB; is it a deal file?", path)
	}
	var d negotiate.Deal
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line := 1 + bytes.Count(b[:min(int(se.Offset), len(b))], []byte("\n"))
			return nil, parley.Errorf(parley.EINVALID, "%s:%d: the deal file is not valid JSON (%v); restore it from a backup or make a new one", path, line, se)
		case errors.As(err, &te):
			line := 1 + bytes.Count(b[:min(int(te.Offset), len(b))], []byte("\n"))
			return nil, parley.Errorf(parley.EINVALID, "%s:%d: %s should be %s", path, line, te.Field, te.Type)
		}
		return nil, parley.Errorf(parley.EINVALID, "%s: not a deal file: %v", path, err)
	}
	if err := d.Check(); err != nil {
		return nil, parley.Errorf(parley.EINVALID, "%s: %s", path, parley.ErrorMessage(err))
	}
	return &d, nil
}

func writeDeal(path string, d *negotiate.Deal) error {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return parley.Errorf(parley.EINTERNAL, "encoding the deal: %w", err)
	}
	if err := writeFileAtomic(path, append(b, '\n'), 0o600); err != nil {
		return parley.Errorf(parley.EINVALID, "cannot write %s: %v", path, err)
	}
	return nil
}

func negotiateNew(env *Env, args []string) error {
	var d dealFlags
	var f quoteFlags
	var name, kind, lang, batna, email string
	var force bool
	fs := newFlags(env, "negotiate new", "parley negotiate new --deal FILE --service ID[=QTY] … [flags]", `
Start a deal from a quote of your policy: the deal file records the terms as
quoted, the walk-away (the floor for this work and your best alternative),
the concession ledger and the conversation.`, `
  parley negotiate new --deal kuusi.json --service landing=2 --client "Anna Virtanen" --lang fi --batna "the agency retainer"`)
	d.register(fs)
	fs.Var(&f.services, "service", "a service and its quantity, `ID[=QTY][,repeat]`, as in parley quote")
	fs.IntVar(&f.stages, "stages", 0, "prepaid stages (M6)")
	fs.BoolVar(&f.nda, "nda", false, "the quote includes the NDA surcharge")
	fs.StringVar(&f.start, "start", "", "first day of work, YYYY-MM-DD")
	fs.StringVar(&name, "client", "", "the client's name")
	fs.StringVar(&email, "email", "", "the client's e-mail address")
	fs.StringVar(&kind, "client-kind", "", "small_business, large_company or agency")
	fs.StringVar(&lang, "lang", "", "the client's language: en, fi or ru (default: the policy's)")
	fs.StringVar(&batna, "batna", "", "your best alternative if this deal fails: what you walk away to")
	fs.BoolVar(&force, "force", false, "replace an existing deal file")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return parley.Errorf(parley.EINVALID, "negotiate new takes no arguments (got %q)", pos[0])
	}
	if d.deal == "" {
		return parley.Errorf(parley.EINVALID, "give the new deal's file with --deal FILE")
	}
	if _, err := os.Stat(d.deal); err == nil && !force {
		return parley.Errorf(parley.ECONFLICT, "%s exists; use --force to replace it", d.deal)
	}
	now, err := d.now(env)
	if err != nil {
		return err
	}
	p, _, err := loadPolicy(env, d.policy)
	if err != nil {
		return err
	}
	f.today = now.Format(time.DateOnly)
	f.kind = kind
	req, _, _, err := quoteRequest(env, p, &f)
	if err != nil {
		return err
	}
	q, err := pricing.Compute(p, req)
	if err != nil {
		return err
	}
	deal, err := negotiate.NewDeal(p, q, negotiate.Client{Name: name, Kind: kind, Language: lang, Email: email}, batna, now)
	if err != nil {
		return err
	}
	if err := writeDeal(d.deal, deal); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "wrote %s: %s for %s %s, delivery %s, floor %s %s\n", d.deal, strings.Join(lineNames(deal), ", "), deal.Terms.Total, deal.Terms.Currency, deal.Terms.Delivery, deal.WalkAway.Floor, deal.Terms.Currency)
	return nil
}

func lineNames(d *negotiate.Deal) []string {
	var out []string
	for _, l := range d.Terms.Lines {
		out = append(out, l.Quantity+" × "+l.Name)
	}
	return out
}

func negotiateMessage(env *Env, args []string) error {
	var d dealFlags
	var format string
	var dryRun bool
	fs := newFlags(env, "negotiate", "parley negotiate --deal FILE [flags] [MESSAGE_FILE|-]", `
Read the client's new message (en, fi or ru) against the deal and your
policy: the asks it makes with the amounts and dates it names, the moves
your policy allows ranked best first (never giving up a firm term: P1), and
one reply draft in the client's language that combines the best move for
each ask. The message and the moves are recorded in the deal file, so that
"parley negotiate accept MOVE" can pick one (--dry-run records nothing).`, `
  parley negotiate --deal kuusi.json message.txt
  pbpaste | parley negotiate --deal kuusi.json --format json`)
	d.register(fs)
	fs.StringVar(&format, "format", "text", "output: text or json")
	fs.BoolVar(&dryRun, "dry-run", false, "analyse only; leave the deal file as it is")
	pos, deal, now, err := d.open(env, fs, args, 0, 1, "negotiate reads one message: give one FILE, or - for stdin")
	if err != nil {
		return err
	}
	if format != "text" && format != "json" {
		return parley.Errorf(parley.EINVALID, "--format %q: write text or json", format)
	}
	p, _, err := loadPolicy(env, d.policy)
	if err != nil {
		return err
	}
	path := ""
	if len(pos) == 1 {
		path = pos[0]
	}
	text, err := readMessage(env, path)
	if err != nil {
		return err
	}
	a, err := negotiate.New()
	if err != nil {
		return parley.Errorf(parley.EINTERNAL, "%w", err)
	}
	an, err := a.Analyze(deal, p, text, now)
	if err != nil {
		return err
	}
	if !dryRun {
		var asks []string
		for _, k := range an.Asks {
			asks = append(asks, k.Code)
		}
		deal.History = append(deal.History, negotiate.Message{From: "client", At: now, Text: text, Kind: "message", Language: an.Language, Asks: asks})
		deal.Pending = an.Moves
		deal.PendingReply = an.Reply
		if err := writeDeal(d.deal, deal); err != nil {
			return err
		}
	}
	if format == "json" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(an.View(deal))
	}
	writeAnalysis(env.Stdout, an, deal)
	return nil
}

func writeAnalysis(w io.Writer, an *negotiate.Analysis, deal *negotiate.Deal) {
	fmt.Fprintf(w, "Message in %s; your move.\n\n", an.Language)
	if len(an.Asks) == 0 {
		fmt.Fprintln(w, "Asks: none found")
	} else {
		fmt.Fprintln(w, "Asks")
		for _, k := range an.Asks {
			extra := ""
			switch {
			case k.Amount != nil:
				extra = "  amount " + k.Amount.String() + " " + k.Amount.Currency.Code
			case k.Date != nil:
				extra = "  date " + k.Date.Format(time.DateOnly)
			case k.Percent != 0:
				extra = "  " + money.FormatDecimal(k.Percent, 2) + " %"
			}
			fmt.Fprintf(w, "  %-14s %q%s\n", k.Code, k.Quote, extra)
		}
	}
	fmt.Fprintln(w, "\nMoves, best first (accept one with: parley negotiate accept ID --deal FILE)")
	for _, m := range an.Moves {
		fmt.Fprintf(w, "  %-24s [%s] %s\n", m.ID, strings.Join(m.Rules, " "), m.Summary)
		if m.Gives != "" || m.Gets != "" {
			fmt.Fprintf(w, "  %-24s gives: %s; gets: %s\n", "", orNothing(m.Gives), orNothing(m.Gets))
		}
	}
	if len(an.Warnings) > 0 {
		fmt.Fprintln(w, "\nWarnings")
		for _, wn := range an.Warnings {
			fmt.Fprintf(w, "  %s (%s): %s\n", wn.Code, wn.Rule, wn.Text)
		}
	}
	fmt.Fprintf(w, "\nReply draft (%s)\n\n%s\n", deal.Client.Language, indent(an.Reply, "  "))
}

func orNothing(s string) string {
	if s == "" {
		return "nothing"
	}
	return s
}

func negotiateAccept(env *Env, args []string) error {
	var d dealFlags
	fs := newFlags(env, "negotiate accept", "parley negotiate accept MOVE --deal FILE", `
Record the move you chose from the last analysis: the ledger gets what you
gave and what you received (P4), and the reply draft is recorded as sent.
A move that is not pending, or that would take the price under your floor,
is refused and the deal file is left as it was.`, `
  parley negotiate accept staged_prepayment --deal kuusi.json`)
	d.register(fs)
	pos, deal, now, err := d.open(env, fs, args, 1, 1, "negotiate accept takes one MOVE id; \"parley negotiate status --deal FILE\" lists the pending ones")
	if err != nil {
		return err
	}
	reply := deal.PendingReply
	if err := negotiate.Accept(deal, pos[0], now); err != nil {
		return err
	}
	if reply != "" { // the reply goes out with the first move accepted
		deal.History = append(deal.History, negotiate.Message{From: "me", At: now, Text: reply, Kind: "reply", Language: deal.Client.Language})
		deal.PendingReply = ""
	}
	if err := writeDeal(d.deal, deal); err != nil {
		return err
	}
	e := deal.Ledger[len(deal.Ledger)-1]
	c := deal.Current()
	fmt.Fprintf(env.Stdout, "recorded %s: gave %s, got %s; price now %s %s (floor %s)\n", e.Move, orNothing(e.Gave), orNothing(e.Got), c.Total, c.Total.Currency.Code, c.Floor)
	for _, w := range deal.LedgerWarnings(nil) {
		fmt.Fprintf(env.Stdout, "warning (%s): %s\n", w.Rule, w.Text)
	}
	return nil
}

func negotiateDraft(env *Env, args []string) error {
	var d dealFlags
	var notes, newTotal, effective, reason string
	var dryRun bool
	fs := newFlags(env, "negotiate draft", "parley negotiate draft summary|restatement|followup|notice|decline --deal FILE [flags]", `
Draft a message of its own in the client's language, recorded in the deal's
conversation as sent (--dry-run to only print it):
  summary       the points of a call, ending in a request to confirm (C2); --notes FILE, a point a line
  restatement   "let me check I understood correctly" from the deal's terms (B2)
  followup      the single reminder to a client who went quiet (B3); refused if one already went out
  notice        a price rise for a current client (M8): --new-total X --effective DATE, at least the
                policy's notice period ahead, or refused
  decline       a polite refusal without complaint (W1)`, `
  parley negotiate draft summary --deal kuusi.json --notes call.txt
  parley negotiate draft notice --deal kuusi.json --new-total 2000 --effective 2027-02-01`)
	d.register(fs)
	fs.StringVar(&notes, "notes", "", "the call notes `FILE` for a summary (- for stdin)")
	fs.StringVar(&newTotal, "new-total", "", "the new price for a notice")
	fs.StringVar(&effective, "effective", "", "the day the new price applies, YYYY-MM-DD")
	fs.StringVar(&reason, "reason", "", "why the price changes, in the client's language (a notice explains; default: a general reason)")
	fs.BoolVar(&dryRun, "dry-run", false, "print the draft; do not record it in the deal file")
	pos, deal, now, err := d.open(env, fs, args, 1, 1, "negotiate draft takes one kind: summary, restatement, followup, notice or decline")
	if err != nil {
		return err
	}
	a, err := negotiate.New()
	if err != nil {
		return parley.Errorf(parley.EINTERNAL, "%w", err)
	}
	var dr negotiate.Draft
	switch pos[0] {
	case "summary":
		text, err := readMessage(env, notes)
		if err != nil {
			return err
		}
		dr, err = a.CallSummary(deal, text, now)
		if err != nil {
			return err
		}
	case "restatement":
		dr, err = a.Restatement(deal)
	case "followup":
		dr, err = a.FollowUp(deal, now)
	case "decline":
		dr, err = a.Decline(deal)
	case "notice":
		p, _, perr := loadPolicy(env, d.policy)
		if perr != nil {
			return perr
		}
		nt, perr := money.Parse(newTotal, p.Currency)
		if newTotal == "" || perr != nil {
			return parley.Errorf(parley.EINVALID, "a notice needs --new-total, the new price in %s, like 2000", p.Currency.Code)
		}
		eff, perr := time.Parse(time.DateOnly, effective)
		if perr != nil {
			return parley.Errorf(parley.EINVALID, "a notice needs --effective YYYY-MM-DD, the day the new price applies")
		}
		dr, err = a.PriceIncrease(deal, p, nt, eff, reason, now)
	default:
		return parley.Errorf(parley.EINVALID, "draft %q: write summary, restatement, followup, notice or decline", pos[0])
	}
	if err != nil {
		return err
	}
	if !dryRun {
		deal.History = append(deal.History, negotiate.Message{From: "me", At: now, Text: dr.Text, Kind: dr.Kind, Language: deal.Client.Language})
		if err := writeDeal(d.deal, deal); err != nil {
			return err
		}
	}
	fmt.Fprintln(env.Stdout, dr.Text)
	return nil
}

func negotiateStatus(env *Env, args []string) error {
	var d dealFlags
	var format string
	fs := newFlags(env, "negotiate status", "parley negotiate status --deal FILE", `
Whose move it is and how long the other side has waited (P7), the terms as
the ledger has changed them, the ledger and its warnings, the pending moves.`, `
  parley negotiate status --deal kuusi.json`)
	d.register(fs)
	fs.StringVar(&format, "format", "text", "output: text or json")
	_, deal, now, err := d.open(env, fs, args, 0, 0, "negotiate status takes no arguments; give the deal with --deal FILE")
	if err != nil {
		return err
	}
	var firm map[string]bool
	if p, _, err := loadPolicy(env, d.policy); err == nil {
		firm = p.Firm
	}
	who, since, waited := deal.WhoseMove(now)
	warnings := deal.LedgerWarnings(firm)
	if format == "json" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"whose_move": who, "since": since, "waited_hours": int(waited.Hours()),
			"ledger": deal.LedgerView(), "pending": deal.Pending, "warnings": warnings})
	}
	c := deal.Current()
	lang := "en"
	fmt.Fprintf(env.Stdout, "Deal with %s (%s)\n", orNothing(deal.Client.Name), deal.Client.Language)
	switch {
	case since.IsZero():
		fmt.Fprintln(env.Stdout, "  no messages yet: your move")
	case who == "me":
		fmt.Fprintf(env.Stdout, "  your move: the client wrote %s ago\n", waitText(waited))
	default:
		fmt.Fprintf(env.Stdout, "  the client's move: you wrote %s ago\n", waitText(waited))
	}
	fmt.Fprintf(env.Stdout, "  price %s (quoted %s, floor %s), delivery %s, %s\n", locale.Money(lang, c.Total), deal.Terms.Total, locale.Money(lang, c.Floor), c.Delivery.Format(time.DateOnly),
		locale.Count(lang, int64(c.Stages), "prepaid stage|prepaid stages"))
	fmt.Fprintf(env.Stdout, "\nLedger: %s, %d with nothing received\n", locale.Count(lang, int64(c.Concessions), "concession|concessions"), c.Unmatched)
	for _, e := range deal.Ledger {
		fmt.Fprintf(env.Stdout, "  %s %-24s gave %s; got %s; price %s\n", strings.SplitN(e.At, "T", 2)[0], e.Move, orNothing(e.Gave), orNothing(e.Got), e.PriceDelta)
	}
	for _, w := range warnings {
		fmt.Fprintf(env.Stdout, "  warning %s (%s): %s\n", w.Code, w.Rule, w.Text)
	}
	if len(deal.Pending) > 0 {
		fmt.Fprintln(env.Stdout, "\nPending moves")
		for _, m := range deal.Pending {
			fmt.Fprintf(env.Stdout, "  %-24s %s\n", m.ID, m.Summary)
		}
	}
	return nil
}

func waitText(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d days", int(d.Hours()/24))
	case d >= 2*time.Hour:
		return fmt.Sprintf("%d hours", int(d.Hours()))
	}
	return fmt.Sprintf("%d minutes", int(d.Minutes()))
}
