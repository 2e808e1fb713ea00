package cli

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"

	"github.com/parley-desk/parley"
)

// configDir is the user's config folder, as os.UserConfigDir finds it, but
// read through env so that tests control it.
func configDir(env *Env) (string, error) {
	switch runtime.GOOS {
	case "windows":
		if d := env.Getenv("AppData"); d != "" {
			return d, nil
		}
	case "darwin":
		if h := env.Getenv("HOME"); h != "" {
			return filepath.Join(h, "Library", "Application Support"), nil
		}
	default:
		if d := env.Getenv("XDG_CONFIG_HOME"); filepath.IsAbs(d) {
			return d, nil
		}
		if h := env.Getenv("HOME"); h != "" {
			return filepath.Join(h, ".config"), nil
		}
	}
	return "", parley.Errorf(parley.EINVALID, "cannot find your config folder (HOME is not set); give the file with --policy FILE")
}

// policyPath is --policy, else $PARLEY_POLICY, else CONFIG/parley/policy.toml.
func policyPath(env *Env, flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if p := env.Getenv("PARLEY_POLICY"); p != "" {
		return p, nil
	}
	dir, err := configDir(env)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "parley", "policy.toml"), nil
}

// writeFileAtomic writes data to path through a temporary file in the same
// folder and a rename: a reader sees the old file or the new one, never
// half of one, and a failure leaves the old file as it was.
func writeFileAtomic(path string, data []byte, perm os.FileMode) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	name := tmp.Name()
	_, werr := tmp.Write(data)
	if werr == nil {
		werr = tmp.Sync()
	}
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(name)
		return err
	}
	if err := os.Chmod(name, perm); err != nil {
		os.Remove(name)
		return err
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return err
	}
	return nil
}
