// Package pricing turns the freelancer's policy and a client's request into
// an exact quote: lines with what is and is not included, each modifier
// with its reason, options to choose from, the payment schedule, the
// delivery date with its buffer, the guarantee and the validity date.
// It is pure: no I/O, no clock, no globals; the shell passes "today".
package pricing

import (
	"github.com/parley-desk/parley/money"
)

// Units a service may be priced in.
var Units = []string{"item", "1000 characters", "word", "hour", "page", "day"}

// Client kinds (P9, M1): they change how a proposal speaks and whether the
// budget may be asked.
var ClientKinds = []string{"small_business", "large_company", "agency"}

// Discount reasons (M10): a counter-concession from the client or a real
// drop in effort. Promised future volume is not one (P4).
var DiscountReasons = []string{"longer_deadline", "smaller_scope", "repeat_structure"}

// Terms are what a deal is negotiated over; the policy marks each firm or
// flexible (P1).
var Terms = []string{"price_floor", "prepayment", "deadline", "revisions", "nda", "boundaries", "stages", "discounts"}

// Policy is the freelancer's rules, validated: every amount in the policy's
// currency, every percentage in hundredths of a percent (3000 = 30 %).
type Policy struct {
	Currency       money.Currency
	Language       string
	QuoteValidDays int

	Services []Service

	Payment    Payment
	Surcharges Surcharges
	Discounts  Discounts

	BufferPercent int64 // M7: added to the work time, rounded up to whole working days
	Calendar      Calendar
	TimeZone      string

	Charter Charter
	Firm    map[string]bool // term → firm (true) or flexible (false); P1

	PriceIncreaseNoticeDays int   // M8
	ContractMonths          []int // M8: renewal terms
}

// Service is one thing the freelancer sells.
type Service struct {
	ID, Name    string
	Unit        string
	Rate        money.Money // per unit
	Floor       money.Money // per unit: no discount goes under it (M10)
	DaysPerUnit int64       // working days of work per unit, in thousandths
	MinLeadDays int         // the least working days from start to delivery (P5, M7)
	Revisions   int         // included revision rounds (R1)
	Included    []string    // M3
	Excluded    []string    // M3, P9
	Reduced     *Reduced    // a reduced-scope variant, for options
	Cases       []Case      // P6
	Explanation string      // M4: how the price is made, with an everyday analogy
	Questions   []string    // B2: the brief questionnaire
}

// Reduced is the smaller-scope variant of a service: cheaper because it is
// less work (M10), never because the client asked.
type Reduced struct {
	Percent int64    // price and time, as a share of the full service
	Drop    []string // included items the reduced variant leaves out
}

// Case is a piece of related work to show (P6).
type Case struct{ Title, URL string }

// Payment holds the prepayment terms (M6).
type Payment struct {
	FullPrepayment bool        // work starts only when paid
	MaxStages      int         // staged full prepayment: at most this many stages
	StagedFrom     money.Money // offer stages from this total up
	RefundPercent  int64       // the guarantee: refunded if the deadline is missed
}

// Surcharges are what concessions cost the client (P4).
type Surcharges struct {
	NDAMin, NDAMax, NDADefault int64 // percent range for giving up portfolio use
	RushAllowed                bool
	RushPercent                int64 // surcharge for a compressed schedule
	RushMaxCompression         int64 // the schedule shrinks by at most this share
}

// Discounts are the ones the freelancer chooses to give (M10).
type Discounts struct {
	RepeatPercent       int64            // a repeat of an earlier structure costs this share of the first
	Allowed             map[string]int64 // reason → the largest discount for it
	LongerDeadlineExtra int64            // longer_deadline: the work time grows by this share
}

// Charter is the communication agreement (B1).
type Charter struct {
	WorkingHours  string
	CallWindows   []string
	ResponseHours int
	Channels      []string
	StatusReports string
}

// Service returns the service with id.
func (p *Policy) Service(id string) (*Service, bool) {
	for i := range p.Services {
		if p.Services[i].ID == id {
			return &p.Services[i], true
		}
	}
	return nil, false
}

// ServiceIDs lists the ids, for messages.
func (p *Policy) ServiceIDs() []string {
	ids := make([]string, len(p.Services))
	for i, s := range p.Services {
		ids[i] = s.ID
	}
	return ids
}
