package mail

import "bytes"

// splitMbox cuts an mbox mailbox into its first limit messages and counts
// the ones after them (more). A message starts after a "From " line that
// begins the file or follows a blank line; the blank line before it
// belongs to the separator. Lines escaped as ">From " (or ">>From " in
// mboxrd) lose one ">".
func splitMbox(data []byte, limit int) (msgs [][]byte, more int) {
	var cur []byte
	started, prevBlank := false, true
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line = data[:i+1]
		}
		data = data[len(line):]
		if prevBlank && bytes.HasPrefix(line, []byte("From ")) {
			if started {
				msgs = append(msgs, dropSeparator(cur))
			}
			cur, started, prevBlank = nil, true, false
			if len(msgs) == limit {
				more++ // counted, not kept
				started = false
			}
			continue
		}
		if len(msgs) == limit {
			prevBlank = len(bytes.TrimRight(line, "\r\n")) == 0
			continue
		}
		if isEscapedFrom(line) {
			line = line[1:]
		}
		cur = append(cur, line...)
		prevBlank = len(bytes.TrimRight(line, "\r\n")) == 0
	}
	if started {
		msgs = append(msgs, dropSeparator(cur))
	}
	return msgs, more
}

// isEscapedFrom reports whether line is one or more ">" then "From ".
func isEscapedFrom(line []byte) bool {
	rest := bytes.TrimLeft(line, ">")
	return len(rest) < len(line) && bytes.HasPrefix(rest, []byte("From "))
}

// dropSeparator removes the one blank line that mbox puts before the next
// "From " line.
func dropSeparator(msg []byte) []byte {
	switch {
	case bytes.HasSuffix(msg, []byte("\r\n\r\n")):
		return msg[:len(msg)-2]
	case bytes.HasSuffix(msg, []byte("\n\n")):
		return msg[:len(msg)-1]
	}
	return msg
}
