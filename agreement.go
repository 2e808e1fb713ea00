package parley

import (
	"context"
	"time"
)

// Ways a client confirms an agreement version in writing (C2).
const (
	ConfirmedViaPortal = "portal"
	ConfirmedViaEmail  = "email"
)

// Agreement is one version of a deal's agreed terms (C2: everything in
// writing). Versions are append-only: the terms of a version never change;
// new terms make a new version, which the client confirms again.
type Agreement struct {
	ID           int64
	WorkspaceID  int64
	DealID       int64
	DealTitle    string // filled by the lists that join the deal
	Version      int
	Terms        []byte // the frozen snapshot, JSON (negotiate.Snapshot)
	CreatedAt    time.Time
	Superseded   time.Time // zero while this is the latest version
	Confirmed    time.Time // zero while unconfirmed
	ConfirmedVia string    // portal or email
	Confirmation string    // the record: the client's words, the message id, the address they wrote from
}

// AgreementService keeps the agreement log of each deal.
type AgreementService interface {
	// RecordAgreement appends the next version of a's deal (a.Version and
	// the times are set); the version before it is marked superseded.
	RecordAgreement(ctx context.Context, a *Agreement) error
	// Agreements lists a deal's versions, oldest first.
	Agreements(ctx context.Context, workspace, deal int64) ([]*Agreement, error)
	// ConfirmAgreement records the client's confirmation of a version: only
	// the latest, and only once (ECONFLICT otherwise).
	ConfirmAgreement(ctx context.Context, workspace, deal int64, version int, via, record string) error
	// UnconfirmedAgreements lists latest versions still unconfirmed, oldest
	// first.
	UnconfirmedAgreements(ctx context.Context, workspace int64, limit int) ([]*Agreement, error)
}
