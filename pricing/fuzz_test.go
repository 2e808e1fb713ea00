package pricing

import (
	"errors"
	"testing"
)

// FuzzParsePolicy: any bytes give a policy or PolicyErrors, never a panic;
// every reported line is inside the file.
func FuzzParsePolicy(f *testing.F) {
	for _, n := range ExampleNames() {
		data, _ := examples.ReadFile("policies/" + n + ".toml")
		f.Add(data)
	}
	f.Add([]byte("currency = \"EUR\"\n[[services]]\nid = \"x\"\nrate = \"1e400\"\n"))
	f.Add([]byte("[calendar]\ntime_off = [{from = 2026-01-01, to = 9999-12-31}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParsePolicy(data)
		if err == nil {
			if p == nil || len(p.Services) == 0 {
				t.Fatal("a valid policy without services")
			}
			return
		}
		var pe PolicyErrors
		if !errors.As(err, &pe) || len(pe) == 0 {
			t.Fatalf("error %v is not PolicyErrors", err)
		}
		lines := 1
		for _, b := range data {
			if b == '\n' {
				lines++
			}
		}
		for _, e := range pe {
			if e.Line < 0 || e.Line > lines || e.Field == "" || e.Message == "" {
				t.Fatalf("bad field error %+v (file has %d lines)", e, lines)
			}
		}
	})
}
