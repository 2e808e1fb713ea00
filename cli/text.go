package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/parley-desk/parley/screen"
)

// ANSI styles for terminal output.
const (
	styleReset   = "\x1b[0m"
	styleBold    = "\x1b[1m"
	styleDecline = "\x1b[1;41;97m" // white on red
	styleCaution = "\x1b[30;43m"   // black on yellow
	styleNego    = "\x1b[30;46m"   // black on cyan
)

func severityStyle(s screen.Severity) string {
	switch s {
	case screen.SeverityDecline:
		return styleDecline
	case screen.SeverityCaution:
		return styleCaution
	}
	return styleNego
}

// writeResult prints a screening for people.
func writeResult(w io.Writer, text string, res screen.Result, color bool) {
	bold := func(s string) string {
		if color {
			return styleBold + s + styleReset
		}
		return s
	}
	fmt.Fprintf(w, "%s %s   language %s   risk score %d/100\n", bold("Verdict:"), bold(strings.ToUpper(res.Verdict)), res.Language, res.Score)
	if len(res.Segments) > 0 {
		var parts []string
		for _, s := range res.Segments {
			parts = append(parts, fmt.Sprintf("%s [%d:%d]", s.Language, s.Start, s.End))
		}
		fmt.Fprintf(w, "Mixed languages: %s\n", strings.Join(parts, ", "))
	}
	if color && len(res.Flags) > 0 {
		fmt.Fprintf(w, "\n%s\n%s\n", bold("Inquiry"), indent(highlight(text, res.Flags), "  "))
	}
	if len(res.Flags) == 0 {
		fmt.Fprintf(w, "\nNo red flags found.\n")
	} else {
		fmt.Fprintf(w, "\n%s\n", bold("Red flags"))
		for _, f := range res.Flags {
			label := fmt.Sprintf("%s (%s)", f.Code, f.Severity)
			if color {
				label = severityStyle(f.Severity) + " " + label + " " + styleReset
			}
			fmt.Fprintf(w, "  %s %s\n", label, f.Explanation)
			for _, e := range f.Evidence {
				fmt.Fprintf(w, "    %q  [%d:%d]\n", e.Quote, e.Start, e.End)
			}
		}
	}
	if len(res.Questions) > 0 {
		fmt.Fprintf(w, "\n%s\n", bold("Questions to ask"))
		for _, q := range res.Questions {
			fmt.Fprintf(w, "  - %s\n", q)
		}
	}
	if res.Reply != "" {
		fmt.Fprintf(w, "\n%s\n%s\n", bold("Reply draft"), indent(res.Reply, "  "))
	}
}

// highlight marks every evidence span in text with its flag's colour.
func highlight(text string, flags []screen.Flag) string {
	type mark struct {
		start, end int
		style      string
	}
	var marks []mark
	for _, f := range flags {
		for _, e := range f.Evidence {
			marks = append(marks, mark{e.Start, e.End, severityStyle(f.Severity)})
		}
	}
	sort.Slice(marks, func(i, j int) bool { return marks[i].start < marks[j].start })
	var b strings.Builder
	pos := 0
	for _, m := range marks {
		if m.start < pos { // overlaps a span already marked
			if m.end <= pos {
				continue
			}
			m.start = pos
		}
		b.WriteString(text[pos:m.start])
		b.WriteString(m.style + text[m.start:m.end] + styleReset)
		pos = m.end
	}
	b.WriteString(text[pos:])
	return b.String()
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n")
}

func printTrace(w io.Writer, s *screen.Screener, text string, opt screen.Options) error {
	toks, hits, err := s.Trace(text, opt)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Tokens (sentence.clause language text → norm / stem):\n")
	for _, t := range toks {
		fmt.Fprintf(w, "  %d.%d %s %-18q %s / %s\n", t.Sentence, t.Clause, t.Language, t.Text, t.Norm, t.Stem)
	}
	fmt.Fprintf(w, "\nMatches (negated ones are left out; suppressions start with -):\n")
	for _, h := range hits {
		fmt.Fprintf(w, "  %-26s %q [%d:%d]\n      %s\n", h.Section, h.Quote, h.Start, h.End, h.Rule)
	}
	return nil
}
