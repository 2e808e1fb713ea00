package cli

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/screen"
)

// openInput opens FILE, or stdin for "" and "-". name is what messages call it.
func openInput(env *Env, path string) (r io.Reader, name string, closeFn func(), err error) {
	if path == "" || path == "-" {
		return env.Stdin, "stdin", func() {}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, path, nil, parley.Errorf(parley.EINVALID, "%s: no such file; check the path", path)
		}
		return nil, path, nil, parley.Errorf(parley.EINVALID, "%s: cannot open it: %v", path, err)
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, path, nil, parley.Errorf(parley.EINVALID, "%s is a folder; give a file with one inquiry, or - for stdin", path)
	}
	return f, path, func() { f.Close() }, nil
}

// readMessage reads one message (an inquiry, a client's message, call
// notes) from FILE, or stdin for "" and "-", with readInquiry's checks.
func readMessage(env *Env, path string) (string, error) {
	r, name, closeFn, err := openInput(env, path)
	if err != nil {
		return "", err
	}
	defer closeFn()
	return readInquiry(r, name)
}

// readInquiry reads one whole inquiry, refusing more than the screening
// limit without reading the rest into memory.
func readInquiry(r io.Reader, name string) (string, error) {
	b, err := io.ReadAll(io.LimitReader(r, screen.MaxInquiryBytes+1))
	if err != nil {
		return "", parley.Errorf(parley.EINVALID, "%s: cannot read it: %v", name, err)
	}
	if len(b) > screen.MaxInquiryBytes {
		return "", parley.Errorf(parley.EINVALID, "%s: over the %d KB limit for one inquiry; screen the client's message itself, not a whole thread or file", name, screen.MaxInquiryBytes>>10)
	}
	if err := screen.CheckText(string(b)); err != nil {
		return "", parley.Errorf(parley.EINVALID, "%s: %w", name, err)
	}
	return string(b), nil
}

// lineReader yields lines of at most max bytes; a longer line is skipped
// (drained without being held in memory) and reported as too long.
type lineReader struct {
	r   *bufio.Reader
	max int
	n   int // number of the line last returned
}

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 64<<10), max: max}
}

// next returns the next line without its line ending, reusing buf.
// tooLong is set when the line exceeded max; io.EOF ends the input.
func (l *lineReader) next(buf []byte) (line []byte, tooLong bool, err error) {
	buf = buf[:0]
	read := false
	for {
		chunk, err := l.r.ReadSlice('\n')
		read = read || len(chunk) > 0
		if !tooLong {
			if len(buf)+len(chunk) > l.max+2 { // +2: the line ending
				tooLong, buf = true, buf[:0]
			} else {
				buf = append(buf, chunk...)
			}
		}
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF && !read:
			return nil, false, io.EOF
		case err != nil && err != io.EOF:
			return nil, false, err
		}
		l.n++
		buf = bytes.TrimSuffix(buf, []byte("\n"))
		buf = bytes.TrimSuffix(buf, []byte("\r"))
		return buf, tooLong, nil
	}
}

// readRulesDir reads the data files of --rules DIR: any of the shipped
// file names found there.
func readRulesDir(dir string) (map[string][]byte, error) {
	if dir == "" {
		return nil, nil
	}
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return nil, parley.Errorf(parley.EINVALID, "--rules %s: not a folder; give the folder that holds your rules files (see \"parley rules dump\")", dir)
	}
	files := map[string][]byte{}
	for _, name := range screen.DataFiles() {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, parley.Errorf(parley.EINVALID, "--rules: cannot read %s: %v", filepath.Join(dir, name), err)
		}
		files[name] = b
	}
	if len(files) == 0 {
		return nil, parley.Errorf(parley.EINVALID, "--rules %s: holds none of the rules files (%v); run \"parley rules dump %s\" to start from the shipped ones", dir, screen.DataFiles(), dir)
	}
	return files, nil
}

func newScreener(rulesDir string) (*screen.Screener, error) {
	files, err := readRulesDir(rulesDir)
	if err != nil {
		return nil, err
	}
	s, err := screen.New(files)
	if err != nil {
		if rulesDir != "" {
			return nil, parley.Errorf(parley.EINVALID, "--rules %s: %w", rulesDir, err)
		}
		return nil, fmt.Errorf("the shipped rules do not compile: %w", err)
	}
	return s, nil
}
