#!/usr/bin/python3
"""Decompose every composite glyph of a TrueType font into plain outlines.

gopdf's font subsetter follows composite glyphs only one level deep, so a
glyph built from a glyph that is itself built from others (DejaVu Sans
Bold's Ё: Е, which is Latin E, plus a diaeresis) lost its base letter in
the PDF. A font without composites cannot be subset wrongly. Run with
Debian's python3-fonttools:

    /usr/bin/python3 scripts/flatten-font.py IN.ttf OUT.ttf
"""
import sys

from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

src, dst = sys.argv[1], sys.argv[2]
font = TTFont(src)
glyf = font["glyf"]
glyphset = font.getGlyphSet()
for name in font.getGlyphOrder():
    g = glyf[name]
    if not g.isComposite():
        continue
    rec = DecomposingRecordingPen(glyphset)
    glyphset[name].draw(rec)
    pen = TTGlyphPen(glyphset)
    rec.replay(pen)
    new = pen.glyph()
    glyf[name] = new
font["maxp"].maxComponentElements = 0
font["maxp"].maxComponentDepth = 0
font.save(dst)
