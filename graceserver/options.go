package main

import (
	"errors"
	"flag"
	"fmt"
	"math"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"

	"graceclose/common"
)

const usage = "usage: graceserver [flags]"

// about is what -h says the program does.
const about = `graceserver accepts one client on port 43211 (-addr, -port), prints each message
it reads, waits -delay (the lesson's sleep(5), standing for work), then answers
"Hi, <message>": graceserver.c of lesson 11 of the network programming course,
on how a TCP connection ends. Start it, then graceclient in another terminal, and
see what the client's close or shutdown does to the replies still on their way;
-sigpipe chooses how the server meets the SIGPIPE a reply to a reset connection raises.
`

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
	conn        common.ConnOptions // -keepalive, -user-timeout
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
	var conn common.ConnOptions
	fs := flag.NewFlagSet("graceserver", flag.ContinueOnError)
	fs.StringVar(&addr, "addr", addr, "the `address` to listen on: 0.0.0.0 (INADDR_ANY, as in the lesson), 127.0.0.1, ::1, :: ...")
	fs.Var(&port, "port", "the `port` to listen on")
	fs.Var(&delay, "delay", "how long to wait before each reply (the lesson's sleep(5)); a `duration` such as 5s or 300ms, or seconds")
	fs.Var(&mode, "sigpipe", "what a SIGPIPE does, a `mode`: default (SIG_DFL, the default, as in the course's source: the process is killed), "+
		"ignore (SIG_IGN, as in the lesson's text: the send fails with EPIPE, \"error write\", exit 1), custom (the lesson's handler: print the count, exit 0), "+
		"nosignal (sends that raise no SIGPIPE, with "+common.NoSIGPIPEWay+"; SIGPIPE left at SIG_DFL: the send fails with EPIPE, \"error write\", exit 1)")
	fs.BoolVar(&raw, "raw", false, "print the client's bytes exactly as received, control characters and all, as the C program does (by default they are shown escaped, \\x1b, so a peer cannot drive your terminal)")
	fs.Var(common.TraceFlag("client"), "trace", common.TraceUsage)
	fs.BoolVar(&reuseAddr, "reuseaddr", false, "set SO_REUSEADDR before bind, so a restarted server can listen while its last connection is in TIME_WAIT (on Linux the previous server needs it too); the C program does not")
	fs.Var(&onEOF, "on-eof", "`action` when the client's FIN is read: exit (the lesson: \"client closed\", exit 1), wait (keep the socket: CLOSE_WAIT), close or shutdown (send our FIN, keep running); all but exit run until Ctrl-C")
	fs.IntVar(&backlog, "backlog", backlog, "the listen `backlog` (the lesson's LISTENQ)")
	fs.Var(&acceptAfterD, "accept-after", "wait this `duration` before accepting the client, so connections queue up in the listen backlog")
	conn.Flags(fs)
	args := common.ParseFlags(fs, os.Args[1:], usage, about)
	common.SetRaw(raw)
	if backlog < 0 {
		common.Error(1, fmt.Errorf("invalid -backlog %d: must not be negative", backlog), "graceserver")
	}
	if backlog > math.MaxInt32 {
		// listen(2) takes a C int: a larger value would wrap (4294967296
		// becomes 0).
		common.Error(1, fmt.Errorf("invalid -backlog %d: must be at most %d (listen takes a C int)", backlog, math.MaxInt32), "graceserver")
	}
	if len(args) != 0 {
		noArguments(args) // the address or port as a flag, or the usage line
	}
	if err := conn.Check(); err != nil {
		common.Error(1, err, "graceserver")
	}
	if mode == sigpipeNoSignal && common.NoSIGPIPEWay == "" {
		common.Error(1, errors.New("-sigpipe nosignal is not supported here: this system has neither MSG_NOSIGNAL nor SO_NOSIGPIPE"), "graceserver")
	}
	if host, port, ok := common.SplitAddrPort(addr); ok {
		common.Error(1, fmt.Errorf("-addr %q is an address with a port; the port is a flag: graceserver -addr %s -port %d", addr, host, port), "graceserver")
	}
	addrs, err := common.ResolveHost(addr)
	if err != nil {
		common.Error(1, err, "graceserver")
	}
	return options{addr: addrs[0], port: int(port), delay: delay.Duration(), sigpipe: mode, reuseAddr: reuseAddr,
		onEOF: onEOF, backlog: backlog, acceptAfter: acceptAfterD.Duration(), conn: conn}
}

// noArguments ends the server given arguments, which it takes none of. The
// address to listen on and the port are flags: given as arguments, as a
// person used to other servers types them ("graceserver 127.0.0.1",
// "graceserver 43211", "graceserver [::1]:43211"), the error shows them as
// flags; anything else gets the usage line.
func noArguments(args []string) {
	var flags []string
	for _, arg := range args {
		if port, ok := common.PortNumber(arg); ok {
			flags = append(flags, "-port", strconv.Itoa(port))
		} else if ip, err := netip.ParseAddr(arg); err == nil {
			flags = append(flags, "-addr", ip.String())
		} else if host, port, ok := common.SplitAddrPort(arg); ok {
			flags = append(flags, "-addr", host, "-port", strconv.Itoa(port))
		} else {
			common.Usage(usage)
		}
	}
	common.Error(1, fmt.Errorf("takes no arguments (the address and the port are flags): graceserver %s", strings.Join(flags, " ")), "graceserver")
}
