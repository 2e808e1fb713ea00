package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/screen"
)

func runEval(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] != "screen" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
			args = []string{"screen", "-h"}
		} else {
			return parley.Errorf(parley.EINVALID, "eval: say what to evaluate: parley eval screen FILE.jsonl")
		}
	}
	var verbose bool
	var format, rules string
	var minF1, minAcc float64
	fs := newFlags(env, "eval", "parley eval screen [flags] FILE.jsonl", `
Score the screening against labelled inquiries, one JSON object per line as
in shared/data/inquiries-dev.jsonl: {"id","lang","text","flags":[...],"verdict"}.
Prints per language: per-code precision, recall and F1, the micro-F1 over
all codes, and the verdict accuracy. --verbose lists every inquiry whose
flags or verdict differ from its labels.`, `
  parley eval screen ../shared/data/inquiries-dev.jsonl
  parley eval screen --verbose labelled.jsonl
  parley eval screen --min-f1 0.85 --min-accuracy 0.85 labelled.jsonl   # exit 1 below the bar`)
	fs.BoolVar(&verbose, "verbose", false, "list each miss: the inquiry id, flags missed and flags found in excess")
	fs.StringVar(&format, "format", "text", "output format: text or json")
	fs.StringVar(&rules, "rules", "", "folder whose rules files replace the shipped ones")
	fs.Float64Var(&minF1, "min-f1", 0, "fail (exit 1) when any language's micro-F1 is below this")
	fs.Float64Var(&minAcc, "min-accuracy", 0, "fail (exit 1) when any language's verdict accuracy is below this")
	pos, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return parley.Errorf(parley.EINVALID, "eval screen takes one labelled FILE.jsonl (or - for stdin)")
	}
	if format != "text" && format != "json" {
		return parley.Errorf(parley.EINVALID, "--format %q: use text or json", format)
	}
	s, err := newScreener(rules)
	if err != nil {
		return err
	}
	r, name, closeIn, err := openInput(env, pos[0])
	if err != nil {
		return err
	}
	defer closeIn()
	items, err := readLabelled(r, name)
	if err != nil {
		return err
	}
	scores := s.Evaluate(items, screen.Options{Today: env.Now()})
	if format == "json" {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(scores); err != nil {
			return err
		}
	} else {
		writeScores(env.Stdout, scores, verbose)
	}
	var below []string
	for _, ls := range scores {
		if ls.MicroF1 < minF1 || ls.VerdictAccuracy < minAcc {
			below = append(below, fmt.Sprintf("%s (micro-F1 %.3f, verdict accuracy %.3f)", ls.Language, ls.MicroF1, ls.VerdictAccuracy))
		}
	}
	if len(below) > 0 {
		return &parley.Error{Code: parley.EPARTIAL, Message: "below the bar: " + strings.Join(below, "; ")}
	}
	return nil
}

func readLabelled(r io.Reader, name string) ([]screen.Labelled, error) {
	lines := newLineReader(r, screen.MaxInquiryBytes*2)
	var items []screen.Labelled
	var buf []byte
	for {
		line, tooLong, err := lines.next(buf)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, parley.Errorf(parley.EINVALID, "%s: cannot read: %v", name, err)
		}
		buf = line
		if tooLong {
			return nil, parley.Errorf(parley.EINVALID, "%s:%d: line too long", name, lines.n)
		}
		if len(strings.TrimSpace(string(line))) == 0 {
			continue
		}
		var it screen.Labelled
		if err := json.Unmarshal(line, &it); err != nil {
			return nil, parley.Errorf(parley.EINVALID, "%s:%d: not a JSON object (%v)", name, lines.n, err)
		}
		if it.Text == "" || it.Lang == "" || it.Verdict == "" {
			return nil, parley.Errorf(parley.EINVALID, "%s:%d: a labelled line needs \"lang\", \"text\", \"flags\" and \"verdict\"", name, lines.n)
		}
		items = append(items, it)
	}
	if len(items) == 0 {
		return nil, parley.Errorf(parley.EINVALID, "%s: no labelled inquiries", name)
	}
	return items, nil
}

func writeScores(w io.Writer, scores []screen.LanguageScore, verbose bool) {
	for _, ls := range scores {
		fmt.Fprintf(w, "%s: %d inquiries   micro-F1 %.3f   verdict accuracy %.3f\n", ls.Language, ls.Inquiries, ls.MicroF1, ls.VerdictAccuracy)
		fmt.Fprintf(w, "  %-26s %9s %6s %6s %7s\n", "code", "precision", "recall", "F1", "support")
		for _, c := range ls.Codes {
			fmt.Fprintf(w, "  %-26s %9.3f %6.3f %6.3f %7d\n", c.Code, c.Precision, c.Recall, c.F1, c.Support)
		}
		if verbose {
			for _, m := range ls.Misses {
				line := fmt.Sprintf("  miss %s: verdict %s (labelled %s)", m.ID, m.Verdict, m.Expected)
				if len(m.Missing) > 0 {
					line += "; missed " + strings.Join(m.Missing, ",")
				}
				if len(m.Extra) > 0 {
					line += "; extra " + strings.Join(m.Extra, ",")
				}
				if m.Error != "" {
					line += "; error: " + m.Error
				}
				fmt.Fprintln(w, line)
			}
		}
		fmt.Fprintln(w)
	}
}
