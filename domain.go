package parley

import (
	"context"
	"time"
)

// Workspace is one freelancer's desk. Every record belongs to exactly one,
// and no query, page or export ever crosses from one to another.
type Workspace struct {
	ID        int64
	Name      string
	CreatedAt time.Time
}

// User signs in to a workspace's desk.
type User struct {
	ID          int64
	WorkspaceID int64
	Email       string
	Name        string
	CreatedAt   time.Time
}

// Client is someone the freelancer works with, or might (P9, M1, W1).
type Client struct {
	ID             int64
	WorkspaceID    int64
	Name           string
	Email          string
	Kind           string // small_business, large_company, agency
	Language       string // en, fi, ru
	Source         string // where they came from: referral, social, marketplace… (W1)
	Sophistication string // how much they know about the work (P9)
	CreatedAt      time.Time
}

// Lead statuses.
const (
	LeadNew       = "new"
	LeadDeclined  = "declined"
	LeadConverted = "converted"
)

// Lead is an inquiry and its screening (W1, P8).
type Lead struct {
	ID          int64
	WorkspaceID int64
	ClientID    int64 // 0 when not yet linked to a client
	Source      string
	Inquiry     string
	Language    string
	Verdict     string
	Score       int
	Screening   []byte // the screening result as JSON (flags with evidence, questions, reply)
	Status      string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Page asks for one page of a list: at most Limit items after the cursor
// (empty for the first page).
type Page struct {
	Limit int
	After string
}

// MaxPageSize bounds every list.
const MaxPageSize = 200

// UserService manages the people who sign in.
type UserService interface {
	// SetUp creates the first workspace and its owner; it fails with
	// ECONFLICT once a user exists.
	SetUp(ctx context.Context, workspace, email, name, password string) (*User, error)
	// Authenticate returns the user of a correct email and password, or
	// EUNAUTHORIZED without saying which was wrong.
	Authenticate(ctx context.Context, email, password string) (*User, error)
	User(ctx context.Context, id int64) (*User, error)
	// Owner returns the first user of a workspace.
	Owner(ctx context.Context, workspace int64) (*User, error)
	HasUsers(ctx context.Context) (bool, error)
}

// ClientService keeps a workspace's clients.
type ClientService interface {
	CreateClient(ctx context.Context, c *Client) error
	Client(ctx context.Context, workspace, id int64) (*Client, error)
	Clients(ctx context.Context, workspace int64, page Page) ([]*Client, string, error)
	// ClientNamed finds a client by name (case and spacing ignored), or
	// ENOTFOUND.
	ClientNamed(ctx context.Context, workspace int64, name string) (*Client, error)
}

// LeadService keeps a workspace's leads.
type LeadService interface {
	CreateLead(ctx context.Context, l *Lead) error
	Lead(ctx context.Context, workspace, id int64) (*Lead, error)
	// Leads lists the newest first; status filters when not empty.
	Leads(ctx context.Context, workspace int64, status string, page Page) ([]*Lead, string, error)
	SetLeadStatus(ctx context.Context, workspace, id int64, status string) error
}

// Deal statuses.
const (
	DealOpen = "open"
	DealWon  = "won"
	DealLost = "lost"
)

// DealRecord is a deal as the desk stores it: the negotiation state (the
// JSON of package negotiate's Deal, the same as a deal file) and its place
// in the workspace.
type DealRecord struct {
	ID          int64
	WorkspaceID int64
	LeadID      int64 // 0 when the deal did not start from a lead
	ClientID    int64 // 0 when the deal has no client on record
	Title       string
	Status      string
	Data        []byte
	// Whose move the deal waits on ("me", "client", or "" before any
	// message), since when, and whether the one follow-up went out: derived
	// from Data by the caller, kept for the dashboard's queries.
	WhoseMove    string
	WaitingSince time.Time
	FollowedUp   bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// DealService keeps a workspace's deals.
type DealService interface {
	CreateDeal(ctx context.Context, d *DealRecord) error
	Deal(ctx context.Context, workspace, id int64) (*DealRecord, error)
	Deals(ctx context.Context, workspace int64, page Page) ([]*DealRecord, string, error)
	// ClientDeals lists a client's deals, newest first, with their state.
	ClientDeals(ctx context.Context, workspace, client int64, page Page) ([]*DealRecord, string, error)
	// UpdateDeal replaces the negotiation state of d (by its workspace and
	// id) with d.Data, d.WhoseMove, d.WaitingSince and d.FollowedUp.
	UpdateDeal(ctx context.Context, d *DealRecord) error
	// DealsWaiting lists open deals whose move is whose, waiting since the
	// time given or earlier, longest-waiting first, without their state.
	DealsWaiting(ctx context.Context, workspace int64, whose string, before time.Time, limit int) ([]*DealRecord, error)
}

// PolicyService keeps each workspace's policy text.
type PolicyService interface {
	// Policy returns the stored policy text, or ENOTFOUND before one is saved.
	Policy(ctx context.Context, workspace int64) (string, error)
	SetPolicy(ctx context.Context, workspace int64, body string) error
}

// Token is an API token of a user; its secret is shown only when made.
type Token struct {
	ID          int64
	WorkspaceID int64
	UserID      int64
	Name        string
	CreatedAt   time.Time
}

// TokenService issues and checks API tokens.
type TokenService interface {
	// CreateToken makes a token for u and returns its secret, shown once.
	CreateToken(ctx context.Context, u *User, name string) (*Token, string, error)
	// TokenUser returns the user of a secret, or EUNAUTHORIZED.
	TokenUser(ctx context.Context, secret string) (*User, error)
	Tokens(ctx context.Context, workspace int64) ([]*Token, error)
	RevokeToken(ctx context.Context, workspace, id int64) error
}

// Commitment is a promise with a due time, made by the freelancer ("me")
// or by the client (P2).
type Commitment struct {
	ID          int64
	WorkspaceID int64
	DealID      int64 // 0 when not tied to a deal
	Owner       string
	What        string
	Due         time.Time
	Done        time.Time // zero while open
	CreatedAt   time.Time
}

// Stage is one prepaid stage of an agreed deal (M6): paid before its work
// starts, then delivered, then accepted.
type Stage struct {
	ID          int64
	WorkspaceID int64
	DealID      int64
	Number      int
	Amount      string // decimal, major units
	Currency    string
	Due         string // YYYY-MM-DD
	Paid        time.Time
	Delivered   time.Time
	Accepted    time.Time
}

// CommitmentService keeps promises both ways and the stages of agreed deals.
type CommitmentService interface {
	CreateCommitment(ctx context.Context, c *Commitment) error
	// OpenCommitments lists the open ones due before the time given, soonest
	// first: overdue and today's, both ways.
	OpenCommitments(ctx context.Context, workspace int64, dueBefore time.Time) ([]*Commitment, error)
	// DealCommitments lists a deal's promises, open and kept.
	DealCommitments(ctx context.Context, workspace, deal int64) ([]*Commitment, error)
	CompleteCommitment(ctx context.Context, workspace, id int64) error
	// SetStages records the stages of a deal, replacing earlier ones not yet paid.
	SetStages(ctx context.Context, workspace, deal int64, stages []Stage) error
	Stages(ctx context.Context, workspace, deal int64) ([]*Stage, error)
	// PaidStages lists the paid stages of a client's deals.
	PaidStages(ctx context.Context, workspace, client int64) ([]*Stage, error)
	// MarkStage records a stage paid, delivered or accepted, in that order.
	MarkStage(ctx context.Context, workspace, deal int64, number int, event string) error
	// StagesDue lists the unpaid stages due by a date (YYYY-MM-DD).
	StagesDue(ctx context.Context, workspace int64, date string) ([]*Stage, error)
}
