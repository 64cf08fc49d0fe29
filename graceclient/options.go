package main

import (
	"flag"
	"net/netip"
	"os"
	"time"

	"graceclose/common"
)

const usage = "usage: graceclient [flags] <address>"

// options are the command line: the lesson's one argument, the server's
// address, plus flags for what the C program fixes in its source.
type options struct {
	addrs []netip.Addr
	port  int
	sleep time.Duration
	retry time.Duration
}

func parseOptions() options {
	port := common.Port(common.ServPort)
	sleep := common.Seconds(6 * time.Second)
	var retry common.Seconds
	var raw bool
	fs := flag.NewFlagSet("graceclient", flag.ContinueOnError)
	fs.Var(&port, "port", "the server's `port`")
	fs.Var(&sleep, "sleep", "how long to wait after close before exiting (the lesson's sleep(6)); a `duration` such as 6s or 300ms, or seconds")
	fs.BoolVar(&raw, "raw", false, "print the server's bytes exactly as received, control characters and all, as the C program does (by default they are shown escaped, \\x1b, so a peer cannot drive your terminal)")
	fs.Var(common.TraceFlag("server"), "trace", common.TraceUsage)
	fs.Var(&retry, "retry", "keep trying a refused connection for up to this `duration` (0: fail at once, as the C program does)")
	common.ParseFlags(fs, os.Args[1:], usage)
	common.SetRaw(raw)
	if fs.NArg() != 1 {
		common.Usage(usage)
	}
	addrs, err := common.ResolveHost(fs.Arg(0))
	if err != nil {
		common.Error(1, err, "graceclient")
	}
	return options{addrs: addrs, port: int(port), sleep: sleep.Duration(), retry: retry.Duration()}
}
