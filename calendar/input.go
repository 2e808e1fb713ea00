package calendar

import "time"

// Owners of a commitment (P2): the freelancer's own promise, or the
// client's.
const (
	OwnerMe     = "me"
	OwnerClient = "client"
)

// Input is everything one feed shows, as plain values: the shell reads the
// store and the policy and passes the clock.
type Input struct {
	Name     string    // the calendar's name in the app (X-WR-CALNAME); empty: "Parley"
	Language string    // en, fi or ru: the language of the event titles
	Host     string    // the desk's host name, the right side of every UID
	Now      time.Time // when the feed is made (DTSTAMP)

	Commitments []Commitment
	Stages      []Stage
	Deliveries  []Delivery
	CallWindows []CallWindow
}

// Commitment is a promise with a due time, either way (P2).
type Commitment struct {
	ID    int64
	Owner string // OwnerMe or OwnerClient
	What  string // what was promised, in the words it was recorded in
	Deal  string // the deal's title; may be empty
	Due   time.Time
	Done  bool
}

// Stage is one prepaid stage of an agreed deal (M6): its payment date.
type Stage struct {
	DealID   int64
	Deal     string // the deal's title
	Number   int
	Amount   string // decimal, major units: "1250.00"
	Currency string // ISO 4217: "EUR"
	Due      string // YYYY-MM-DD
	Paid     bool
}

// Delivery is the agreed delivery date of a deal (M7).
type Delivery struct {
	DealID int64
	Deal   string
	Date   string // YYYY-MM-DD
}

// CallWindow is a weekly time when clients may call (B1), in the
// freelancer's time zone: the wall-clock times hold across DST changes.
type CallWindow struct {
	Days       []time.Weekday
	Start, End Clock
	TimeZone   string // IANA name: Europe/Helsinki
}

// Clock is a wall-clock time of day.
type Clock struct{ Hour, Minute int }

func (c Clock) valid() bool { return c.Hour >= 0 && c.Hour < 24 && c.Minute >= 0 && c.Minute < 60 }

func (c Clock) minutes() int { return c.Hour*60 + c.Minute }
