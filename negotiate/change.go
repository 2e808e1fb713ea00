package negotiate

import (
	"strings"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/screen"
)

// Change is how a change request stands against the agreement (R1): a
// defect (fixed free, not a round), a revision (uses one of the included
// rounds) or new work (quoted and paid), with the reason in the client's
// language, shown to both sides.
type Change struct {
	Kind       string `json:"kind"`
	Reason     string `json:"reason"`
	Item       string `json:"item,omitempty"` // the scope item it touches, when one does
	RoundsLeft int    `json:"rounds_left"`    // after this request
}

// ClassifyChange tells a defect from new work (R1). used is the number of
// revision rounds already used. In order: a request that touches an
// excluded or dropped scope item, or asks for something the task did not
// include, is new work; one that says the work misses what was agreed is a
// defect; anything else is a change within the scope, a revision while
// rounds are left and paid new work after that.
func (a *Assistant) ClassifyChange(deal *Deal, text string, used int) (Change, error) {
	if err := deal.Check(); err != nil {
		return Change{}, err
	}
	text = strings.TrimSpace(text)
	if text == "" {
		return Change{}, parley.Errorf(parley.EINVALID, "the change request is empty; write what the client wants changed")
	}
	asks, res, toks, err := a.asksTokens(text, "", deal.Client.Language)
	if err != nil {
		return Change{}, err
	}
	has := func(code string) bool {
		for _, a := range asks {
			if a.Code == code {
				return true
			}
		}
		return false
	}
	cur := deal.Current()
	used = max(used, 0)
	lang := deal.Client.Language
	c := a.text[lang]
	left := max(cur.Revisions-used, 0)
	out := Change{RoundsLeft: left}
	excluded := append([]string(nil), cur.Dropped...)
	var included []string
	for _, l := range deal.Terms.Lines {
		excluded = append(excluded, l.Excluded...)
		included = append(included, l.Included...)
	}
	stems := a.stemsOf(toks)
	a.detect.ReleaseTokens(toks)
	if item := a.touches(stems, excluded, res.Language); item != "" {
		out.Kind, out.Item = parley.ChangeNewWork, item
		out.Reason = c.T("change_excluded", map[string]any{"Item": item})
		return out, nil
	}
	if has(AskNewRequirement) || has(AskScope) {
		out.Kind = parley.ChangeNewWork
		out.Reason = c.T("change_beyond_scope", map[string]any{"Included": included})
		return out, nil
	}
	out.Item = a.touches(stems, included, res.Language)
	if has(AskDefect) {
		out.Kind = parley.ChangeDefect
		out.Reason = c.T("change_defect", map[string]any{"Item": out.Item})
		return out, nil
	}
	if left == 0 {
		out.Kind = parley.ChangeNewWork
		out.Reason = c.T("change_no_rounds", map[string]any{"Rounds": cur.Revisions})
		return out, nil
	}
	out.Kind, out.RoundsLeft = parley.ChangeRevision, left-1
	out.Reason = c.T("change_revision", map[string]any{"Round": used + 1, "Rounds": cur.Revisions})
	return out, nil
}

// ChangeReason is the reason, in the client's language, for a request the
// freelancer classified as kind themselves (R1): the client reads it on
// their page.
func (a *Assistant) ChangeReason(deal *Deal, kind string, used int) (string, error) {
	if err := deal.Check(); err != nil {
		return "", err
	}
	c := a.text[deal.Client.Language]
	cur := deal.Current()
	switch kind {
	case parley.ChangeDefect:
		return c.T("change_defect", map[string]any{"Item": ""}), nil
	case parley.ChangeRevision:
		return c.T("change_revision", map[string]any{"Round": max(used, 0) + 1, "Rounds": max(cur.Revisions, max(used, 0)+1)}), nil
	case parley.ChangeNewWork:
		var included []string
		for _, l := range deal.Terms.Lines {
			included = append(included, l.Included...)
		}
		return c.T("change_beyond_scope", map[string]any{"Included": included}), nil
	}
	return "", parley.Errorf(parley.EINVALID, "%q is not a kind of change request; write defect, revision or new_work", kind)
}

// stemsOf collects the stems of a text's content words.
func (a *Assistant) stemsOf(toks []screen.Token) map[string]bool {
	out := map[string]bool{}
	for _, t := range toks {
		if len(t.Stem) >= 4 {
			out[t.Stem] = true
		}
	}
	return out
}

// touches returns the first scope item most of whose content words the
// request uses (stemmed, so "translations" meets "translation").
func (a *Assistant) touches(stems map[string]bool, items []string, lang string) string {
	for _, item := range items {
		_, toks, err := a.detect.DetectTokens(item, screen.Options{Language: lang})
		if err != nil {
			continue
		}
		words, hits := 0, 0
		for _, t := range toks {
			if len(t.Stem) < 4 {
				continue
			}
			words++
			if stems[t.Stem] {
				hits++
			}
		}
		a.detect.ReleaseTokens(toks)
		if words > 0 && hits*2 >= words {
			return item
		}
	}
	return ""
}
