// Package e2e drives the real parley binary with a real browser (Debian's
// Chromium through chromedp): the desk as a freelancer uses it.
package e2e

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// startDesk builds the binary and runs "parley serve" on a free port with
// a database in the test's folder, and any extra flags; it returns the
// desk's URL.
func startDesk(t *testing.T, flags ...string) string {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "parley")
	build := exec.Command("go", "build", "-o", bin, "../cmd/parley")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	touchSources(t)
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, bin, append([]string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "desk.db")}, flags...)...)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); cmd.Wait() })
	lines := bufio.NewScanner(stdout)
	addr := regexp.MustCompile(`http://127\.0\.0\.1:\d+`)
	found := make(chan string, 1)
	go func() {
		for lines.Scan() {
			if u := addr.FindString(lines.Text()); u != "" {
				found <- u
			}
		}
	}()
	select {
	case u := <-found:
		return u
	case <-time.After(30 * time.Second):
		t.Fatal("the desk did not start within 30 s")
	}
	return ""
}

// touchSources looks at every file the binary is built from, so that
// "go test" reruns these tests when one changes instead of reusing an old
// result: the build runs in another process, whose reads it does not see.
func touchSources(t *testing.T) {
	t.Helper()
	filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if name := d.Name(); path != ".." && (strings.HasPrefix(name, ".") || name == "e2e" || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		os.Stat(path)
		return nil
	})
}

// newBrowser starts headless Chromium with the flags this machine needs.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := "/usr/bin/chromium"
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("PARLEY_CI") != "" {
			t.Fatal("Chromium is not installed: apt-get install -y chromium")
		}
		t.Skip("Chromium is not installed (apt-get install -y chromium); .ci/run installs it")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	return ctx
}

// do runs browser actions in order, failing the test at the first error.
func do(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	for _, a := range actions {
		if _, err := chromedp.Run(ctx, a); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
}

// setUp creates the desk's owner account on a new desk and waits for the
// dashboard.
func setUp(t *testing.T, ctx context.Context, base, name string) {
	t.Helper()
	do(t, ctx, "set up",
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("#workspace")),
		chromedp.SendKeys(chromedp.CSS("#workspace"), name+"'s desk"),
		chromedp.SendKeys(chromedp.CSS("#name"), name),
		chromedp.SendKeys(chromedp.CSS("#email"), "anna@example.fi"),
		chromedp.SendKeys(chromedp.CSS("#password"), "correct horse battery"),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS("#new-leads")),
	)
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func TestDeskInBrowser(t *testing.T) {
	base := startDesk(t)
	ctx := newBrowser(t)

	setUp(t, ctx, base, "Anna")
	if got := text(t, ctx, ".who"); got != "Anna" {
		t.Errorf("signed in as %q", got)
	}

	inquiry := "Hello! We need 20 slides for an investor pitch by tomorrow morning. We only pay after the work is approved, no advance. We have worked with five designers already and all of them were useless."
	do(t, ctx, "paste an inquiry",
		chromedp.Navigate(base+"/leads"),
		chromedp.WaitVisible(chromedp.CSS("#inquiry")),
		chromedp.SendKeys(chromedp.CSS("#inquiry"), inquiry),
		chromedp.SendKeys(chromedp.CSS("#source"), "LinkedIn"),
		chromedp.Submit(chromedp.CSS("#inquiry")),
		chromedp.WaitVisible(chromedp.CSS("#flags-heading")),
	)
	heading := text(t, ctx, "h1")
	if !strings.Contains(heading, "CAUTION") {
		t.Errorf("verdict heading %q, want CAUTION", heading)
	}
	flags := text(t, ctx, "main")
	for _, want := range []string{"serial_complainer", "postpayment", "rush", "Reply draft"} {
		if !strings.Contains(flags, want) {
			t.Errorf("the lead page lacks %q", want)
		}
	}
	marked := text(t, ctx, "blockquote mark")
	if marked == "" {
		t.Error("no evidence is highlighted")
	}

	// Convert it to a deal with a quote from the policy.
	do(t, ctx, "make a quote",
		chromedp.Click(chromedp.CSS("a.button")),
		chromedp.WaitVisible(chromedp.CSS("#service0")),
		chromedp.SetValue(chromedp.CSS("#service0"), "landing"),
		chromedp.SetValue(chromedp.CSS("#quantity0"), "5"),
		chromedp.SendKeys(chromedp.CSS("#client"), "Mikko Virtanen"),
		chromedp.Submit(chromedp.CSS("#client")),
		chromedp.WaitVisible(chromedp.CSS("#price")),
	)
	if price := text(t, ctx, "#price"); price != "4500.00 EUR" {
		t.Errorf("quoted price %q, want 4500.00 EUR", price)
	}
	// The client's counter-offer, and the recommended move accepted.
	do(t, ctx, "record the counter-offer",
		chromedp.SendKeys(chromedp.CSS("#message"), "Thanks! Our finance team pays 50% now and 50% after delivery."),
		chromedp.Submit(chromedp.CSS("#message")),
		chromedp.WaitVisible(chromedp.CSS("#moves-heading")),
	)
	if best := text(t, ctx, ".moves li strong"); best != "staged_prepayment" {
		t.Errorf("best move %q, want staged_prepayment", best)
	}
	reply, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#reply")))
	if err != nil || !strings.Contains(reply, "4 stages") || !strings.Contains(reply, "€1,125.00") {
		t.Errorf("reply draft: %q %v", reply, err)
	}
	do(t, ctx, "accept the recommended move",
		chromedp.Click(chromedp.CSS(".moves li button")),
		chromedp.WaitVisible(chromedp.CSS("#ledger")),
	)
	if ledger := text(t, ctx, "#ledger"); !strings.Contains(ledger, "staged_prepayment") || !strings.Contains(ledger, "4 prepaid stages") {
		t.Errorf("ledger: %q", ledger)
	}
	do(t, ctx, "sign out",
		chromedp.Click(chromedp.CSS(".logout button")),
		chromedp.WaitVisible(chromedp.CSS("#password")),
	)
}
