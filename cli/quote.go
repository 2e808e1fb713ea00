package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/money"
	"github.com/parley-desk/parley/pricing"
	"github.com/parley-desk/parley/proposal"
)

// repeatable is a flag that may be given several times.
type repeatable []string

func (r *repeatable) String() string     { return strings.Join(*r, ",") }
func (r *repeatable) Set(v string) error { *r = append(*r, v); return nil }

// quoteRequestFile is the JSON form of a quote request (--request FILE).
type quoteRequestFile struct {
	Services []struct {
		Service  string          `json:"service"`
		Quantity json.RawMessage `json:"quantity"`
		Repeat   bool            `json:"repeat"`
	} `json:"services"`
	NDA        bool            `json:"nda"`
	NDAPercent json.RawMessage `json:"nda_percent"`
	Rush       string          `json:"rush"`
	Stages     int             `json:"stages"`
	ClientKind string          `json:"client_kind"`
	Client     string          `json:"client"`
	Task       string          `json:"task"`
	Start      string          `json:"start"`
	Discount   *struct {
		Percent json.RawMessage `json:"percent"`
		Reason  string          `json:"reason"`
	} `json:"discount"`
	Options bool `json:"options"`
}

type quoteFlags struct {
	policy, request, format, lang, pdf, client, task, taskFile string
	rush, start, today, ndaPercent, discount, reason, kind     string
	services                                                   repeatable
	nda, options                                               bool
	stages                                                     int
}

