package negotiate

import "testing"

func newTestAssistant(t testing.TB) *Assistant {
	t.Helper()
	a, err := New()
	if err != nil {
		t.Fatal(err)
	}
	return a
}
