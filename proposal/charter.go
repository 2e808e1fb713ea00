package proposal

import (
	"strings"

	"github.com/parley-desk/parley/pricing"
)

// charterItems are the communication charter's terms (B1) in the
// client's words: every proposal and every agreement carries them.
func charterItems(c *Catalog, ch pricing.Charter) []string {
	var items []string
	if ch.WorkingHours != "" {
		items = append(items, c.T("charter_hours", ch.WorkingHours))
	}
	if len(ch.CallWindows) > 0 {
		items = append(items, c.T("charter_calls", strings.Join(ch.CallWindows, "; ")))
	}
	if ch.ResponseHours > 0 {
		items = append(items, c.T("charter_response", ch.ResponseHours))
	}
	if len(ch.Channels) > 0 {
		items = append(items, c.T("charter_channels", strings.Join(ch.Channels, ", ")))
	}
	if ch.StatusReports != "" {
		items = append(items, c.T("charter_status", ch.StatusReports))
	}
	return items
}
