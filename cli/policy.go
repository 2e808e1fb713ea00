package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/locale"
	"github.com/parley-desk/parley/money"
	"github.com/parley-desk/parley/pricing"
)

func runPolicy(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		fmt.Fprint(env.Stdout, `Usage: parley policy init|check|show [flags]

Your policy is one commented TOML file with your rules: currency and
language, services with rates, floors, lead times, what is included; NDA and
rush surcharges; allowed discounts; prepayment and stages; deadline buffer
and working calendar; the communication charter; which terms are firm.

  parley policy init    write a commented default policy to edit
  parley policy check   validate it; every error names its field and line
  parley policy show    print it as Parley understands it

The file is --policy FILE, else $PARLEY_POLICY, else
~/.config/parley/policy.toml. Run "parley policy COMMAND -h" for the flags.
`)
		if len(args) == 0 {
			return parley.Errorf(parley.EINVALID, "policy: name a subcommand: init, check or show")
		}
		return nil
	}
	switch args[0] {
	case "init":
		return policyInit(env, args[1:])
	case "check":
		return policyCheck(env, args[1:])
	case "show":
		return policyShow(env, args[1:])
	}
	return parley.Errorf(parley.EINVALID, "policy: unknown subcommand %q; write init, check or show", args[0])
}

func policyInit(env *Env, args []string) error {
	var path, example, lang string
	var force bool
	fs := newFlags(env, "policy init", "parley policy init [--example KIND] [--lang LANG] [--policy FILE] [--force]", `
Write a commented default policy built from the article's numbers (full
prepayment, up to 4 stages, NDA +20–40 %, repeat structure at 60 %, a 20 %
deadline buffer, 50 % refund guarantee, 30 days' notice of price rises,
6- or 12-month contracts) with example services to edit. An existing file
is kept unless --force is given.`, `
  parley policy init
  parley policy init --example designer --lang fi --policy ~/work/policy.toml`)
	fs.StringVar(&path, "policy", "", "where to write (default: $PARLEY_POLICY or ~/.config/parley/policy.toml)")
	fs.StringVar(&example, "example", pricing.DefaultExample, "the example to start from: copywriter, designer or developer")
	fs.StringVar(&lang, "lang", "en", "language of the policy and its proposals: en, fi or ru")
	fs.BoolVar(&force, "force", false, "overwrite an existing policy file")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return parley.Errorf(parley.EINVALID, "policy init takes no arguments; give the file with --policy FILE")
	}
	data, err := pricing.Example(example, lang)
	if err != nil {
		return parley.Errorf(parley.EINVALID, "--example %s --lang %s: %v", example, lang, err)
	}
	if path, err = policyPath(env, path); err != nil {
		return err
	}
	if _, err := os.Stat(path); err == nil && !force {
		return parley.Errorf(parley.ECONFLICT, "%s exists; edit it, or use --force to replace it with the default", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return parley.Errorf(parley.EINVALID, "cannot create the folder of %s: %v", path, err)
	}
	if err := writeFileAtomic(path, data, 0o644); err != nil {
		return parley.Errorf(parley.EINVALID, "cannot write %s: %v", path, err)
	}
	fmt.Fprintf(env.Stdout, "wrote %s (%s, %s); edit it, then run \"parley policy check\"\n", path, example, lang)
	return nil
}

// loadPolicy reads and validates the policy. Its errors are listed one per
// line on stderr in the form FILE:LINE: field: message, and the returned
// error says how many there were.
func loadPolicy(env *Env, flagValue string) (*pricing.Policy, string, error) {
	path, err := policyPath(env, flagValue)
	if err != nil {
		return nil, "", err
	}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, path, parley.Errorf(parley.EINVALID, "no policy at %s; run \"parley policy init\" to write one, or give --policy FILE", path)
	} else if err != nil {
		return nil, path, parley.Errorf(parley.EINVALID, "%s: cannot open it: %v", path, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, pricing.MaxPolicyBytes+1))
	if err != nil {
		return nil, path, parley.Errorf(parley.EINVALID, "%s: cannot read it: %v", path, err)
	}
	p, err := pricing.ParsePolicy(data)
	var pe pricing.PolicyErrors
	if errors.As(err, &pe) {
		for _, e := range pe {
			if e.Line > 0 {
				fmt.Fprintf(env.Stderr, "%s:%d: %s: %s\n", path, e.Line, e.Field, e.Message)
			} else {
				fmt.Fprintf(env.Stderr, "%s: %s: %s\n", path, e.Field, e.Message)
			}
		}
		return nil, path, parley.Errorf(parley.EINVALID, "%s has %s; fix them and run \"parley policy check\"", path, locale.Count("en", int64(len(pe)), "error|errors"))
	}
	if err != nil {
		return nil, path, err
	}
	return p, path, nil
}

func policyCheck(env *Env, args []string) error {
	var path string
	fs := newFlags(env, "policy check", "parley policy check [--policy FILE | FILE]", `
Validate the policy: every error is printed as FILE:LINE: field: message,
all of them at once; the exit code is 2 when there is any.`, `
  parley policy check
  parley policy check my-policy.toml`)
	fs.StringVar(&path, "policy", "", "the policy file (default: $PARLEY_POLICY or ~/.config/parley/policy.toml)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 || (len(pos) == 1 && path != "") {
		return parley.Errorf(parley.EINVALID, "policy check takes one file")
	}
	if len(pos) == 1 {
		path = pos[0]
	}
	p, path, err := loadPolicy(env, path)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s is valid: %s in %s, proposals in %s\n", path,
		locale.Count("en", int64(len(p.Services)), "service|services"), p.Currency.Code, p.Language)
	return nil
}

