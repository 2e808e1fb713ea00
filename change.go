package parley

import (
	"context"
	"slices"
	"time"
)

// Kinds of change request (R1): a defect (the work misses what was agreed:
// fixed free, not a round), a revision (a change within the agreed scope:
// uses one of the included rounds) or new work (outside the scope, or no
// rounds left: quoted and paid).
const (
	ChangeDefect   = "defect"
	ChangeRevision = "revision"
	ChangeNewWork  = "new_work"
)

// Change request statuses.
const (
	ChangeOpen     = "open"     // recorded, not yet handled
	ChangeQuoted   = "quoted"   // new work priced, waiting on the client
	ChangeAccepted = "accepted" // the client accepted the price of new work
	ChangeDeclined = "declined" // the client declined the new work
	ChangeDone     = "done"     // fixed, revised or delivered
)

// ChangeRequest is something the client wants changed after the
// agreement, classified against the agreed scope and rounds (R1).
type ChangeRequest struct {
	ID          int64
	WorkspaceID int64
	DealID      int64
	Text        string
	Kind        string
	Reason      string // why it was classified so, shown to both sides
	Price       string // decimal, major units; new work only
	Currency    string
	Status      string
	Source      string // desk, portal or email
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// changeSteps are the status changes a request may make, by kind: new work
// is quoted before it is accepted or declined; a defect or a revision is
// simply done.
var changeSteps = map[string]map[string][]string{
	ChangeNewWork:  {ChangeOpen: {ChangeQuoted, ChangeDeclined}, ChangeQuoted: {ChangeAccepted, ChangeDeclined}, ChangeAccepted: {ChangeDone}},
	ChangeDefect:   {ChangeOpen: {ChangeDone}},
	ChangeRevision: {ChangeOpen: {ChangeDone}},
}

// CanChange reports whether a request of kind may go from one status to
// another.
func CanChange(kind, from, to string) bool {
	return slices.Contains(changeSteps[kind][from], to)
}

// ChangeService keeps the change requests of deals.
type ChangeService interface {
	CreateChange(ctx context.Context, c *ChangeRequest) error
	// Changes lists a deal's requests, oldest first.
	Changes(ctx context.Context, workspace, deal int64) ([]*ChangeRequest, error)
	// SetChangeStatus moves a request on (CanChange); a price is set when
	// new work is quoted.
	SetChangeStatus(ctx context.Context, workspace, id int64, status, price string) (*ChangeRequest, error)
}
