package mail

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/parley-desk/parley"
)

// Outbox keeps each message as an .eml file in Dir, for the freelancer to
// send from any mail client when no SMTP server is set.
type Outbox struct {
	Dir string
}

// Send writes m to the outbox; see Save.
func (o Outbox) Send(ctx context.Context, m *Message) error {
	_, err := o.Save(ctx, m)
	return err
}

// Save writes m to the outbox and returns the file's path. The file
// appears whole or not at all (written aside, then renamed), readable only
// by its owner, since letters carry prices and private links.
func (o Outbox) Save(ctx context.Context, m *Message) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if strings.TrimSpace(o.Dir) == "" {
		return "", parley.Errorf(parley.EINVALID, "no outbox folder is set; give a folder for the .eml files")
	}
	raw, err := Bytes(m)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return "", parley.Errorf(parley.EINVALID, "the outbox folder %s cannot be created (%w); choose a folder you can write to", o.Dir, err)
	}
	path := filepath.Join(o.Dir, fileName(m))
	if err := writeFile(path, raw); err != nil {
		return "", parley.Errorf(parley.EINVALID, "the letter cannot be saved in the outbox %s (%w); check the folder's permissions and free space", o.Dir, err)
	}
	return path, nil
}

// fileName sorts by date and says which letter it is: 20260507T101500Z-ID.eml.
func fileName(m *Message) string {
	id := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '-', r == '_':
			return r
		}
		return '_'
	}, m.MessageID)
	if len(id) > 100 {
		id = id[:100]
	}
	return m.Date.UTC().Format("20060102T150405Z") + "-" + id + ".eml"
}

// writeFile writes data to path through a temporary file in the same
// folder, so a crash never leaves half a letter under the final name.
func writeFile(path string, data []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), ".outbox-*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = f.Chmod(0o600); err != nil {
		return err
	}
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("closing %s: %w", f.Name(), err)
	}
	return os.Rename(f.Name(), path)
}
