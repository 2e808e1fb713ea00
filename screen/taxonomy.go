package screen

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
)

// Severity of a flag; the verdict is the highest severity found.
type Severity string

const (
	SeverityDecline   Severity = "decline"
	SeverityCaution   Severity = "caution"
	SeverityNegotiate Severity = "negotiate"
	// SeverityAsk marks what a client asks for in a negotiation (a discount,
	// a date, an NDA): detected like a flag, never part of the verdict.
	SeverityAsk Severity = "ask"
)

// Verdicts (red-flags.md): the highest severity found, or proceed.
const (
	VerdictDecline   = "decline"
	VerdictCaution   = "caution"
	VerdictNegotiate = "negotiate"
	VerdictProceed   = "proceed"
)

func (s Severity) rank() int {
	switch s {
	case SeverityDecline:
		return 3
	case SeverityCaution:
		return 2
	case SeverityNegotiate:
		return 1
	}
	return 0
}

// risk is how much one flag of the severity adds to the score. Flags combine
// like independent risks, so the score rises with each flag but never passes
// 100: one decline flag alone scores 70, one caution 40, one negotiate 15.
func (s Severity) risk() float64 {
	switch s {
	case SeverityDecline:
		return 0.70
	case SeverityCaution:
		return 0.40
	case SeverityNegotiate:
		return 0.15
	}
	return 0
}

// FlagInfo describes one code of the taxonomy.
type FlagInfo struct {
	Code        string
	Severity    Severity
	Explanation map[string]string // language → one sentence
}

// taxonomy is the parsed rules/taxonomy.txt.
type taxonomy struct {
	flags   []FlagInfo     // in the spec's order
	index   map[string]int // code → position in flags
	signals []string
}

func parseTaxonomy(file string, src []byte) (*taxonomy, error) {
	t := &taxonomy{index: map[string]int{}}
	sc := bufio.NewScanner(bytes.NewReader(src))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		switch {
		case f[0] == "flag" && len(f) == 3:
			sev := Severity(f[2])
			if sev.rank() == 0 && sev != SeverityAsk {
				return nil, fmt.Errorf("%s:%d: severity %q must be decline, caution, negotiate or ask", file, n, f[2])
			}
			if _, dup := t.index[f[1]]; dup {
				return nil, fmt.Errorf("%s:%d: flag %q is defined twice", file, n, f[1])
			}
			t.index[f[1]] = len(t.flags)
			t.flags = append(t.flags, FlagInfo{Code: f[1], Severity: sev, Explanation: map[string]string{}})
		case f[0] == "signal" && len(f) == 2:
			t.signals = append(t.signals, f[1])
		case len(f[0]) == 2 && len(t.flags) > 0:
			t.flags[len(t.flags)-1].Explanation[f[0]] = strings.TrimSpace(line[2:])
		default:
			return nil, fmt.Errorf("%s:%d: expected \"flag CODE SEVERITY\", \"signal NAME\" or \"LANG explanation\"", file, n)
		}
	}
	return t, sc.Err()
}

// merge adds o's flags and signals after t's.
func (t *taxonomy) merge(file string, o *taxonomy) error {
	for _, f := range o.flags {
		if _, dup := t.index[f.Code]; dup {
			return fmt.Errorf("%s: flag %q is already defined", file, f.Code)
		}
		t.index[f.Code] = len(t.flags)
		t.flags = append(t.flags, f)
	}
	t.signals = append(t.signals, o.signals...)
	return nil
}

// known maps the section names a lexicon may use to their ids: flags in
// the spec's order, then signals.
func (t *taxonomy) known() map[string]int {
	k := map[string]int{}
	for i, f := range t.flags {
		k[f.Code] = i
	}
	for i, s := range t.signals {
		k[s] = len(t.flags) + i
	}
	return k
}
