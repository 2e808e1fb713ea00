package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"runtime/debug"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/screen"
)

type screenFlags struct {
	format, lang, uiLang, rules, today, color string
	jsonl, trace                              bool
	leadDays                                  int
}

func runScreen(ctx context.Context, env *Env, args []string) error {
	var f screenFlags
	fs := newFlags(env, "screen", "parley screen [flags] [FILE|-]", `
Screen a client's inquiry for red flags (spec/red-flags.md; rules P8, W1).
Reads one inquiry from FILE, or from stdin when FILE is - or missing. The
language (en, fi, ru) is detected per sentence, so mixed texts work.
Prints the verdict (decline, caution, negotiate, proceed), a risk score
0-100, every flag with its severity, the quoted evidence and why it matters,
the questions to ask the client (B2) and a reply draft in the inquiry's
language (P3, P5, W1).

With --jsonl, FILE holds one inquiry per line as {"id": ..., "text": "..."}
and one JSON result line is written per input line, with the same id, as it
is read. A bad line gets {"id": ..., "line": N, "error": "..."}; the other
lines are still screened and the exit code is then 1.`, `
  parley screen examples/inquiry-en.txt
  parley screen --format json examples/inquiry-ru.txt
  echo "Tarvitsen logon huomiseksi, maksu vasta kun olen tyytyväinen." | parley screen
  parley screen --jsonl inquiries.jsonl > results.jsonl
  parley screen --today 2026-12-01 --lead-days 5 request.txt
  parley screen --rules my-rules/ --trace inquiry.txt`)
	fs.StringVar(&f.format, "format", "text", "output format: text (for people) or json (one object)")
	fs.BoolVar(&f.jsonl, "jsonl", false, `batch mode: read {"id","text"} lines, write one JSON result line each`)
	fs.StringVar(&f.lang, "lang", "", "force the language of the whole text: en, fi or ru (default: detect per sentence)")
	fs.StringVar(&f.uiLang, "ui-lang", "", "language of the flag explanations: en, fi or ru (default: the inquiry's)")
	fs.StringVar(&f.rules, "rules", "", "folder whose rules files replace the shipped ones (see parley rules dump)")
	fs.StringVar(&f.today, "today", "", "date the reply counts from, YYYY-MM-DD (default: today)")
	fs.IntVar(&f.leadDays, "lead-days", 5, "minimum lead time in working days, for the earliest honest date in rush replies (P5)")
	fs.StringVar(&f.color, "color", "auto", "highlight evidence in text output: auto (when a terminal), always or never")
	fs.BoolVar(&f.trace, "trace", false, "show tokens, stems and every matching rule with its file and line (for rule writers)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return parley.Errorf(parley.EINVALID, "screen takes one FILE (or - for stdin), got %d; use --jsonl for many inquiries", len(pos))
	}
	path := ""
	if len(pos) == 1 {
		path = pos[0]
	}
	if f.format != "text" && f.format != "json" {
		return parley.Errorf(parley.EINVALID, "--format %q: use text or json", f.format)
	}
	if f.color != "auto" && f.color != "always" && f.color != "never" {
		return parley.Errorf(parley.EINVALID, "--color %q: use auto, always or never", f.color)
	}
	if f.leadDays < 1 || f.leadDays > 365 {
		return parley.Errorf(parley.EINVALID, "--lead-days %d: give a number of working days from 1 to 365", f.leadDays)
	}
	opt := screen.Options{Language: f.lang, Explain: f.uiLang, LeadDays: f.leadDays, Today: env.Now()}
	if f.today != "" {
		d, err := time.Parse(time.DateOnly, f.today)
		if err != nil {
			return parley.Errorf(parley.EINVALID, "--today %q: write the date as YYYY-MM-DD, e.g. 2026-12-01", f.today)
		}
		opt.Today = d
	}
	for _, l := range []struct{ flag, v string }{{"--lang", f.lang}, {"--ui-lang", f.uiLang}} {
		if l.v != "" && l.v != "en" && l.v != "fi" && l.v != "ru" {
			return parley.Errorf(parley.EINVALID, "%s %q: use en, fi or ru", l.flag, l.v)
		}
	}
	if f.jsonl {
		// The soft heap limit covers compiling the rules too: their
		// garbage, not the stream, sets a batch's peak.
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(batchMemoryLimit))
	}
	s, err := newScreener(f.rules)
	if err != nil {
		return err
	}
	r, name, closeIn, err := openInput(env, path)
	if err != nil {
		return err
	}
	defer closeIn()
	if f.jsonl {
		return screenBatch(ctx, env, s, r, name, opt)
	}
	text, err := readInquiry(r, name)
	if err != nil {
		return err
	}
	if f.trace {
		return printTrace(env.Stdout, s, text, opt)
	}
	res, err := s.Screen(text, opt)
	if err != nil {
		return parley.Errorf(parley.EINVALID, "%s: %w", name, err)
	}
	if f.format == "json" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(res)
	}
	color := f.color == "always" || f.color == "auto" && isTerminal(env.Stdout) && env.Getenv("NO_COLOR") == ""
	writeResult(env.Stdout, text, res, color)
	return nil
}

