package proposal

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"unicode/utf8"
)

// Text renders the document for a terminal: headings underlined, prices in
// two columns.
func (d Doc) Text() string {
	var b strings.Builder
	for i, bl := range d.Blocks {
		if i > 0 {
			b.WriteByte('\n')
		}
		switch bl.Kind {
		case Heading:
			b.WriteString(bl.Text + "\n")
			if bl.Level < 3 {
				ch := "="
				if bl.Level == 2 {
					ch = "-"
				}
				b.WriteString(strings.Repeat(ch, utf8.RuneCountInString(bl.Text)) + "\n")
			}
		case Paragraph:
			b.WriteString(wrap(bl.Text, 78, "", "") + "\n")
		case List:
			for _, it := range bl.Items {
				b.WriteString(wrap(it, 78, "- ", "  ") + "\n")
			}
		case Links:
			for i, it := range bl.Items {
				line := it
				if bl.URLs[i] != "" {
					line += " <" + bl.URLs[i] + ">"
				}
				b.WriteString(wrap(line, 78, "- ", "  ") + "\n")
			}
		case Table:
			width := 0
			for _, r := range bl.Rows {
				width = max(width, utf8.RuneCountInString(r.Amount))
			}
			for _, r := range bl.Rows {
				label := r.Label
				if n := 78 - width - 2; utf8.RuneCountInString(label) > n {
					label = string([]rune(label)[:n-1]) + "…"
				}
				pad := 78 - utf8.RuneCountInString(label) - utf8.RuneCountInString(r.Amount)
				b.WriteString(label + strings.Repeat(" ", max(pad, 2)) + r.Amount + "\n")
			}
		}
	}
	return b.String()
}

// wrap breaks text into lines of at most width runes; the first line
// starts with first ("- " for a list item), the others with rest.
func wrap(text string, width int, first, rest string) string {
	var lines []string
	line, empty := first, true
	for _, w := range strings.Fields(text) {
		switch {
		case empty:
			line += w
			empty = false
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) > width:
			lines = append(lines, line)
			line = rest + w
		default:
			line += " " + w
		}
	}
	return strings.Join(append(lines, line), "\n")
}

// Markdown renders the document as CommonMark.
func (d Doc) Markdown() string {
	var b strings.Builder
	for i, bl := range d.Blocks {
		if i > 0 {
			b.WriteByte('\n')
		}
		switch bl.Kind {
		case Heading:
			b.WriteString(strings.Repeat("#", bl.Level) + " " + mdEscape(bl.Text) + "\n")
		case Paragraph:
			b.WriteString(mdEscape(bl.Text) + "\n")
		case List:
			for _, it := range bl.Items {
				b.WriteString("- " + mdEscape(it) + "\n")
			}
		case Links:
			for i, it := range bl.Items {
				if bl.URLs[i] != "" {
					fmt.Fprintf(&b, "- [%s](<%s>)\n", mdEscape(it), bl.URLs[i])
				} else {
					b.WriteString("- " + mdEscape(it) + "\n")
				}
			}
		case Table:
			b.WriteString("| | |\n| --- | ---: |\n")
			for _, r := range bl.Rows {
				label, amount := mdEscape(r.Label), mdEscape(r.Amount)
				if r.Strong {
					label, amount = "**"+label+"**", "**"+amount+"**"
				}
				b.WriteString("| " + strings.ReplaceAll(label, "|", `\|`) + " | " + amount + " |\n")
			}
		}
	}
	return b.String()
}

// mdEscape keeps text that a client or freelancer wrote from turning into
// Markdown markup.
func mdEscape(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '\\', '*', '_', '`', '[', ']', '<', '>', '#':
			b.WriteByte('\\')
		case '+', '-':
			if i == 0 {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

var htmlPage = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1d1d1f}
h1{font-size:1.7rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ddd}h3{font-size:1.05rem}
table{border-collapse:collapse;width:100%}td{padding:.3rem .4rem;border-bottom:1px solid #eee;vertical-align:top}
td.amount{text-align:right;white-space:nowrap}tr.total td{font-weight:700;border-top:2px solid #333}
</style>
</head>
<body>
{{range .Blocks}}{{if eq .Kind 0}}{{if eq .Level 1}}<h1>{{.Text}}</h1>{{else if eq .Level 2}}<h2>{{.Text}}</h2>{{else}}<h3>{{.Text}}</h3>{{end}}
{{else if eq .Kind 1}}<p>{{.Text}}</p>
{{else if eq .Kind 2}}<ul>{{range .Items}}<li>{{.}}</li>{{end}}</ul>
{{else if eq .Kind 3}}<ul>{{$urls := .URLs}}{{range $i, $t := .Items}}<li>{{with index $urls $i}}<a href="{{.}}">{{$t}}</a>{{else}}{{$t}}{{end}}</li>{{end}}</ul>
{{else if eq .Kind 4}}<table>{{range .Rows}}<tr{{if .Strong}} class="total"{{end}}><td>{{.Label}}</td><td class="amount">{{.Amount}}</td></tr>{{end}}</table>
{{end}}{{end}}</body>
</html>
`))

// HTML renders the document as a standalone page; html/template escapes
// every text, and URLs are checked by its URL sanitiser.
func (d Doc) HTML() ([]byte, error) {
	var b bytes.Buffer
	if err := htmlPage.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
