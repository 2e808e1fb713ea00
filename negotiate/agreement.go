package negotiate

import (
	"bytes"
	"encoding/json"
	"slices"
	"time"

	"github.com/parley-desk/parley"
)

// Snapshot is the agreed terms as a version of the agreement freezes them
// (C2): the current terms after every accepted move, with the exact
// payment schedule (M6) and the scope as it now stands (M3, R1).
type Snapshot struct {
	Client    string       `json:"client"`
	Currency  string       `json:"currency"`
	Total     string       `json:"total"`
	Lines     []TermLine   `json:"lines"`
	Dropped   []string     `json:"dropped,omitempty"`
	Start     string       `json:"start"`
	Delivery  string       `json:"delivery"`
	Schedule  []StageTerms `json:"schedule"`
	NDA       bool         `json:"nda"`
	Revisions int          `json:"revisions"`
	Refunded  string       `json:"refunded,omitempty"`
}

// StageTerms is one prepaid stage: paid before its work starts (M6).
type StageTerms struct {
	Number int    `json:"number"`
	Amount string `json:"amount"`
	Due    string `json:"due"` // YYYY-MM-DD
}

// Schedule splits the current price exactly into the agreed number of
// stages (the amounts add up to the total), the first due when work
// starts and the others spread evenly to the delivery date.
func (d *Deal) Schedule() ([]StageTerms, error) {
	c := d.Current()
	parts, err := c.Total.Split(max(c.Stages, 1))
	if err != nil {
		return nil, parley.Errorf(parley.EINVALID, "the price %s cannot be split into %d stages: %v", c.Total, c.Stages, err)
	}
	start, err := time.Parse(time.DateOnly, d.Terms.Start)
	if err != nil {
		return nil, parley.Errorf(parley.EINVALID, "the deal has no start date (terms.start %q)", d.Terms.Start)
	}
	span := max(c.Delivery.Sub(start), 0)
	out := make([]StageTerms, len(parts))
	for i, p := range parts {
		due := start.Add(span * time.Duration(i) / time.Duration(len(parts)))
		out[i] = StageTerms{Number: i + 1, Amount: p.String(), Due: due.Format(time.DateOnly)}
	}
	return out, nil
}

// Snapshot freezes the deal's current terms for an agreement version.
func (d *Deal) Snapshot() (Snapshot, error) {
	if err := d.Check(); err != nil {
		return Snapshot{}, err
	}
	c := d.Current()
	schedule, err := d.Schedule()
	if err != nil {
		return Snapshot{}, err
	}
	s := Snapshot{Client: d.Client.Name, Currency: d.Terms.Currency, Total: c.Total.String(), Start: d.Terms.Start,
		Delivery: c.Delivery.Format(time.DateOnly), Schedule: schedule, NDA: c.NDA, Revisions: c.Revisions, Dropped: c.Dropped}
	for _, l := range d.Terms.Lines {
		l.Included = slices.DeleteFunc(slices.Clone(l.Included), func(item string) bool { return slices.Contains(c.Dropped, item) })
		s.Lines = append(s.Lines, l)
	}
	if !c.Refunded.IsZero() {
		s.Refunded = c.Refunded.String()
	}
	return s, nil
}

// SameTerms reports whether a stored snapshot holds the terms the deal has
// now; when not, the agreement needs a new version.
func (d *Deal) SameTerms(stored []byte) bool {
	s, err := d.Snapshot()
	if err != nil {
		return false
	}
	now, err := json.Marshal(s)
	if err != nil {
		return false
	}
	var old Snapshot
	if json.Unmarshal(stored, &old) != nil {
		return false
	}
	again, _ := json.Marshal(old)
	return bytes.Equal(now, again)
}