func runQuote(ctx context.Context, env *Env, args []string) error {
	var f quoteFlags
	fs := newFlags(env, "quote", "parley quote --service ID[=QTY][,repeat] … [flags]", `
Price a job from your policy: lines with what is and is not included, each
surcharge or discount with its reason, the total, the payment schedule
(full prepayment or staged), the delivery date with its buffer on working
days, the guarantee and how long the quote holds. With --options it adds a
reduced-scope and an express option for the client to choose from.

Text output is the proposal for reading at the terminal; --format markdown
or html gives the proposal document, json the quote for scripts; --pdf FILE
writes the proposal as PDF. Nothing is written when the quote is refused:
a price under your floor, a discount without an allowed reason, an NDA
surcharge outside your range, a deadline inside the minimum lead time (you
get the earliest honest date instead).`, `
  parley quote --service landing
  parley quote --service landing=2 --service article=7.5 --nda --stages 2 --options
  parley quote --service landing=1,repeat --client "Kuusi Oy" --lang fi --pdf proposal.pdf
  parley quote --service landing --rush 2026-12-02          # refused: earliest date given
  parley quote --request request.json --format json`)
	fs.StringVar(&f.policy, "policy", "", "the policy file (default: $PARLEY_POLICY or ~/.config/parley/policy.toml)")
	fs.Var(&f.services, "service", "a service and its quantity, `ID[=QTY][,repeat]`: landing=2, article=7.5, landing=1,repeat (a repeat of an earlier structure); repeat the flag for more lines")
	fs.StringVar(&f.request, "request", "", "read the request from a JSON `FILE` (- for stdin); flags given too override it")
	fs.BoolVar(&f.nda, "nda", false, "the client forbids portfolio use: add the NDA surcharge (P4)")
	fs.StringVar(&f.ndaPercent, "nda-percent", "", "NDA surcharge in percent, inside your policy's range (default: the policy's)")
	fs.StringVar(&f.rush, "rush", "", "the client's deadline, `YYYY-MM-DD`: a rush surcharge if it is before the normal delivery, refused inside the minimum lead time")
	fs.IntVar(&f.stages, "stages", 0, "split the prepayment into N stages, each paid before its work starts (M6)")
	fs.StringVar(&f.kind, "client-kind", "", "small_business, large_company or agency (P9, M1)")
	fs.StringVar(&f.client, "client", "", "the client's name, for the proposal's title")
	fs.StringVar(&f.task, "task", "", "your understanding of the task, in the client's language (B2)")
	fs.StringVar(&f.taskFile, "task-file", "", "read the understanding of the task from `FILE`")
	fs.StringVar(&f.start, "start", "", "the first day work can start, `YYYY-MM-DD` (default: today)")
	fs.StringVar(&f.discount, "discount", "", "a discount in percent; needs --reason (M10)")
	fs.StringVar(&f.reason, "reason", "", "the discount's reason: longer_deadline, smaller_scope or repeat_structure, as your policy allows")
	fs.BoolVar(&f.options, "options", false, "also offer a reduced-scope and an express option (B4, P3)")
	fs.StringVar(&f.lang, "lang", "", "language of the proposal: en, fi or ru (default: the policy's)")
	fs.StringVar(&f.format, "format", "text", "output: text, markdown, html or json")
	fs.StringVar(&f.pdf, "pdf", "", "also write the proposal as PDF to `FILE`")
	fs.StringVar(&f.today, "today", "", "the date the quote is made, `YYYY-MM-DD` (default: today in the policy's time zone)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return parley.Errorf(parley.EINVALID, "quote takes no arguments (got %q); give services with --service ID=QTY", pos[0])
	}
	switch f.format {
	case "text", "markdown", "html", "json":
	default:
		return parley.Errorf(parley.EINVALID, "--format %q: write text, markdown, html or json", f.format)
	}
	p, _, err := loadPolicy(env, f.policy)
	if err != nil {
		return err
	}
	req, client, task, err := quoteRequest(env, p, &f)
	if err != nil {
		return err
	}
	lang := p.Language
	if f.lang != "" {
		lang = f.lang
	}
	cat, err := proposal.LoadCatalog(lang)
	if err != nil {
		return parley.Errorf(parley.EINVALID, "--lang: %v", err)
	}
	q, err := pricing.Compute(p, req)
	if err != nil {
		return err
	}
	doc := proposal.Build(cat, proposal.Input{Quote: q, Policy: p, Client: client, Task: task, Today: req.Today})
	if f.pdf != "" {
		data, err := doc.PDF(env.Now())
		if err != nil {
			return parley.Errorf(parley.EINTERNAL, "making the PDF: %w", err)
		}
		if err := writeFileAtomic(f.pdf, data, 0o644); err != nil {
			return parley.Errorf(parley.EINVALID, "cannot write %s: %v", f.pdf, err)
		}
	}
	switch f.format {
	case "json":
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(proposal.JSON(cat, q).WithCharter(p.Charter))
	case "markdown":
		_, err = io.WriteString(env.Stdout, doc.Markdown())
	case "html":
		var page []byte
		if page, err = doc.HTML(); err == nil {
			_, err = env.Stdout.Write(page)
		}
	default:
		_, err = io.WriteString(env.Stdout, doc.Text())
		for _, n := range q.Notes {
			fmt.Fprintf(env.Stderr, "note (%s): %s\n", n.Rule, n.Text)
		}
	}
	return err
}

