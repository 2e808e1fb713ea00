package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/screen"
)

func runRules(ctx context.Context, env *Env, args []string) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		args = []string{"dump", "-h"}
	}
	if len(args) == 0 || args[0] != "dump" {
		return parley.Errorf(parley.EINVALID, "rules: write \"parley rules dump DIR\" to copy the shipped rules into DIR")
	}
	var force bool
	fs := newFlags(env, "rules", "parley rules dump [--force] DIR", `
Write the shipped screening data files (the taxonomy, the lexicon of each
language and the reply templates) into DIR, to edit them and use them with
"parley screen --rules DIR". The syntax is in DIR/README.md. Existing files
are not overwritten unless --force is given.`, `
  parley rules dump my-rules
  parley screen --rules my-rules inquiry.txt`)
	fs.BoolVar(&force, "force", false, "overwrite files that already exist in DIR")
	pos, err := parseFlags(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return parley.Errorf(parley.EINVALID, "rules dump takes one folder")
	}
	dir := pos[0]
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return parley.Errorf(parley.EINVALID, "cannot create %s: %v", dir, err)
	}
	names := append(screen.DataFiles(), "README.md")
	for _, name := range names {
		b, err := screen.DefaultFile(name)
		if err != nil {
			return err
		}
		path := filepath.Join(dir, name)
		if _, err := os.Stat(path); err == nil && !force {
			return parley.Errorf(parley.ECONFLICT, "%s exists; use --force to overwrite it", path)
		} else if err != nil && !errors.Is(err, os.ErrNotExist) {
			return parley.Errorf(parley.EINVALID, "%s: %v", path, err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return parley.Errorf(parley.EINVALID, "cannot write %s: %v", path, err)
		}
	}
	fmt.Fprintf(env.Stdout, "wrote %d files to %s\n", len(names), dir)
	return nil
}
