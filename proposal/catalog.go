// Package proposal writes what a client reads about a quote: the proposal
// in the order of rule M2 (our understanding of the task, related work,
// options with prices, what is and is not included, terms, the
// communication charter), and the documents that follow it: an agreement
// version with its confirmation record and the log before it (C2), and a
// price-change notice (M8). All render as plain text, Markdown, HTML and
// PDF, in English, Finnish or Russian; the wording lives in text/LANG.toml.
package proposal

import (
	"embed"

	"github.com/parley-desk/parley/wording"
)

//go:embed text/*.toml
var texts embed.FS

// Catalog is one language's proposal wording.
type Catalog = wording.Catalog

// LoadCatalog compiles the embedded wording of lang, failing on any
// template error so that a broken catalog never reaches a client.
func LoadCatalog(lang string) (*Catalog, error) {
	return wording.Load(texts, "text/"+lang+".toml", lang, requiredKeys)
}

// requiredKeys are the entries every catalog must have; a test checks the
// shipped ones against it and against each other.
var requiredKeys = []string{
	"title", "title_for", "prepared", "understanding", "understanding_confirm", "understanding_missing",
	"related_work", "options", "options_intro", "option_full", "option_reduced", "option_express",
	"option_summary", "price", "line", "subtotal", "total",
	"modifier_repeat_structure", "modifier_reduced_scope", "modifier_discount_longer_deadline",
	"modifier_discount_smaller_scope", "modifier_discount_repeat_structure", "modifier_nda", "modifier_rush",
	"scope", "included", "excluded", "revisions", "how_priced", "terms", "payment_full", "payment_staged",
	"stage", "delivery", "delivery_rush", "guarantee", "payment_full_options", "delivery_options", "guarantee_options",
	"valid", "charter", "charter_hours", "charter_calls",
	"charter_response", "charter_channels", "charter_status",
	// Agreements (C2).
	"agreement_title", "agreement_parties", "agreement_confirmation", "agreement_confirmed_portal",
	"agreement_confirmed_email", "agreement_record", "agreement_unconfirmed", "agreement_unconfirmed_previous",
	"agreement_scope", "agreement_line", "agreement_payment", "agreement_payment_due", "agreement_stage", "agreement_delivery",
	"agreement_nda", "agreement_no_nda", "agreement_history", "agreement_history_intro", "agreement_history_first",
	"agreement_history_item", "history_confirmed_portal", "history_confirmed_email", "history_unconfirmed",
	// Price-change notices (M8).
	"notice_title", "notice_to", "notice_from", "notice_date", "notice_intro", "notice_rates", "notice_rate",
	"notice_why", "notice_terms", "notice_applies", "notice_agreed", "notice_renewal", "notice_questions",
	"notice_closing", "notice_regards",
}
