package calendar

import (
	"embed"
	"strings"

	"github.com/parley-desk/parley/wording"
)

// The event titles per language; wording lives in data, not in code.
//
//go:embed text/*.toml
var texts embed.FS

// requiredKeys are the entries every catalog must have.
func requiredKeys() []string {
	return []string{
		"calendar_name",
		"commitment_me", "commitment_me_done", "commitment_client", "commitment_client_done",
		"stage", "stage_paid", "delivery", "call_window", "call_window_description",
	}
}

func loadCatalog(lang string) (*wording.Catalog, error) {
	return wording.Load(texts, "text/"+lang+".toml", lang, requiredKeys())
}

// clean makes user text safe to carry in an iCalendar TEXT value: valid
// UTF-8, line breaks as "\n" only (the serializer escapes them), and no
// other control characters, which RFC 5545 does not allow in TEXT.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r < 0x20 || r == 0x7f:
			return ' '
		}
		return r
	}, s)
}

// oneLine is user text for a title: cleaned, its whitespace collapsed, so
// that a title shows on one line in every calendar app.
func oneLine(s string) string { return strings.Join(strings.Fields(clean(s)), " ") }
