package mail

import (
	"embed"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/locale"
	"github.com/parley-desk/parley/wording"
)

//go:embed text/*.toml
var texts embed.FS

// Kinds of letter the desk sends. Each has a subject and a portal sentence
// in every catalog.
const (
	KindProposal    = "proposal"    // a quote with its options (M2)
	KindReply       = "reply"       // an answer in the negotiation
	KindSummary     = "summary"     // a call summary to confirm (C2)
	KindRestatement = "restatement" // our understanding of the brief, to confirm (B2)
	KindFollowup    = "followup"    // the one reminder to a quiet lead (B3)
	KindNotice      = "notice"      // a planned price change (M8)
	KindReminder    = "reminder"    // a stage awaiting payment
	KindAgreement   = "agreement"   // terms to confirm
)

// kinds lists the kinds in the order error messages name them.
func kinds() []string {
	return []string{KindProposal, KindReply, KindSummary, KindRestatement,
		KindFollowup, KindNotice, KindReminder, KindAgreement}
}

// requiredKeys are the entries every catalog must have.
func requiredKeys() []string {
	keys := []string{"closings"}
	for _, k := range kinds() {
		keys = append(keys, "subject_"+k, "portal_"+k)
	}
	return keys
}

// Letter is what the desk knows when it sends a letter: the draft is
// already written and already in the client's language.
type Letter struct {
	From, To  Address
	ReplyTo   Address // optional
	DealTitle string  // goes into the subject
	Body      string  // plain text, paragraphs separated by blank lines
	PortalURL string  // the client's private page; may be empty
	Signature string  // the freelancer's name

	MessageID  string // generated when empty
	InReplyTo  string
	References []string
}

// Compose writes a letter of kind in lang: the subject from the catalog
// with the deal title, then the draft, the portal link when there is one,
// a closing and the signature, as plain text and as HTML.
func Compose(lang, kind string, in Letter) (*Message, error) {
	cat, err := loadCatalog(lang)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(kinds(), kind) {
		return nil, parley.Errorf(parley.EINVALID, "no letter of kind %q; use one of %s", kind, strings.Join(kinds(), ", "))
	}
	if _, err := checkAddress("sender", in.From); err != nil {
		return nil, err
	}
	if _, err := checkAddress("recipient", in.To); err != nil {
		return nil, err
	}
	if in.ReplyTo.Email != "" {
		if _, err := checkAddress("reply-to", in.ReplyTo); err != nil {
			return nil, err
		}
	}
	body := paragraphs(in.Body)
	if len(body) == 0 {
		return nil, parley.Errorf(parley.EINVALID, "the letter has no text; write the draft before sending it")
	}
	link, err := checkPortal(in.PortalURL)
	if err != nil {
		return nil, err
	}
	id, irt, refs, err := threadIDs(in)
	if err != nil {
		return nil, err
	}

	closing, body := splitClosing(body, cat.List("closings"), oneLine(in.Signature))
	l := letter{
		Lang:      lang,
		Subject:   oneLine(cat.T("subject_"+kind, struct{ Title string }{oneLine(in.DealTitle)})),
		Body:      body,
		Closing:   closing,
		Signature: oneLine(in.Signature),
	}
	if link != "" {
		l.Portal, l.Link = cat.T("portal_"+kind, nil), link
	}
	html, err := l.html()
	if err != nil {
		return nil, err
	}
	m := &Message{
		From: in.From, To: in.To, ReplyTo: in.ReplyTo,
		Subject: l.Subject, Text: l.text(), HTML: html, Language: lang,
		MessageID: id, InReplyTo: irt, References: refs,
		Date: time.Now(),
	}
	if m.MessageID == "" {
		m.MessageID = newMessageID(in.From.Email)
	}
	return m, nil
}

// threadIDs checks the letter's message IDs and drops their brackets, as
// Message keeps them.
func threadIDs(in Letter) (id, inReplyTo string, refs []string, err error) {
	if in.MessageID != "" {
		if id, err = checkID("Message-ID", in.MessageID); err != nil {
			return "", "", nil, err
		}
	}
	if in.InReplyTo != "" {
		if inReplyTo, err = checkID("In-Reply-To", in.InReplyTo); err != nil {
			return "", "", nil, err
		}
	}
	for _, r := range in.References {
		ref, err := checkID("References", r)
		if err != nil {
			return "", "", nil, err
		}
		refs = append(refs, ref)
	}
	return id, inReplyTo, refs, nil
}

// loadCatalog compiles the embedded wording of lang; a language we do not
// write in is the caller's error, a broken catalog is ours.
func loadCatalog(lang string) (*wording.Catalog, error) {
	if !locale.Supported(lang) {
		return nil, parley.Errorf(parley.EINVALID, "no e-mail wording for language %q; write en, fi or ru", lang)
	}
	c, err := wording.Load(texts, "text/"+lang+".toml", lang, requiredKeys())
	if err != nil {
		return nil, parley.Errorf(parley.EINTERNAL, "mail wording: %w", err)
	}
	return c, nil
}

// checkPortal accepts only an absolute http(s) link of characters a URL
// may hold as they are: anything else in an href could run script in the
// client's mail reader, point nowhere, or cut the link short in the text
// part, where mail readers find links by their characters.
func checkPortal(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.ContainsAny(s, " \t\r\n\"'<>\\^`{|}") {
		return "", parley.Errorf(parley.EINVALID, "the portal link %q is not a web address; it starts with https://", s)
	}
	return u.String(), nil
}

// paragraphs splits a draft on blank lines; each paragraph keeps its lines.
func paragraphs(s string) [][]string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var out [][]string
	var cur []string
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimRight(line, " \t")
		if strings.TrimSpace(line) == "" {
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// splitClosing takes a closing ("Best regards") and the freelancer's name
// off the end of the draft, where drafts usually end, so that the portal
// link goes before them rather than after. Without one, the catalog's first
// closing is used.
func splitClosing(body [][]string, closings []string, name string) (string, [][]string) {
	last := body[len(body)-1]
	if name != "" && strings.EqualFold(strings.TrimSpace(last[len(last)-1]), name) {
		last = last[:len(last)-1]
	}
	closing := ""
	if len(last) > 0 {
		line := strings.TrimSpace(last[len(last)-1])
		bare := strings.TrimRight(line, ",.! ")
		for _, c := range closings {
			if strings.EqualFold(bare, c) {
				closing, last = line, last[:len(last)-1]
				break
			}
		}
	}
	body = append(body[:len(body)-1:len(body)-1], last)
	if len(last) == 0 {
		body = body[:len(body)-1]
	}
	if closing == "" && len(closings) > 0 {
		closing = closings[0]
	}
	return closing, body
}
