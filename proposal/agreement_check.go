package proposal

import (
	"fmt"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/money"
	"github.com/parley-desk/parley/pricing"
)

// checkAgreement refuses an agreement that would mislead the client: money
// that does not add up (M6: split amounts add up exactly), a confirmation
// without its channel, a log that is not older than this version (C2).
func checkAgreement(in AgreementInput) error {
	invalid := func(format string, args ...any) error {
		return parley.Errorf(parley.EINVALID, "agreement version %d: %s", in.Version, fmt.Sprintf(format, args...))
	}
	switch {
	case in.Version < 1:
		return invalid("versions are numbered from 1")
	case in.Client == "" || in.Freelancer == "":
		return invalid("name both the freelancer and the client")
	case in.Date.IsZero():
		return invalid("give the date the version was recorded")
	case len(in.Lines) == 0:
		return invalid("list at least one service of the agreed work")
	case in.Delivery.IsZero():
		return invalid("give the agreed delivery date")
	case in.RefundPercent < 0 || in.RefundPercent > 10000:
		return invalid("the guarantee's refund must be between 0 and 100 %%")
	}
	cur := in.Total.Currency
	sum := money.Zero(cur)
	add := func(what string, m money.Money) error {
		if m.Currency.Code != cur.Code {
			return invalid("%s is in %s but the total in %s; write every amount in one currency", what, m.Currency.Code, cur.Code)
		}
		var err error
		if sum, err = sum.Add(m); err != nil {
			return invalid("the amounts are too large: %v", err)
		}
		return nil
	}
	for _, l := range in.Lines {
		if err := add(l.Service, l.Amount); err != nil {
			return err
		}
	}
	for _, a := range in.Adjustments {
		if err := add(a.Label, a.Amount); err != nil {
			return err
		}
	}
	if sum.Cmp(in.Total) != 0 {
		return invalid("the lines and adjustments add up to %s, not to the total %s; pass the quote's modifiers as adjustments", sum, in.Total)
	}
	if len(in.Stages) > 0 {
		sum = money.Zero(cur)
		for i, s := range in.Stages {
			if s.Number != i+1 {
				return invalid("stage %d is listed in place %d; number the stages 1, 2, 3 in order", s.Number, i+1)
			}
			if s.Due.IsZero() {
				return invalid("stage %d has no due date", s.Number)
			}
			if err := add(fmt.Sprintf("stage %d", s.Number), s.Amount); err != nil {
				return err
			}
		}
		if sum.Cmp(in.Total) != 0 {
			return invalid("the stages add up to %s, not to the total %s; the stages must split the total exactly (M6)", sum, in.Total)
		}
	}
	if err := checkConfirmation(in.Confirmation, in.Date); err != nil {
		return invalid("%v", err)
	}
	seen := map[int]bool{}
	for _, v := range in.Earlier {
		switch {
		case v.Version < 1 || v.Version >= in.Version:
			return invalid("the log lists version %d; earlier versions are numbered from 1 to %d", v.Version, in.Version-1)
		case seen[v.Version]:
			return invalid("the log lists version %d twice", v.Version)
		}
		seen[v.Version] = true
		if err := checkConfirmation(v.Confirmation, v.Date); err != nil {
			return invalid("version %d: %v", v.Version, err)
		}
	}
	return nil
}

func checkConfirmation(c Confirmation, recorded time.Time) error {
	switch {
	case c.At.IsZero():
		return nil
	case c.Via != parley.ConfirmedViaPortal && c.Via != parley.ConfirmedViaEmail:
		return fmt.Errorf("confirmed via %q; write %q or %q", c.Via, parley.ConfirmedViaPortal, parley.ConfirmedViaEmail)
	case pricing.Day(c.At).Before(pricing.Day(recorded)):
		return fmt.Errorf("confirmed on %s, before it was recorded on %s", isoDate(c.At), isoDate(recorded))
	}
	return nil
}
