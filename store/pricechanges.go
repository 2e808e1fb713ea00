package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/money"
)

var _ parley.PriceChangeService = (*DB)(nil)

// PlanPriceChange records a planned rise of a client's rate (M8). The
// notice goes out at least MinNoticeDays before the new rate takes effect;
// a shorter notice is refused, not stored.
func (db *DB) PlanPriceChange(ctx context.Context, p *parley.PriceChange) error {
	p.Service, p.Reason, p.Letter = strings.TrimSpace(p.Service), strings.TrimSpace(p.Reason), strings.TrimSpace(p.Letter)
	cur, err := money.Lookup(p.Currency)
	if err != nil {
		return parley.Errorf(parley.EINVALID, "currency %q: use a code like EUR, USD or RUB", p.Currency)
	}
	oldRate, err1 := money.Parse(p.OldRate, cur)
	newRate, err2 := money.Parse(p.NewRate, cur)
	switch {
	case p.Service == "" || len(p.Service) > 200:
		return parley.Errorf(parley.EINVALID, "name the service whose rate changes")
	case err1 != nil || oldRate.Minor <= 0:
		return parley.Errorf(parley.EINVALID, "the current rate must be an amount above zero, like 60 or 60.50")
	case err2 != nil || newRate.Cmp(oldRate) <= 0:
		return parley.Errorf(parley.EINVALID, "the new rate must be an amount above the current one")
	case p.Reason == "" || len(p.Reason) > 5000:
		return parley.Errorf(parley.EINVALID, "explain why the old rate no longer works (M8), in at most 5 000 bytes")
	case p.Letter == "" || len(p.Letter) > 20000:
		return parley.Errorf(parley.EINVALID, "the notice letter is missing or over 20 000 bytes")
	}
	notice, err1 := time.Parse(time.DateOnly, p.NoticeOn)
	effective, err2 := time.Parse(time.DateOnly, p.EffectiveOn)
	switch {
	case err1 != nil:
		return parley.Errorf(parley.EINVALID, "notice date %q: write it as YYYY-MM-DD", p.NoticeOn)
	case err2 != nil:
		return parley.Errorf(parley.EINVALID, "effective date %q: write it as YYYY-MM-DD", p.EffectiveOn)
	case effective.Before(notice.AddDate(0, 0, parley.MinNoticeDays)):
		return parley.Errorf(parley.EINVALID, "the new rate can take effect on %s at the earliest: a rise is announced at least %d days ahead (M8)",
			notice.AddDate(0, 0, parley.MinNoticeDays).Format(time.DateOnly), parley.MinNoticeDays)
	}
	if p.RenewalOn != "" {
		if _, err := time.Parse(time.DateOnly, p.RenewalOn); err != nil {
			return parley.Errorf(parley.EINVALID, "renewal date %q: write it as YYYY-MM-DD, or leave it empty", p.RenewalOn)
		}
	}
	if _, err := db.Client(ctx, p.WorkspaceID, p.ClientID); err != nil {
		return err
	}
	p.OldRate, p.NewRate, p.Answer = oldRate.String(), newRate.String(), parley.AnswerPending
	p.CreatedAt, p.AnsweredAt = fromMillis(millis(db.Now())), zeroTime
	err = db.write.QueryRowContext(ctx, db.rebind(`INSERT INTO price_changes (workspace_id, client_id, service, old_rate, new_rate, currency, notice_on, effective_on, renewal_on, reason, letter, answer, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		p.WorkspaceID, p.ClientID, p.Service, p.OldRate, p.NewRate, p.Currency, p.NoticeOn, p.EffectiveOn, p.RenewalOn, p.Reason, p.Letter, p.Answer, millis(p.CreatedAt)).Scan(&p.ID)
	if err != nil {
		return internal("plan price change", err)
	}
	return nil
}

const priceChangeColumns = `p.id, p.workspace_id, p.client_id, c.name, p.service, p.old_rate, p.new_rate, p.currency, p.notice_on, p.effective_on, p.renewal_on, p.reason, p.letter, p.answer, p.created_at, p.answered_at`

func scanPriceChange(row scanner) (*parley.PriceChange, error) {
	var p parley.PriceChange
	var created int64
	var answered sql.NullInt64
	if err := row.Scan(&p.ID, &p.WorkspaceID, &p.ClientID, &p.ClientName, &p.Service, &p.OldRate, &p.NewRate, &p.Currency, &p.NoticeOn, &p.EffectiveOn,
		&p.RenewalOn, &p.Reason, &p.Letter, &p.Answer, &created, &answered); err != nil {
		return nil, err
	}
	p.CreatedAt, p.AnsweredAt = fromMillis(created), optTime(answered)
	return &p, nil
}

// PriceChanges lists a client's price changes, newest first.
func (db *DB) PriceChanges(ctx context.Context, workspace, client int64) ([]*parley.PriceChange, error) {
	rows, err := db.queryRead(ctx, `SELECT `+priceChangeColumns+` FROM price_changes p JOIN clients c ON c.id = p.client_id
		WHERE p.workspace_id = ? AND p.client_id = ? ORDER BY p.id DESC LIMIT 100`, workspace, client)
	return collect(rows, err, "price changes", scanPriceChange)
}

// PlannedPriceChanges lists the unanswered ones, soonest effective first.
func (db *DB) PlannedPriceChanges(ctx context.Context, workspace int64, limit int) ([]*parley.PriceChange, error) {
	if limit <= 0 || limit > parley.MaxPageSize {
		limit = 50
	}
	rows, err := db.queryRead(ctx, `SELECT `+priceChangeColumns+` FROM price_changes p JOIN clients c ON c.id = p.client_id
		WHERE p.workspace_id = ? AND p.answer = 'pending' ORDER BY p.effective_on LIMIT ?`, workspace, limit)
	return collect(rows, err, "planned price changes", scanPriceChange)
}

// AnswerPriceChange records the client's answer, once.
func (db *DB) AnswerPriceChange(ctx context.Context, workspace, id int64, answer string) error {
	if answer != parley.AnswerAccepted && answer != parley.AnswerDeclined {
		return parley.Errorf(parley.EINVALID, "the client's answer is accepted or declined, not %q", answer)
	}
	res, err := db.write.ExecContext(ctx, db.rebind(`UPDATE price_changes SET answer = ?, answered_at = ? WHERE workspace_id = ? AND id = ? AND answer = 'pending'`),
		answer, millis(db.Now()), workspace, id)
	if err != nil {
		return internal("answer price change", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var seen int
		if err := db.write.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM price_changes WHERE workspace_id = ? AND id = ?`), workspace, id).Scan(&seen); err != nil {
			return internal("answer price change", err)
		}
		if seen == 0 {
			return parley.Errorf(parley.ENOTFOUND, "no price change %d", id)
		}
		return parley.Errorf(parley.ECONFLICT, "price change %d is already answered", id)
	}
	return nil
}