func policyShow(env *Env, args []string) error {
	var path string
	fs := newFlags(env, "policy show", "parley policy show [--policy FILE | FILE]", `
Print the policy as Parley understands it, defaults filled in.`, `
  parley policy show`)
	fs.StringVar(&path, "policy", "", "the policy file (default: $PARLEY_POLICY or ~/.config/parley/policy.toml)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 1 && path == "" {
		path = pos[0]
	} else if len(pos) > 0 {
		return parley.Errorf(parley.EINVALID, "policy show takes one file")
	}
	p, path, err := loadPolicy(env, path)
	if err != nil {
		return err
	}
	writePolicy(env.Stdout, path, p)
	return nil
}

func writePolicy(w io.Writer, path string, p *pricing.Policy) {
	pct := func(h int64) string { return locale.Percent("en", h) }
	amt := func(m money.Money) string { return locale.Money("en", m) }
	fmt.Fprintf(w, "Policy %s\n", path)
	fmt.Fprintf(w, "  currency %s, proposals in %s, quotes valid %d days\n\n", p.Currency.Code, p.Language, p.QuoteValidDays)
	fmt.Fprintln(w, "Services")
	for _, s := range p.Services {
		fmt.Fprintf(w, "  %-12s %s\n", s.ID, s.Name)
		fmt.Fprintf(w, "  %-12s %s per %s, floor %s; %s days per unit, at least %d working days; %d revision rounds\n", "",
			amt(s.Rate), s.Unit, amt(s.Floor), strings.TrimRight(strings.TrimRight(money.FormatDecimal(s.DaysPerUnit, 3), "0"), "."), s.MinLeadDays, s.Revisions)
		fmt.Fprintf(w, "  %-12s includes: %s\n", "", strings.Join(s.Included, "; "))
		if len(s.Excluded) > 0 {
			fmt.Fprintf(w, "  %-12s excludes: %s\n", "", strings.Join(s.Excluded, "; "))
		}
		if s.Reduced != nil {
			fmt.Fprintf(w, "  %-12s reduced scope: %s of the price, without %s\n", "", pct(s.Reduced.Percent), strings.Join(s.Reduced.Drop, "; "))
		}
		fmt.Fprintf(w, "  %-12s %d case studies, %d brief questions\n", "", len(s.Cases), len(s.Questions))
	}
	fmt.Fprintln(w, "\nPayment")
	if p.Payment.FullPrepayment {
		fmt.Fprintln(w, "  full prepayment: work starts when paid")
	} else {
		fmt.Fprintln(w, "  no prepayment required")
	}
	fmt.Fprintf(w, "  up to %d prepaid stages, offered from %s\n", p.Payment.MaxStages, amt(p.Payment.StagedFrom))
	fmt.Fprintf(w, "  guarantee: %s refunded if the deadline is missed\n", pct(p.Payment.RefundPercent))
	fmt.Fprintln(w, "\nSurcharges and discounts")
	fmt.Fprintf(w, "  NDA: %s–%s, default %s\n", pct(p.Surcharges.NDAMin), pct(p.Surcharges.NDAMax), pct(p.Surcharges.NDADefault))
	if p.Surcharges.RushAllowed {
		fmt.Fprintf(w, "  rush: +%s for up to %s less time, never under a service's minimum lead time\n", pct(p.Surcharges.RushPercent), pct(p.Surcharges.RushMaxCompression))
	} else {
		fmt.Fprintln(w, "  rush: not offered")
	}
	fmt.Fprintf(w, "  repeat of an earlier structure: %s of the price\n", pct(p.Discounts.RepeatPercent))
	for _, r := range pricing.DiscountReasons {
		if max, ok := p.Discounts.Allowed[r]; ok {
			fmt.Fprintf(w, "  discount for %s: up to %s\n", r, pct(max))
		}
	}
	fmt.Fprintln(w, "\nTime")
	var days []string
	for i, name := range []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"} {
		if p.Calendar.Workdays[i] {
			days = append(days, name)
		}
	}
	fmt.Fprintf(w, "  deadline buffer %s; working days %s; %d days off listed; time zone %s\n", pct(p.BufferPercent), strings.Join(days, " "), len(p.Calendar.Off), p.TimeZone)
	fmt.Fprintln(w, "\nCharter")
	c := p.Charter
	fmt.Fprintf(w, "  hours %s; calls %s; answers within %d h; channels %s; status %s\n", c.WorkingHours, strings.Join(c.CallWindows, ", "), c.ResponseHours, strings.Join(c.Channels, ", "), c.StatusReports)
	fmt.Fprintln(w, "\nTerms")
	var firm, flexible []string
	for _, t := range pricing.Terms {
		if p.Firm[t] {
			firm = append(firm, t)
		} else {
			flexible = append(flexible, t)
		}
	}
	slices.Sort(firm)
	slices.Sort(flexible)
	fmt.Fprintf(w, "  firm: %s\n  flexible: %s\n", strings.Join(firm, ", "), strings.Join(flexible, ", "))
	fmt.Fprintf(w, "  price rises announced %d days ahead; contract terms %v months\n", p.PriceIncreaseNoticeDays, p.ContractMonths)
}
