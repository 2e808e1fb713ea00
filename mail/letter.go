package mail

import (
	"html/template"
	"strings"

	"github.com/parley-desk/parley"
)

// letter is a composed letter before it becomes a Message: the parts that
// the text and the HTML body both show.
type letter struct {
	Lang      string
	Subject   string
	Body      [][]string // paragraphs of lines
	Portal    string     // the sentence before the link; empty without a link
	Link      string
	Closing   string
	Signature string
}

// text writes the plain-text body: paragraphs with blank lines between.
func (l letter) text() string {
	var paras []string
	for _, p := range l.Body {
		paras = append(paras, strings.Join(p, "\n"))
	}
	if l.Link != "" {
		paras = append(paras, l.Portal+"\n"+l.Link)
	}
	end := l.Closing
	if l.Signature != "" {
		end += "\n" + l.Signature
	}
	if end = strings.TrimSpace(end); end != "" {
		paras = append(paras, end)
	}
	return strings.Join(paras, "\n\n") + "\n"
}

// htmlLetter is parsed for each letter: html/template escapes every string
// the user wrote by its context, the link's href included.
const htmlLetter = `<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width">
<title>{{.Subject}}</title>
</head>
<body style="font-family: sans-serif; line-height: 1.5;">
{{range .Body}}<p>{{range $i, $line := .}}{{if $i}}<br>
{{end}}{{$line}}{{end}}</p>
{{end}}{{if .Link}}<p>{{.Portal}}<br>
<a href="{{.Link}}">{{.Link}}</a></p>
{{end}}<p>{{.Closing}}{{if .Signature}}<br>
{{.Signature}}{{end}}</p>
</body>
</html>
`

// html writes the HTML alternative of the letter.
func (l letter) html() (string, error) {
	t, err := template.New("letter").Parse(htmlLetter)
	if err != nil {
		return "", parley.Errorf(parley.EINTERNAL, "mail: the HTML letter template: %w", err)
	}
	var b strings.Builder
	if err := t.Execute(&b, l); err != nil {
		return "", parley.Errorf(parley.EINTERNAL, "mail: writing the HTML letter: %w", err)
	}
	return b.String(), nil
}
