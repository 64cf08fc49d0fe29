package main

import (
	"flag"
	"fmt"
	"math"
	"net/netip"
	"os"
	"time"

	"graceclose/common"
)

const usage = "usage: graceserver [flags]"

// options are the command line: what the C program fixes in its source.
type options struct {
	addr        netip.Addr
	port        int
	delay       time.Duration
	sigpipe     sigpipeMode
	reuseAddr   bool
	onEOF       eofAction
	backlog     int
	acceptAfter time.Duration
}

func parseOptions() options {
	addr := "0.0.0.0"
	port := common.Port(common.ServPort)
	delay := common.Seconds(5 * time.Second)
	mode := sigpipeDefault
	var reuseAddr, raw bool
	onEOF := eofExit
	backlog := common.ListenQ
	var acceptAfterD common.Seconds
	fs := flag.NewFlagSet("graceserver", flag.ContinueOnError)
	fs.StringVar(&addr, "addr", addr, "the `address` to listen on: 0.0.0.0 (INADDR_ANY, as in the lesson), 127.0.0.1, ::1, :: ...")
	fs.Var(&port, "port", "the `port` to listen on")
	fs.Var(&delay, "delay", "how long to wait before each reply (the lesson's sleep(5)); a `duration` such as 5s or 300ms, or seconds")
	fs.Var(&mode, "sigpipe", "what SIGPIPE does, a `mode`: default (the process is killed, as in the course's source), ignore (SIG_IGN, as in the lesson's text: send fails with EPIPE), custom (the lesson's handler: print the count, exit 0)")
	fs.BoolVar(&raw, "raw", false, "print the client's bytes exactly as received, control characters and all, as the C program does (by default they are shown escaped, \\x1b, so a peer cannot drive your terminal)")
	fs.Var(common.TraceFlag("client"), "trace", common.TraceUsage)
	fs.BoolVar(&reuseAddr, "reuseaddr", false, "set SO_REUSEADDR before bind, so a restarted server can listen while its last connection is in TIME_WAIT (on Linux the previous server needs it too); the C program does not")
	fs.Var(&onEOF, "on-eof", "`action` when the client's FIN is read: exit (the lesson: \"client closed\", exit 1), wait (keep the socket: CLOSE_WAIT), close or shutdown (send our FIN, keep running); all but exit run until Ctrl-C")
	fs.IntVar(&backlog, "backlog", backlog, "the listen `backlog` (the lesson's LISTENQ)")
	fs.Var(&acceptAfterD, "accept-after", "wait this `duration` before accepting the client, so connections queue up in the listen backlog")
	common.ParseFlags(fs, os.Args[1:], usage)
	common.SetRaw(raw)
	if backlog < 0 {
		common.Error(1, fmt.Errorf("invalid -backlog %d: must not be negative", backlog), "graceserver")
	}
	if backlog > math.MaxInt32 {
		// listen(2) takes a C int: a larger value would wrap (4294967296
		// becomes 0).
		common.Error(1, fmt.Errorf("invalid -backlog %d: must be at most %d (listen takes a C int)", backlog, math.MaxInt32), "graceserver")
	}
	if fs.NArg() != 0 {
		common.Usage(usage)
	}
	addrs, err := common.ResolveHost(addr)
	if err != nil {
		common.Error(1, err, "graceserver")
	}
	return options{addr: addrs[0], port: int(port), delay: delay.Duration(), sigpipe: mode, reuseAddr: reuseAddr,
		onEOF: onEOF, backlog: backlog, acceptAfter: acceptAfterD.Duration()}
}
