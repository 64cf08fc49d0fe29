package main

import (
	"flag"
	"fmt"
	"net/netip"
	"os"
	"time"

	"graceclose/common"
)

const usage = "usage: graceclient [flags] <address>"

// about is what -h says the program does, and what to type.
const about = `graceclient connects to graceserver at <address> (port 43211 unless -port),
sends it each line you type and prints its replies: graceclient.c of lesson 11
of the network programming course, on how a TCP connection ends.

Type, a line at a time:
  data1, data2, ...  sent to the server ("now sending", then "send bytes")
  close              close(2) the socket, sleep -sleep, exit: replies still on
                     their way are answered with a RST
  shutdown           shutdown(2) its write half (SHUT_WR): the server reads EOF,
                     its replies are still read and printed
  /help              the other ways to end a connection (/abort, /linger N, ...)
`

// options are the command line: the lesson's one argument, the server's
// address, plus flags for what the C program fixes in its source.
type options struct {
	addrs []netip.Addr
	port  int
	sleep time.Duration
	retry time.Duration
	conn  common.ConnOptions // -keepalive, -user-timeout
}

func parseOptions() options {
	port := common.Port(common.ServPort)
	sleep := common.Seconds(6 * time.Second)
	var retry common.Seconds
	var raw bool
	var conn common.ConnOptions
	fs := flag.NewFlagSet("graceclient", flag.ContinueOnError)
	fs.Var(&port, "port", "the server's `port`")
	fs.Var(&sleep, "sleep", "how long to wait after close before exiting (the lesson's sleep(6)); a `duration` such as 6s or 300ms, or seconds")
	fs.BoolVar(&raw, "raw", false, "print the server's bytes exactly as received, control characters and all, as the C program does (by default they are shown escaped, \\x1b, so a peer cannot drive your terminal)")
	fs.Var(common.TraceFlag("server"), "trace", common.TraceUsage)
	fs.Var(&retry, "retry", "keep trying a refused connection for up to this `duration` (0: fail at once, as the C program does)")
	conn.Flags(fs)
	args := common.ParseFlags(fs, os.Args[1:], usage, about)
	common.SetRaw(raw)
	if len(args) != 1 {
		common.Usage(usage)
	}
	if err := conn.Check(); err != nil {
		common.Error(1, err, "graceclient")
	}
	if host, port, ok := common.SplitAddrPort(args[0]); ok {
		common.Error(1, fmt.Errorf("%q is an address with a port; the port is a flag: graceclient -port %d %s", args[0], port, host), "graceclient")
	}
	addrs, err := common.ResolveHost(args[0])
	if err != nil {
		common.Error(1, err, "graceclient")
	}
	return options{addrs: addrs, port: int(port), sleep: sleep.Duration(), retry: retry.Duration(), conn: conn}
}
