// Package cli is the command-line shell of Parley: flags, input and output
// around the pure core packages. cmd/parley only calls Main.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/parley-desk/parley"
)

// Env is what a command may use of the outside world. Tests build their own.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Now            func() time.Time
}

// command is one subcommand.
type command struct {
	name, summary string
	run           func(ctx context.Context, env *Env, args []string) error
}

func commands() []command {
	return []command{
		{"serve", "open the desk in the browser (embedded SQLite, or PostgreSQL with --db postgres://…)", runServe},
		{"backup", "write a consistent copy of the desk's SQLite database", runBackup},
		{"restore", "put a backup of the desk back in place", runRestore},
		{"export", "export a workspace's clients, leads and deals (JSON or CSV)", runExport},
		{"import", "import clients, leads and deals (JSON of export, or a CSV of clients)", runImport},
		{"screen", "screen a client's inquiry for red flags; suggest questions and a reply", runScreen},
		{"eval", "score screening against labelled inquiries (parley eval screen FILE.jsonl)", runEval},
		{"policy", "write, check or show your pricing and negotiation policy", runPolicy},
		{"quote", "price a job from your policy; write the proposal (text, Markdown, HTML, PDF)", runQuote},
		{"negotiate", "read a client's message in a deal: asks, ranked moves, reply; accept a move; drafts", runNegotiate},
		{"rules", "write the shipped screening rules to a folder to edit (parley rules dump DIR)", runRules},
		{"help", "show help for a command", nil},
	}
}

// Main runs the command line args (without the program name) and returns
// the process exit code.
func Main(ctx context.Context, args []string, env *Env) int {
	if len(args) == 0 {
		usage(env.Stderr)
		return parley.ExitInvalid
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 {
			return Main(ctx, []string{rest[0], "-h"}, env)
		}
		usage(env.Stdout)
		return parley.ExitOK
	}
	for _, c := range commands() {
		if c.name == name && c.run != nil {
			err := c.run(ctx, env, rest)
			if errors.Is(err, flag.ErrHelp) {
				return parley.ExitOK
			}
			if err != nil {
				report(env.Stderr, err)
			}
			return parley.ExitCode(err)
		}
	}
	fmt.Fprintf(env.Stderr, "parley: unknown command %q; run \"parley help\" to see the commands\n", name)
	return parley.ExitInvalid
}

// report prints an error as one line. Internal errors keep their detail
// here: the person at the terminal is the one who can act on it.
func report(w io.Writer, err error) {
	fmt.Fprintf(w, "parley: %s\n", oneLine(err.Error()))
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func usage(w io.Writer) {
	fmt.Fprint(w, `Parley is a negotiation desk for freelancers who work with clients at a distance.

Usage:
  parley COMMAND [flags] [arguments]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run "parley help COMMAND" or "parley COMMAND -h" for a command's flags and examples.

Examples:
  parley serve
  parley screen examples/inquiry-en.txt
  echo "Need a logo by tomorrow, we pay after delivery" | parley screen
  parley screen --jsonl inquiries.jsonl > results.jsonl
  parley eval screen labelled.jsonl --verbose
  parley policy init
  parley quote --service landing=2 --options --pdf proposal.pdf

Exit codes: 0 success; 1 the work failed (in batch mode: some lines failed);
2 bad usage or unreadable input.
`)
}

// newFlags makes a flag set whose -h prints a description, the flags and
// examples, and whose parse errors become coded errors (exit 2).
func newFlags(env *Env, name, synopsis, description, examples string) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError)}
	fs.SetOutput(io.Discard)
	fs.Usage = func() {} // parse errors get one line, not the whole help
	fs.help = func() {
		w := env.Stdout
		fmt.Fprintf(w, "Usage: %s\n\n%s\n\nFlags:\n", synopsis, strings.TrimSpace(description))
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
		fmt.Fprintf(w, "\nExamples:\n%s\n", strings.Trim(examples, "\n"))
	}
	return fs
}

// flagSet is a command's flags with its help text.
type flagSet struct {
	*flag.FlagSet
	help func()
}

// parseFlags parses args, allowing flags after positional arguments too
// ("parley screen FILE --format json").
func parseFlags(fs *flagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.help()
				return nil, err
			}
			return nil, parley.Errorf(parley.EINVALID, "%s: %v; run \"parley %s -h\" for the flags", fs.Name(), err, fs.Name())
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
