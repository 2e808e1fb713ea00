// Command seed fills a desk database with a workspace of realistic size for
// the load test (scripts/load.sh): clients, leads and deals, screened and
// quoted by the real core. Usage: go run ./scripts/seed -db FILE -clients N -deals N -leads N
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/parley-desk/parley"
	"github.com/parley-desk/parley/negotiate"
	"github.com/parley-desk/parley/pricing"
	"github.com/parley-desk/parley/screen"
	"github.com/parley-desk/parley/store"
)

func main() {
	dbPath := flag.String("db", "", "the database file or postgres:// URL")
	clients := flag.Int("clients", 10000, "clients to make")
	deals := flag.Int("deals", 50000, "deals to make")
	leads := flag.Int("leads", 20000, "leads to make")
	email := flag.String("email", "load@example.fi", "the owner's e-mail address")
	password := flag.String("password", "load test password", "the owner's password")
	flag.Parse()
	if *dbPath == "" {
		log.Fatal("give -db FILE")
	}
	ctx := context.Background()
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	u, err := db.SetUp(ctx, "Load test", *email, "Load", *password)
	if err != nil {
		log.Fatal(err)
	}
	start := time.Now()
	for i := range *clients {
		c := &parley.Client{WorkspaceID: u.WorkspaceID, Name: fmt.Sprintf("Client %d Oy", i), Language: []string{"en", "fi", "ru"}[i%3], Source: "referral"}
		if err := db.CreateClient(ctx, c); err != nil {
			log.Fatal(err)
		}
	}
	scr, err := screen.New(nil)
	if err != nil {
		log.Fatal(err)
	}
	inquiries := []string{
		"Hi, we need a landing page by Friday. We pay after the work is approved.",
		"Tarvitsemme verkkosivun tekstit, budjetti 900 €, ei kiirettä.",
		"Нужен логотип, оплата после сдачи, сроки горят.",
	}
	for i := range *leads {
		text := inquiries[i%len(inquiries)]
		res, err := scr.Screen(text, screen.Options{})
		if err != nil {
			log.Fatal(err)
		}
		b, _ := json.Marshal(res)
		l := &parley.Lead{WorkspaceID: u.WorkspaceID, Inquiry: fmt.Sprintf("%s (#%d)", text, i), Language: res.Language, Verdict: res.Verdict, Score: res.Score, Screening: b}
		if i%4 != 0 {
			l.Status = parley.LeadDeclined
		}
		if err := db.CreateLead(ctx, l); err != nil {
			log.Fatal(err)
		}
	}
	data, _ := pricing.Example(pricing.DefaultExample, "en")
	p, err := pricing.ParsePolicy(data)
	if err != nil {
		log.Fatal(err)
	}
	q, err := pricing.Compute(p, pricing.Request{Today: pricing.Day(time.Now()), Lines: []pricing.LineRequest{{Service: "landing", Quantity: 2000}}})
	if err != nil {
		log.Fatal(err)
	}
	d, _ := negotiate.NewDeal(p, q, negotiate.Client{Name: "Client", Language: "en"}, "", time.Now())
	dealJSON, _ := json.Marshal(d)
	for i := range *deals {
		rec := &parley.DealRecord{WorkspaceID: u.WorkspaceID, Title: fmt.Sprintf("Deal %d", i), Data: dealJSON}
		switch i % 3 { // a third wait on the freelancer, a third on the client
		case 1:
			rec.WhoseMove, rec.WaitingSince = "me", time.Now().Add(-time.Duration(i)*time.Minute)
		case 2:
			rec.WhoseMove, rec.WaitingSince = "client", time.Now().Add(-time.Duration(i)*time.Hour)
		}
		if err := db.CreateDeal(ctx, rec); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Fprintf(os.Stderr, "seeded %d clients, %d leads, %d deals in %s\n", *clients, *leads, *deals, time.Since(start).Round(time.Second))
}
