package proposal

import (
	"encoding/binary"
	"testing"
)

// The embedded fonts must have no composite glyphs: gopdf's subsetter
// follows components one level only, and DejaVu Sans Bold's Ё (Е, itself
// Latin E, plus a diaeresis) lost its letter in the PDF. The fonts are
// flattened with scripts/flatten-font.py.
func TestFontsHaveNoCompositeGlyphs(t *testing.T) {
	for name, load := range map[string]func() ([]byte, error){"regular": fontRegular, "bold": fontBold} {
		data, err := load()
		if err != nil {
			t.Fatal(err)
		}
		tables := map[string][]byte{}
		n := int(binary.BigEndian.Uint16(data[4:]))
		for i := range n {
			rec := data[12+16*i:]
			off, length := binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
			tables[string(rec[:4])] = data[off : off+length]
		}
		longLoca := binary.BigEndian.Uint16(tables["head"][50:]) == 1
		glyphs := int(binary.BigEndian.Uint16(tables["maxp"][4:]))
		loca, glyf := tables["loca"], tables["glyf"]
		at := func(i int) uint32 {
			if longLoca {
				return binary.BigEndian.Uint32(loca[4*i:])
			}
			return 2 * uint32(binary.BigEndian.Uint16(loca[2*i:]))
		}
		composite := 0
		for g := range glyphs {
			start, end := at(g), at(g+1)
			if end > start && int16(binary.BigEndian.Uint16(glyf[start:])) < 0 {
				composite++
			}
		}
		if composite > 0 {
			t.Errorf("%s font has %d composite glyphs; run scripts/flatten-font.py on it", name, composite)
		}
		if glyphs < 3000 {
			t.Errorf("%s font has only %d glyphs", name, glyphs)
		}
	}
}
