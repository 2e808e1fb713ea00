package parley

import (
	"context"
	"time"
)

// Outcomes of a dispute (C1).
const (
	OutcomeRedo          = "redo"           // the mistake admitted and the work redone
	OutcomePartialRefund = "partial_refund" // part of the payment returned, the work stands
	OutcomeFullRefund    = "full_refund"    // everything paid returned
	OutcomeParted        = "parted"         // parted without a refund
)

// Dispute follows the steps of C1: stay polite, find exactly what does
// not suit, offer solutions, admit a mistake and redo; when you are right
// and the client will not listen, refund and part.
type Dispute struct {
	ID              int64
	WorkspaceID     int64
	DealID          int64
	Complaint       string
	WhatNotSuits    string // exactly what does not suit, in the client's terms
	Solutions       string // what was offered
	MistakeAdmitted bool
	Outcome         string // empty while open
	Refund          string // decimal, major units; refunds only
	Currency        string
	Opened          time.Time
	Updated         time.Time
	Closed          time.Time // zero while open
}

// DisputeService keeps the disputes of deals.
type DisputeService interface {
	// OpenDispute records a complaint; a deal has at most one open dispute.
	OpenDispute(ctx context.Context, d *Dispute) error
	// Disputes lists a deal's disputes, oldest first.
	Disputes(ctx context.Context, workspace, deal int64) ([]*Dispute, error)
	// UpdateDispute records the steps taken; with an outcome it closes the
	// dispute, after which it no longer changes.
	UpdateDispute(ctx context.Context, d *Dispute) error
	// ClientDisputes lists the disputes of a client's deals.
	ClientDisputes(ctx context.Context, workspace, client int64) ([]*Dispute, error)
}
