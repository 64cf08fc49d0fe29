// Command graceserver is graceserver.c from lesson 11 of the network
// programming course ("closing gracefully or brutally") in Go, on raw
// sockets: it accepts one client, prints each message it reads, waits (the
// lesson's sleep(5), standing for work), and answers "Hi, <message>". How it
// meets SIGPIPE, when it answers a client that is gone, is chosen with
// -sigpipe: killed by it (default), ignore it, or the lesson's handler.
//
// The blocks below follow graceserver.c in order: the signal handler, then
// socket, bind, listen, accept, and the read-print-sleep-send loop.
//
// Usage:
//
//	graceserver [flags]
package main

import (
	"graceclose/common"
)

// count is the number of messages read, as the lesson's static int count. It
// is counted with the line that prints each message (common.Counter), so
// that the count sig_int prints is the number of those lines before it.
var count common.Counter

// sigInt is the lesson's sig_int (and its sig_pipe, the same body): print how
// many messages arrived, and exit 0. Printing and exiting happen under one
// lock, so the main loop can print nothing after it.
func sigInt() {
	common.Exitf(0, "\nreceived %d datagrams\n", &count)
}

func main() {
	opts := parseOptions()

	// signal(SIGINT, sig_int) and the SIGPIPE disposition (signals.go).
	// The C program sets them after listen(); here they come first, so
	// that once the port takes connections, Ctrl-C always means sig_int.
	handleSignals(opts.sigpipe)

	listenFD, err := common.Socket(common.Family(opts.addr))
	if err != nil {
		common.Error(1, err, "socket failed ")
	}

	serverAddr, err := common.Sockaddr(opts.addr, opts.port)
	if err != nil {
		common.Error(1, err, "graceserver")
	}
	if opts.reuseAddr {
		if err := common.SetReuseAddr(listenFD); err != nil {
			common.Error(1, err, "setsockopt failed ")
		}
	}

	if err := common.Bind(listenFD, serverAddr); err != nil {
		bindFailed(err, opts) // "bind failed : ...", and on a terminal what holds the port (bindhint.go)
	}

	if err := common.Listen(listenFD, opts.backlog); err != nil { // LISTENQ unless -backlog
		common.Error(1, err, "listen failed ")
	}
	common.Trace.Listening(listenFD) // -trace (common/trace.go)

	acceptAfter(opts.acceptAfter) // -accept-after (beyond.go)
	connFD, _, err := common.Accept(listenFD)
	if err != nil {
		common.Error(1, err, "accept failed ")
	}
	common.Trace.Accepted(connFD)
	connOptions(connFD, opts) // -keepalive, -user-timeout, -sigpipe nosignal (beyond.go)

	var message [common.MaxLine]byte
	var reply [len("Hi, ") + common.MaxLine]byte
	for {
		// read(2), standard output written out first if it has to wait.
		n, err := common.ReadWaiting(connFD, message[:])
		common.Trace.Read(connFD, n, err)
		if err != nil {
			common.Error(1, err, "error read")
		} else if n == 0 {
			if opts.onEOF != eofExit {
				afterEOF(connFD, opts.onEOF) // -on-eof (beyond.go): does not return
			}
			common.Error(1, nil, "client closed \n")
		}
		common.Stdout.PrintfCounted(&count, "received %d bytes: %s\n", n, common.Shown(message[:n])) // and count++

		sendLine := append(append(reply[:0], "Hi, "...), message[:n]...)

		common.Sleep(opts.delay) // standard output written out first

		common.Trace.Sending("send", connFD, len(sendLine))
		writeNC, err := common.Send(connFD, sendLine)
		common.Trace.Sent("send", connFD, writeNC, err)
		if err != nil {
			sendFailed(err, opts.sigpipe) // SIGPIPE, as -sigpipe says (signals.go)
			writeNC = -1
		}
		common.Stdout.Printf("send bytes: %d \n", writeNC)
		if err != nil {
			common.Error(1, err, "error write")
		}
	}
}
