package screen

import "slices"

// Labelled is one line of a labelled data set (shared/data format).
type Labelled struct {
	ID      string   `json:"id"`
	Lang    string   `json:"lang"`
	Text    string   `json:"text"`
	Flags   []string `json:"flags"`
	Verdict string   `json:"verdict"`
}

// CodeScore is precision, recall and F1 of one flag code.
type CodeScore struct {
	Code       string  `json:"code"`
	TP, FP, FN int     `json:"-"`
	Precision  float64 `json:"precision"`
	Recall     float64 `json:"recall"`
	F1         float64 `json:"f1"`
	Support    int     `json:"support"`
}

// Miss is an inquiry whose flags or verdict differ from its labels.
type Miss struct {
	ID       string   `json:"id"`
	Missing  []string `json:"missing,omitempty"` // labelled, not found
	Extra    []string `json:"extra,omitempty"`   // found, not labelled
	Verdict  string   `json:"verdict"`           // found
	Expected string   `json:"expected_verdict"`  // labelled
	Error    string   `json:"error,omitempty"`   // the text could not be screened
}

// LanguageScore sums up one language of a data set.
type LanguageScore struct {
	Language        string      `json:"language"`
	Inquiries       int         `json:"inquiries"`
	MicroF1         float64     `json:"micro_f1"`
	VerdictAccuracy float64     `json:"verdict_accuracy"`
	Codes           []CodeScore `json:"codes"`
	Misses          []Miss      `json:"misses"`
}

// Evaluate screens every labelled inquiry (in its labelled language's
// detection, not forced) and scores the flags and verdicts per language.
func (s *Screener) Evaluate(items []Labelled, opt Options) []LanguageScore {
	byLang := map[string]*LanguageScore{}
	counts := map[string]map[string]*CodeScore{}
	verdictOK := map[string]int{}
	var langs []string
	for _, it := range items {
		ls := byLang[it.Lang]
		if ls == nil {
			ls = &LanguageScore{Language: it.Lang}
			byLang[it.Lang] = ls
			counts[it.Lang] = map[string]*CodeScore{}
			for _, f := range s.tax.flags {
				counts[it.Lang][f.Code] = &CodeScore{Code: f.Code}
			}
			langs = append(langs, it.Lang)
		}
		ls.Inquiries++
		res, err := s.Screen(it.Text, opt)
		if err != nil {
			ls.Misses = append(ls.Misses, Miss{ID: it.ID, Missing: it.Flags, Expected: it.Verdict, Error: err.Error()})
			for _, f := range it.Flags {
				if c := counts[it.Lang][f]; c != nil {
					c.FN++
				}
			}
			continue
		}
		var found []string
		for _, f := range res.Flags {
			found = append(found, f.Code)
		}
		miss := Miss{ID: it.ID, Verdict: res.Verdict, Expected: it.Verdict}
		for _, f := range s.tax.flags {
			want, got := slices.Contains(it.Flags, f.Code), slices.Contains(found, f.Code)
			c := counts[it.Lang][f.Code]
			switch {
			case want && got:
				c.TP++
			case want:
				c.FN++
				miss.Missing = append(miss.Missing, f.Code)
			case got:
				c.FP++
				miss.Extra = append(miss.Extra, f.Code)
			}
		}
		if res.Verdict == it.Verdict {
			verdictOK[it.Lang]++
		}
		if len(miss.Missing)+len(miss.Extra) > 0 || res.Verdict != it.Verdict {
			ls.Misses = append(ls.Misses, miss)
		}
	}
	slices.Sort(langs)
	out := make([]LanguageScore, 0, len(langs))
	for _, lang := range langs {
		ls := byLang[lang]
		var tp, fp, fn int
		for _, f := range s.tax.flags {
			c := counts[lang][f.Code]
			c.Precision, c.Recall, c.F1 = prf(c.TP, c.FP, c.FN)
			c.Support = c.TP + c.FN
			tp, fp, fn = tp+c.TP, fp+c.FP, fn+c.FN
			ls.Codes = append(ls.Codes, *c)
		}
		_, _, ls.MicroF1 = prf(tp, fp, fn)
		ls.VerdictAccuracy = float64(verdictOK[lang]) / float64(ls.Inquiries)
		out = append(out, *ls)
	}
	return out
}

// prf is precision, recall and F1; an empty denominator scores 1 (nothing
// to find and nothing found is a perfect score).
func prf(tp, fp, fn int) (p, r, f float64) {
	p, r = 1, 1
	if tp+fp > 0 {
		p = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		r = float64(tp) / float64(tp+fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}
