package e2e

import (
	"os"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestShots is not a check: with PARLEY_SHOTS=DIR it saves phone-width
// screenshots of the client's page and the deal page for a person to look at.
func TestShots(t *testing.T) {
	dir := os.Getenv("PARLEY_SHOTS")
	if dir == "" {
		t.Skip("PARLEY_SHOTS not set")
	}
	mailbox := startInbox(t)
	base := startDesk(t, "--smtp", mailbox.addr, "--smtp-tls", "none")
	ctx := newBrowser(t)
	do(t, ctx, "phone width", chromedp.EmulateViewport(390, 844))
	setUp(t, ctx, base, "Anna Lind")
	do(t, ctx, "a deal and a link",
		chromedp.Navigate(base+"/deals/new"),
		chromedp.WaitVisible(chromedp.CSS("#service0")),
		chromedp.SetValue(chromedp.CSS("#service0"), "landing"),
		chromedp.SetValue(chromedp.CSS("#quantity0"), "5"),
		chromedp.SendKeys(chromedp.CSS("#client"), "Mikko Keränen"),
		chromedp.SendKeys(chromedp.CSS("#email"), "mikko@example.fi"),
		chromedp.SetValue(chromedp.CSS("#language"), "fi"),
		chromedp.Submit(chromedp.CSS("#client")),
		chromedp.WaitVisible(chromedp.CSS("#price")),
		chromedp.Click(chromedp.CSS(`form[action$="/links"] button`)),
		chromedp.WaitVisible(chromedp.CSS("#portal-link")),
	)
	link := text(t, ctx, "#portal-link")
	deal, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "portal", chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS("#options")))
	portal, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(dir+"/deal.png", deal, 0o644)
	os.WriteFile(dir+"/portal.png", portal, 0o644)
}
