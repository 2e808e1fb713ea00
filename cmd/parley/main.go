// Command parley is the negotiation desk for remote freelancers. All of its
// work happens in package cli and the packages it wires together.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/parley-desk/parley/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], &cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Now: time.Now})
	stop()
	os.Exit(code)
}