// batchLine is one input line of --jsonl.
type batchLine struct {
	ID   json.RawMessage `json:"id"`
	Text *string         `json:"text"`
}

// batchResult is one output line of --jsonl: the screening, or an error.
type batchResult struct {
	ID json.RawMessage `json:"id"`
	*screen.Result
	Line  int    `json:"line,omitempty"`
	Error string `json:"error,omitempty"`
}

// screenBatch streams: one line in, one line out, nothing else kept.
// batchMemoryLimit is the soft heap limit of a batch run (the rules grew
// with issue 2; at 30 MB a 100 000-line batch peaks at 48 MB resident).
const batchMemoryLimit = 30 << 20

func screenBatch(ctx context.Context, env *Env, s *screen.Screener, r io.Reader, name string, opt screen.Options) error {
	// A batch streams: the compiled rules (about 25 MB) plus a line at a
	// time. The soft memory limit the caller set keeps the garbage
	// collector from letting the heap double over that on a long run.
	lines := newLineReader(r, screen.MaxInquiryBytes*2)
	out := bufio.NewWriterSize(env.Stdout, 64<<10)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	failed, total := 0, 0
	var buf []byte
	for {
		if err := ctx.Err(); err != nil {
			return parley.Errorf(parley.EINVALID, "%s: interrupted after %d lines", name, total)
		}
		line, tooLong, err := lines.next(buf)
		if err == io.EOF {
			break
		}
		if err != nil {
			return parley.Errorf(parley.EINVALID, "%s: cannot read line %d: %v", name, lines.n+1, err)
		}
		buf = line
		total++
		res := screenLine(s, line, tooLong, opt)
		if res.Error != "" {
			failed++
			res.Line = lines.n
			fmt.Fprintf(env.Stderr, "parley: %s:%d: %s\n", name, lines.n, res.Error)
		}
		if res.ID == nil {
			res.ID = json.RawMessage("null")
		}
		if err := enc.Encode(res); err != nil {
			return fmt.Errorf("writing results: %w", err)
		}
	}
	if total == 0 {
		return parley.Errorf(parley.EINVALID, "%s: no lines; --jsonl expects one {\"id\": ..., \"text\": \"...\"} object per line", name)
	}
	if failed > 0 {
		return &parley.Error{Code: parley.EPARTIAL, Message: fmt.Sprintf("%s: %d of %d lines failed; each has an \"error\" result line", name, failed, total)}
	}
	return nil
}

func screenLine(s *screen.Screener, line []byte, tooLong bool, opt screen.Options) batchResult {
	if tooLong {
		return batchResult{Error: fmt.Sprintf("line is over the %d KB limit; one line holds one inquiry", screen.MaxInquiryBytes*2>>10)}
	}
	var in batchLine
	if err := json.Unmarshal(line, &in); err != nil {
		return batchResult{Error: fmt.Sprintf("not a JSON object (%v); write {\"id\": ..., \"text\": \"...\"}", err)}
	}
	if in.Text == nil {
		return batchResult{ID: in.ID, Error: "no \"text\" field; write {\"id\": ..., \"text\": \"...\"}"}
	}
	res, err := s.Screen(*in.Text, opt)
	if err != nil {
		return batchResult{ID: in.ID, Error: parley.ErrorMessage(err)}
	}
	return batchResult{ID: in.ID, Result: &res}
}
