package negotiate

import (
	"embed"
	"io/fs"
	"path"

	"github.com/parley-desk/parley/screen"
)

//go:embed asks/taxonomy.txt asks/*.rules text/*.toml
var data embed.FS

// askOf maps the codes of the red-flag taxonomy that are also asks to
// their ask; the rest of the asks have their own codes (asks/taxonomy.txt).
var askOf = map[string]string{
	"postpayment":         AskPostpayment,
	"rush":                AskFaster,
	"discount_request":    AskDiscount,
	"scope_creep":         AskScope,
	"free_work":           AskFreeSample,
	"volume_bait":         AskFutureVolume,
	"ask_lower_price":     AskLowerPrice,
	"ask_budget":          AskBudget,
	"ask_deadline":        AskFaster,
	"ask_nda":             AskNDA,
	"ask_revisions":       AskRevisions,
	"ask_competitor":      AskCompetitor,
	"ask_disagree":        AskDisagree,
	"ask_complaint":       AskComplaint,
	"ask_defect":          AskDefect,
	"ask_new_requirement": AskNewRequirement,
	"ask_refund":          AskRefund,
	"ask_future_volume":   AskFutureVolume,
}

// Asks a client makes, as the negotiate JSON names them.
const (
	AskDiscount       = "discount"
	AskLowerPrice     = "lower_price"
	AskPostpayment    = "postpayment"
	AskFaster         = "deadline"
	AskNDA            = "nda"
	AskScope          = "scope"
	AskRevisions      = "revisions"
	AskFreeSample     = "free_sample"
	AskBudget         = "budget"
	AskCompetitor     = "competitor"
	AskDisagree       = "disagreement"
	AskComplaint      = "complaint"
	AskDefect         = "defect" // the objective part of a complaint; read by ClassifyChange, not shown as an ask
	AskNewRequirement = "new_requirement"
	AskRefund         = "refund"
	AskFutureVolume   = "future_volume"
)

func newDetector() (*screen.Screener, error) {
	extra := map[string][]byte{}
	entries, _ := fs.ReadDir(data, "asks")
	for _, e := range entries {
		b, _ := data.ReadFile(path.Join("asks", e.Name()))
		extra[e.Name()] = b
	}
	return screen.Extend("asks", extra)
}

// requiredText are the entries every negotiate/text/LANG.toml must have.
var requiredText = []string{
	"greeting", "closing", "move_staged_prepayment", "move_prepay_with_guarantee", "move_nda_surcharge", "move_keep_portfolio", "move_hold_price",
	"move_discount_for_time", "move_discount_for_scope", "move_justify_value", "move_polite_exit", "move_fits_budget",
	"move_deadline_fits", "move_rush_surcharge", "move_earliest_date", "move_price_new_work", "move_paid_revisions",
	"move_paid_test", "move_explain_difference", "move_ask_why", "move_offer_options", "move_proceed_with_objection",
	"move_fix_defect", "move_use_revision_round", "move_partial_refund", "move_refund_and_part",
	"move_no_discount_for_volume", "move_keep_dialogue",
	"draft_summary", "draft_restatement", "draft_followup", "draft_notice", "draft_rate_notice", "draft_reminder", "draft_agreement", "draft_decline",
	"change_excluded", "change_beyond_scope", "change_defect", "change_no_rounds", "change_revision",
	"words_weekdays", "words_months", "words_today", "words_tomorrow", "words_next", "words_days", "words_weeks",
	"words_thousand", "words_million", "words_percent", "words_currencies", "words_working",
}
