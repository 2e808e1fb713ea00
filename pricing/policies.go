package pricing

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// examples are the shipped policies: a copywriter, a designer and a
// developer, each in English, Finnish and Russian.
//
//go:embed policies/*.toml
var examples embed.FS

// DefaultExample is the policy "parley policy init" writes when not told
// otherwise: the article's author was a copywriter.
const DefaultExample = "copywriter"

// Example returns the shipped policy file for a profession and language.
func Example(profession, lang string) ([]byte, error) {
	data, err := examples.ReadFile("policies/" + profession + "-" + lang + ".toml")
	if err != nil {
		return nil, fmt.Errorf("no example policy for %q in %q; there are: %s", profession, lang, strings.Join(ExampleNames(), ", "))
	}
	return data, nil
}

// ExampleNames lists the shipped policies as PROFESSION-LANG.
func ExampleNames() []string {
	entries, _ := fs.ReadDir(examples, "policies")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".toml"))
	}
	sort.Strings(names)
	return names
}
