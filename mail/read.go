package mail

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/parley-desk/parley"
)

// Limits of what Read accepts. A mailbox larger than MaxFileBytes is
// refused whole; a message larger than MaxMessageBytes is refused alone.
const (
	MaxFileBytes    = 50 << 20
	MaxMessageBytes = 10 << 20
)

// Bounds on one mailbox beyond its size: a file of millions of tiny
// "messages" is no mailbox, and a hundred errors say enough.
const (
	maxMessages = 20000
	maxErrors   = 100
)

// Incoming is a message read from a file, with its headers decoded and its
// text in UTF-8. Message IDs are without angle brackets.
type Incoming struct {
	From       Address
	To         []Address
	Subject    string
	Date       time.Time // zero when the message has no readable date
	MessageID  string
	InReplyTo  string
	References []string
	Text       string // the body as readable text, lines ending in \n
}

// Read reads the messages of one file: an mbox mailbox (its first line
// begins with "From ") or a single RFC 5322 message. name says in errors
// which file it was. A message that cannot be read gives an error naming
// it ("inbox.mbox: message 3: no From address") and the rest are still
// read.
func Read(name string, r io.Reader) ([]Incoming, []error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, []error{parley.Errorf(parley.EINVALID, "%s cannot be read (%w); try the upload again", name, err)}
	}
	if len(data) > MaxFileBytes {
		return nil, []error{parley.Errorf(parley.EINVALID, "%s is larger than %d MB; split the mailbox into smaller files", name, MaxFileBytes>>20)}
	}
	// A byte order mark or blank lines before the headers come from editors
	// and some exports; they are not part of the message.
	data = bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), "\r\n")
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, []error{parley.Errorf(parley.EINVALID, "%s is empty; choose an .eml or .mbox file", name)}
	}
	if !isMbox(data) {
		if what := notMail(data); what != "" {
			return nil, []error{parley.Errorf(parley.EINVALID, "%s is %s, not an e-mail; save the message as .eml or the mailbox as .mbox and import that", name, what)}
		}
		in, err := readMessage(data)
		if err != nil {
			return nil, []error{parley.Errorf(parley.EINVALID, "%s: %w", name, err)}
		}
		return []Incoming{in}, nil
	}
	return readMbox(name, data)
}

// readMbox reads the messages of a mailbox, each on its own.
func readMbox(name string, data []byte) ([]Incoming, []error) {
	msgs, more := splitMbox(data, maxMessages)
	var out []Incoming
	var errs []error
	failed := 0
	for i, raw := range msgs {
		in, err := readMessage(raw)
		if err == nil {
			out = append(out, in)
			continue
		}
		if failed++; failed <= maxErrors {
			errs = append(errs, parley.Errorf(parley.EINVALID, "%s: message %d: %w", name, i+1, err))
		}
	}
	if failed > maxErrors {
		errs = append(errs, parley.Errorf(parley.EINVALID, "%s: %d more messages could not be read; is it an mbox mailbox?", name, failed-maxErrors))
	}
	if more > 0 {
		errs = append(errs, parley.Errorf(parley.EINVALID, "%s: only the first %d messages were read; split the mailbox to import the other %d", name, maxMessages, more))
	}
	return out, errs
}

// ReadPath reads a file, or every .eml, .mbox and .mbx file directly in a
// folder (sorted by name). Errors name the file and the message.
func ReadPath(ctx context.Context, path string) ([]Incoming, []error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, []error{parley.Errorf(parley.EINVALID, "%s cannot be opened (%w); check the path", path, err)}
	}
	if !st.IsDir() {
		return readFile(path)
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, []error{parley.Errorf(parley.EINVALID, "the folder %s cannot be read (%w); check its permissions", path, err)}
	}
	var out []Incoming
	var errs []error
	found := false
	for _, e := range entries {
		switch strings.ToLower(filepath.Ext(e.Name())) {
		case ".eml", ".mbox", ".mbx":
		default:
			continue
		}
		if e.IsDir() {
			continue
		}
		if err := ctx.Err(); err != nil {
			return out, append(errs, err)
		}
		found = true
		in, fe := readFile(filepath.Join(path, e.Name()))
		out, errs = append(out, in...), append(errs, fe...)
	}
	if !found {
		errs = append(errs, parley.Errorf(parley.EINVALID, "the folder %s holds no .eml, .mbox or .mbx files; export the messages from your mail client first", path))
	}
	return out, errs
}

// readFile reads one file, refusing a too large one before reading it.
func readFile(path string) ([]Incoming, []error) {
	name := filepath.Base(path)
	f, err := os.Open(path)
	if err != nil {
		return nil, []error{parley.Errorf(parley.EINVALID, "%s cannot be opened (%w); check the path and its permissions", name, err)}
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > MaxFileBytes {
		return nil, []error{parley.Errorf(parley.EINVALID, "%s is larger than %d MB; split the mailbox into smaller files", name, MaxFileBytes>>20)}
	}
	return Read(name, f)
}

// isMbox reports whether data starts with an mbox separator line.
func isMbox(data []byte) bool {
	return bytes.HasPrefix(data, []byte("From "))
}

// notMail names the kind of a file that is surely not a message, from its
// first bytes; "" means it may be one.
func notMail(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF")):
		return "a PDF document"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return "a zip archive (or an Office document)"
	case bytes.HasPrefix(data, []byte("\x1f\x8b")):
		return "a gzip archive"
	case bytes.HasPrefix(data, []byte("\x89PNG")), bytes.HasPrefix(data, []byte("\xff\xd8\xff")), bytes.HasPrefix(data, []byte("GIF8")):
		return "an image"
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0")):
		return "an Outlook or Office file (.msg, .doc)"
	}
	// A message starts with a header field: a name of printable characters
	// other than the colon, then a colon.
	line, _, _ := bytes.Cut(data, []byte("\n"))
	name, _, ok := bytes.Cut(line, []byte(":"))
	if !ok || len(name) == 0 {
		return "a file without mail headers"
	}
	for _, c := range name {
		if c <= ' ' || c > '~' {
			return "a file without mail headers"
		}
	}
	return ""
}
