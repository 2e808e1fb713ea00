// Package proposal writes what a client reads about a quote: the proposal
// in the order of rule M2 (our understanding of the task, related work,
// options with prices, what is and is not included, terms, the
// communication charter), as plain text, Markdown, HTML and PDF, in
// English, Finnish or Russian. Its wording lives in text/LANG.toml.
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
}