// quoteRequest builds the request from --request and the flags.
func quoteRequest(env *Env, p *pricing.Policy, f *quoteFlags) (req pricing.Request, client, task string, err error) {
	bad := func(format string, args ...any) (pricing.Request, string, string, error) {
		return pricing.Request{}, "", "", parley.Errorf(parley.EINVALID, format, args...)
	}
	loc, lerr := time.LoadLocation(p.TimeZone)
	if lerr != nil {
		loc = time.UTC
	}
	req.Today = pricing.Day(env.Now().In(loc))
	if f.today != "" {
		if req.Today, err = pricing.ParseDate(f.today); err != nil {
			return bad("--today %q: write the date as YYYY-MM-DD, e.g. 2026-12-01", f.today)
		}
	}
	if f.request != "" {
		r, name, closeFn, err := openInput(env, f.request)
		if err != nil {
			return bad("%v", err)
		}
		data, err := io.ReadAll(io.LimitReader(r, 1<<20+1))
		closeFn()
		if err != nil || len(data) > 1<<20 {
			return bad("%s: cannot read it, or it is over 1 MB", name)
		}
		var rf quoteRequestFile
		dec := json.NewDecoder(strings.NewReader(string(data)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&rf); err != nil {
			return bad("%s: not a quote request: %v; see \"parley quote -h\"", name, err)
		}
		for i, s := range rf.Services {
			qty := int64(1000)
			if len(s.Quantity) > 0 {
				if qty, err = money.ParseFixed(strings.Trim(string(s.Quantity), `"`), 3); err != nil {
					return bad("%s: services[%d].quantity: %v", name, i, err)
				}
			}
			req.Lines = append(req.Lines, pricing.LineRequest{Service: s.Service, Quantity: qty, Repeat: s.Repeat})
		}
		req.NDA, req.Stages, req.ClientKind, req.Options = rf.NDA, rf.Stages, rf.ClientKind, rf.Options
		client, task = rf.Client, rf.Task
		if len(rf.NDAPercent) > 0 {
			if req.NDAPercent, err = money.ParseFixed(strings.Trim(string(rf.NDAPercent), `"`), 2); err != nil {
				return bad("%s: nda_percent: %v", name, err)
			}
		}
		if rf.Rush != "" {
			if req.RushTo, err = pricing.ParseDate(rf.Rush); err != nil {
				return bad("%s: rush %q: write the date as YYYY-MM-DD", name, rf.Rush)
			}
		}
		if rf.Start != "" {
			if req.Start, err = pricing.ParseDate(rf.Start); err != nil {
				return bad("%s: start %q: write the date as YYYY-MM-DD", name, rf.Start)
			}
		}
		if rf.Discount != nil {
			req.DiscountReason = rf.Discount.Reason
			if req.Discount, err = money.ParseFixed(strings.Trim(string(rf.Discount.Percent), `"`), 2); err != nil {
				return bad("%s: discount.percent: %v", name, err)
			}
		}
	}
	if len(f.services) > 0 {
		req.Lines = nil
	}
	for _, s := range f.services {
		spec, repeat := strings.CutSuffix(strings.TrimSpace(s), ",repeat")
		id, qtyText, hasQty := strings.Cut(spec, "=")
		qty := int64(1000)
		if hasQty {
			if qty, err = money.ParseFixed(qtyText, 3); err != nil {
				return bad("--service %s: the quantity %v; write ID=QTY like landing=2 or article=7.5", s, err)
			}
		}
		req.Lines = append(req.Lines, pricing.LineRequest{Service: strings.TrimSpace(id), Quantity: qty, Repeat: repeat})
	}
	if f.nda {
		req.NDA = true
	}
	if f.ndaPercent != "" {
		if req.NDAPercent, err = money.ParseFixed(strings.TrimSuffix(f.ndaPercent, "%"), 2); err != nil {
			return bad("--nda-percent: %v", err)
		}
	}
	if f.rush != "" {
		if req.RushTo, err = pricing.ParseDate(f.rush); err != nil {
			return bad("--rush %q: write the date as YYYY-MM-DD", f.rush)
		}
	}
	if f.start != "" {
		if req.Start, err = pricing.ParseDate(f.start); err != nil {
			return bad("--start %q: write the date as YYYY-MM-DD", f.start)
		}
	}
	if f.stages != 0 {
		req.Stages = f.stages
	}
	if f.kind != "" {
		req.ClientKind = f.kind
	}
	if f.options {
		req.Options = true
	}
	if f.discount != "" {
		if req.Discount, err = money.ParseFixed(strings.TrimSuffix(f.discount, "%"), 2); err != nil {
			return bad("--discount: %v", err)
		}
	}
	if f.reason != "" {
		req.DiscountReason = f.reason
	}
	if f.client != "" {
		client = f.client
	}
	if f.task != "" {
		task = f.task
	}
	if f.taskFile != "" {
		b, err := os.ReadFile(f.taskFile)
		if errors.Is(err, os.ErrNotExist) {
			return bad("--task-file %s: no such file", f.taskFile)
		} else if err != nil || len(b) > 64<<10 {
			return bad("--task-file %s: cannot read it, or it is over 64 KB", f.taskFile)
		}
		task = string(b)
	}
	return req, client, task, nil
}