// SetClientRates records the unit rates of a client's latest agreement,
// replacing the earlier rate of each service.
func (db *DB) SetClientRates(ctx context.Context, rates []parley.ClientRate) error {
	if len(rates) == 0 {
		return nil
	}
	for _, r := range rates {
		if r.WorkspaceID != rates[0].WorkspaceID || r.ClientID != rates[0].ClientID {
			return parley.Errorf(parley.EINVALID, "the rates of one client at a time")
		}
		if r.Service == "" || r.RateMinor < 0 {
			return parley.Errorf(parley.EINVALID, "a rate needs its service and an amount not below zero")
		}
	}
	if _, err := db.Client(ctx, rates[0].WorkspaceID, rates[0].ClientID); err != nil {
		return err
	}
	return wrapInternal("client rates", db.tx(ctx, func(tx *sql.Tx) error {
		for _, r := range rates {
			if _, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO client_rates (workspace_id, client_id, service, rate_minor, currency, agreed_on) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (client_id, service) DO UPDATE SET rate_minor = excluded.rate_minor, currency = excluded.currency, agreed_on = excluded.agreed_on`),
				r.WorkspaceID, r.ClientID, r.Service, r.RateMinor, r.Currency, r.AgreedOn); err != nil {
				return err
			}
		}
		return nil
	}))
}

func scanRate(row scanner) (parley.ClientRate, error) {
	var r parley.ClientRate
	err := row.Scan(&r.WorkspaceID, &r.ClientID, &r.ClientName, &r.Service, &r.RateMinor, &r.Currency, &r.AgreedOn)
	return r, err
}

// ClientRates lists a client's agreed rates by service.
func (db *DB) ClientRates(ctx context.Context, workspace, client int64) ([]parley.ClientRate, error) {
	rows, err := db.queryRead(ctx, `SELECT r.workspace_id, r.client_id, c.name, r.service, r.rate_minor, r.currency, r.agreed_on FROM client_rates r JOIN clients c ON c.id = r.client_id
		WHERE r.workspace_id = ? AND r.client_id = ? ORDER BY r.service`, workspace, client)
	return collect(rows, err, "client rates", scanRate)
}

// RatesBehind lists the clients whose agreed rate for a service of the
// rate card is below the card's (M8), lowest first, in one query over an
// index. card holds the service, currency and rate of each card entry.
func (db *DB) RatesBehind(ctx context.Context, workspace int64, card []parley.ClientRate, limit int) ([]parley.ClientRate, error) {
	if len(card) == 0 {
		return nil, nil
	}
	if limit <= 0 || limit > parley.MaxPageSize {
		limit = 50
	}
	var q strings.Builder
	args := []any{workspace}
	q.WriteString(`SELECT r.workspace_id, r.client_id, c.name, r.service, r.rate_minor, r.currency, r.agreed_on FROM client_rates r JOIN clients c ON c.id = r.client_id WHERE r.workspace_id = ? AND (`)
	for i, e := range card {
		if i > 0 {
			q.WriteString(" OR ")
		}
		q.WriteString("(r.service = ? AND r.currency = ? AND r.rate_minor < ?)")
		args = append(args, e.Service, e.Currency, e.RateMinor)
	}
	q.WriteString(") ORDER BY r.agreed_on, r.client_id LIMIT ?")
	args = append(args, limit)
	rows, err := db.queryRead(ctx, q.String(), args...)
	return collect(rows, err, "rates behind the card", scanRate)
}

// wrapInternal marks an unexpected error of a write as internal.
func wrapInternal(op string, err error) error {
	if err == nil {
		return nil
	}
	return internal(op, err)
}
