package negotiate

import (
	"testing"

	"github.com/parley-desk/parley/screen"
)

func TestDetectorCompiles(t *testing.T) {
	d, err := newDetector()
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range []string{
		"Could you do it for 30 000? Our budget is 25 000 EUR. We need it by Friday.",
		"We need an NDA and unlimited revisions. Make it just like our competitor's site.",
		"I disagree with your recommendation, let's do it our way.",
		"The text doesn't match the brief and there are typos. We want a refund.",
	} {
		res, err := d.Detect(text, screen.Options{})
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, f := range res.Flags {
			codes = append(codes, f.Code)
		}
		t.Logf("%q → %v", text, codes)
	}
}
