package proposal

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/signintech/gopdf"
)

// DejaVu Sans covers Latin with ä and ö, Cyrillic, € and ₽; its licence
// (fonts/LICENSE-DejaVu) allows embedding. The files are gzipped in the
// binary and unpacked once, on the first PDF; a PDF carries only the
// glyphs it uses.
var (
	//go:embed fonts/DejaVuSans.ttf.gz
	fontRegularGz []byte
	//go:embed fonts/DejaVuSans-Bold.ttf.gz
	fontBoldGz []byte

	fontRegular = sync.OnceValues(func() ([]byte, error) { return gunzip(fontRegularGz) })
	fontBold    = sync.OnceValues(func() ([]byte, error) { return gunzip(fontBoldGz) })
)

func gunzip(b []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// A4 in points, with 56 pt (about 2 cm) margins.
const (
	pageW, pageH = 595.0, 842.0
	margin       = 56.0
	textW        = pageW - 2*margin
)

// pdfWriter lays blocks out top to bottom, breaking pages as it goes.
type pdfWriter struct {
	pdf *gopdf.GoPdf
	y   float64
	err error
}

// PDF renders the document as an A4 PDF. created is written into the
// document's metadata (the shell passes the clock, so output is
// reproducible in tests).
func (d Doc) PDF(created time.Time) ([]byte, error) {
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{PageSize: *gopdf.PageSizeA4})
	pdf.SetInfo(gopdf.PdfInfo{Title: d.Title, Creator: "Parley", Producer: "Parley", CreationDate: created})
	regular, err := fontRegular()
	if err != nil {
		return nil, fmt.Errorf("pdf font: %w", err)
	}
	bold, err := fontBold()
	if err != nil {
		return nil, fmt.Errorf("pdf font: %w", err)
	}
	if err := pdf.AddTTFFontData("regular", regular); err != nil {
		return nil, fmt.Errorf("pdf font: %w", err)
	}
	if err := pdf.AddTTFFontData("bold", bold); err != nil {
		return nil, fmt.Errorf("pdf font: %w", err)
	}
	w := &pdfWriter{pdf: pdf}
	w.newPage()
	for _, b := range d.Blocks {
		switch b.Kind {
		case Heading:
			size := map[int]float64{1: 20, 2: 14, 3: 11.5}[b.Level]
			w.space(map[int]float64{1: 0, 2: 14, 3: 8}[b.Level])
			w.keepWithNext(size * 4)
			w.text(b.Text, "bold", size, margin, textW)
			if b.Level == 2 {
				w.rule(0.6)
			}
			w.space(4)
		case Paragraph:
			w.text(b.Text, "regular", 10.5, margin, textW)
			w.space(5)
		case List, Links:
			for i, it := range b.Items {
				w.bullet()
				w.text(it, "regular", 10.5, margin+14, textW-14)
				if b.Kind == Links && b.URLs[i] != "" {
					w.link(b.URLs[i])
				}
				w.space(2)
			}
			w.space(4)
		case Table:
			for _, r := range b.Rows {
				w.row(r)
			}
			w.space(6)
		}
	}
	if w.err != nil {
		return nil, w.err
	}
	var out bytes.Buffer
	if err := pdf.Write(&out); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return out.Bytes(), nil
}

func (w *pdfWriter) newPage() {
	w.pdf.AddPage()
	w.y = margin
}

func (w *pdfWriter) space(h float64) { w.y += h }

// keepWithNext starts a new page when less than h is left, so a heading is
// never the last line of a page.
func (w *pdfWriter) keepWithNext(h float64) {
	if w.y+h > pageH-margin {
		w.newPage()
	}
}

func (w *pdfWriter) font(name string, size float64) {
	if err := w.pdf.SetFont(name, "", size); err != nil && w.err == nil {
		w.err = err
	}
}

// text writes wrapped text at x within width.
func (w *pdfWriter) text(s, font string, size, x, width float64) {
	w.font(font, size)
	lines, err := w.pdf.SplitTextWithWordWrap(s, width)
	if err != nil {
		lines = []string{s} // a word wider than the line: let it run on
	}
	lh := size * 1.35
	for _, line := range lines {
		w.keepWithNext(lh)
		w.pdf.SetXY(x, w.y)
		if err := w.pdf.Cell(nil, line); err != nil && w.err == nil {
			w.err = err
		}
		w.y += lh
	}
}

func (w *pdfWriter) bullet() {
	w.keepWithNext(14)
	w.font("regular", 10.5)
	w.pdf.SetXY(margin+3, w.y)
	_ = w.pdf.Cell(nil, "•")
}

// link makes the line just written clickable.
func (w *pdfWriter) link(url string) {
	w.pdf.AddExternalLink(url, margin+14, w.y-14, textW-14, 14)
}

func (w *pdfWriter) rule(width float64) {
	w.pdf.SetLineWidth(width)
	w.pdf.SetStrokeColor(180, 180, 180)
	w.pdf.Line(margin, w.y+1, pageW-margin, w.y+1)
	w.y += 3
}

// row writes a label on the left and its amount flush right.
func (w *pdfWriter) row(r Row) {
	font := "regular"
	if r.Strong {
		font = "bold"
		w.rule(0.8)
	}
	w.font(font, 10.5)
	amountW, _ := w.pdf.MeasureTextWidth(r.Amount)
	startY := w.y
	w.text(r.Label, font, 10.5, margin, textW-amountW-16)
	y := startY
	if w.y < startY { // the label broke onto a new page
		y = margin
	}
	w.font(font, 10.5)
	w.pdf.SetXY(pageW-margin-amountW, y)
	if err := w.pdf.Cell(nil, r.Amount); err != nil && w.err == nil {
		w.err = err
	}
	w.y += 2
}
