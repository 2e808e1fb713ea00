package parley

import (
	"context"
	"time"
)

// MinNoticeDays is the least notice of a price rise (M8: warn at least a
// month ahead); a policy may ask for more.
const MinNoticeDays = 30

// Answers to a price change.
const (
	AnswerPending  = "pending"
	AnswerAccepted = "accepted"
	AnswerDeclined = "declined"
)

// PriceChange is a planned rise of a current client's rate (M8): the
// notice goes out at least MinNoticeDays before it takes effect.
type PriceChange struct {
	ID          int64
	WorkspaceID int64
	ClientID    int64
	ClientName  string // filled by the lists that join the client
	Service     string
	OldRate     string // decimal, major units
	NewRate     string
	Currency    string
	NoticeOn    string // YYYY-MM-DD
	EffectiveOn string
	RenewalOn   string // the contract renewal it meets, if any
	Reason      string
	Letter      string // the notice as sent
	Answer      string
	CreatedAt   time.Time
	AnsweredAt  time.Time
}

// ClientRate is the unit rate a client last agreed to for a service,
// kept to find the clients whose rates fell behind the rate card (M8).
type ClientRate struct {
	WorkspaceID int64
	ClientID    int64
	ClientName  string
	Service     string
	RateMinor   int64
	Currency    string
	AgreedOn    string // YYYY-MM-DD
}

// PriceChangeService keeps planned price changes and agreed rates.
type PriceChangeService interface {
	PlanPriceChange(ctx context.Context, p *PriceChange) error
	// PriceChanges lists a client's price changes, newest first.
	PriceChanges(ctx context.Context, workspace, client int64) ([]*PriceChange, error)
	// PlannedPriceChanges lists those not yet answered, soonest effective
	// first.
	PlannedPriceChanges(ctx context.Context, workspace int64, limit int) ([]*PriceChange, error)
	AnswerPriceChange(ctx context.Context, workspace, id int64, answer string) error
	// SetClientRates records the rates of a client's latest agreement.
	SetClientRates(ctx context.Context, rates []ClientRate) error
	// ClientRates lists a client's agreed rates.
	ClientRates(ctx context.Context, workspace, client int64) ([]ClientRate, error)
	// RatesBehind lists clients whose agreed rate for a service is below
	// the card's (each entry of card: service, currency, rate), the oldest
	// agreements first.
	RatesBehind(ctx context.Context, workspace int64, card []ClientRate, limit int) ([]ClientRate, error)
}
