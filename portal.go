package parley

import (
	"context"
	"time"
)

// Proposal is a deal's proposal as sent (M2): the document and the quote
// with its options, frozen, in the client's language.
type Proposal struct {
	ID          int64
	WorkspaceID int64
	DealID      int64
	Version     int
	Language    string
	Quote       []byte // proposal.QuoteJSON, options included
	Doc         []byte // proposal.Doc
	CreatedAt   time.Time
}

// ProposalService keeps the proposals of deals.
type ProposalService interface {
	// CreateProposal stores the next version of a deal's proposal.
	CreateProposal(ctx context.Context, p *Proposal) error
	// LatestProposal returns a deal's newest proposal, or ENOTFOUND.
	LatestProposal(ctx context.Context, workspace, deal int64) (*Proposal, error)
}

// PortalLink is a client's private way into one deal (no account): a
// random secret of 256 bits, of which only a hash is kept; it expires and
// can be revoked.
type PortalLink struct {
	ID          int64
	WorkspaceID int64
	DealID      int64
	CreatedAt   time.Time
	ExpiresAt   time.Time
	RevokedAt   time.Time
	LastSeenAt  time.Time
}

// Live reports whether the link still opens the portal at now.
func (l *PortalLink) Live(now time.Time) bool {
	return l.RevokedAt.IsZero() && now.Before(l.ExpiresAt)
}

// PortalEvent is one thing the client did on the portal, with its time
// and address.
type PortalEvent struct {
	ID          int64
	WorkspaceID int64
	DealID      int64
	LinkID      int64
	Action      string // viewed, asked, accepted_option, confirmed, change_request, change_answer, accepted_stage
	Detail      string
	IP          string
	At          time.Time
}

// PortalService issues and checks portal links and logs what clients do.
type PortalService interface {
	// CreatePortalLink makes a link to a deal valid until expires and
	// returns its secret, shown once.
	CreatePortalLink(ctx context.Context, workspace, deal int64, expires time.Time) (*PortalLink, string, error)
	// PortalLinkBySecret returns the live link of a secret; a wrong,
	// expired or revoked one is ENOTFOUND, the same for all three.
	PortalLinkBySecret(ctx context.Context, secret string) (*PortalLink, error)
	PortalLinks(ctx context.Context, workspace, deal int64) ([]*PortalLink, error)
	RevokePortalLink(ctx context.Context, workspace, deal, id int64) error
	LogPortalEvent(ctx context.Context, e *PortalEvent) error
	// PortalEvents lists a deal's portal log, newest first.
	PortalEvents(ctx context.Context, workspace, deal int64, limit int) ([]*PortalEvent, error)
}

// MailRecord is an e-mail sent or received about a lead or a deal, kept by
// its Message-ID so that a reply finds its deal.
type MailRecord struct {
	ID          int64
	WorkspaceID int64
	DealID      int64
	LeadID      int64
	Direction   string // in or out
	MessageID   string
	Kind        string // proposal, summary, followup, notice, reminder, reply, inquiry, message
	Address     string // the client's address
	Subject     string
	At          time.Time
}

// MailService keeps the e-mail log and the calendar feed's secret.
type MailService interface {
	RecordMail(ctx context.Context, m *MailRecord) error
	// MailByMessageID finds a message of the workspace, or ENOTFOUND.
	MailByMessageID(ctx context.Context, workspace int64, messageID string) (*MailRecord, error)
	// LatestDealMail finds the newest message exchanged with an address
	// that belongs to a deal, or ENOTFOUND.
	LatestDealMail(ctx context.Context, workspace int64, address string) (*MailRecord, error)
	// SetCalendarSecret makes a new secret for the workspace's calendar
	// feed, revoking the old one, and returns it.
	SetCalendarSecret(ctx context.Context, workspace int64) (string, error)
	// CalendarWorkspace returns the workspace of a feed secret, or
	// ENOTFOUND.
	CalendarWorkspace(ctx context.Context, secret string) (int64, error)
}
