package main

import (
	"fmt"
	"time"

	"golang.org/x/sys/unix"

	"graceclose/common"
)

// What the server does beyond the lesson, each asked for with a flag.

// eofAction is -on-eof: what the server does when its read meets the
// client's FIN. The lesson exits, and exit(2) closes the socket (the
// lesson's first question: that exit is what sends the server's FIN).
type eofAction string

const (
	eofExit     eofAction = "exit"     // the lesson: "client closed ", exit 1
	eofWait     eofAction = "wait"     // keep the socket: CLOSE_WAIT here, FIN_WAIT2 at the client
	eofClose    eofAction = "close"    // close(fd): our FIN; keep running
	eofShutdown eofAction = "shutdown" // shutdown(fd, SHUT_WR): our FIN; keep the socket
)

// String returns the action's name.
func (a *eofAction) String() string { return string(*a) }

// Set parses an action name.
func (a *eofAction) Set(text string) error {
	switch action := eofAction(text); action {
	case eofExit, eofWait, eofClose, eofShutdown:
		*a = action
		return nil
	}
	return fmt.Errorf("want exit, wait, close or shutdown")
}

// afterEOF is -on-eof wait, close or shutdown: say "client closed " as the
// lesson does, then, instead of exiting, do what was asked and keep running
// until Ctrl-C, so the connection's state can be watched (ss -tan).
func afterEOF(connFD int, action eofAction) {
	common.Stdout.Flush()
	common.Stderr("client closed \n")
	switch action {
	case eofWait:
		common.Stdout.Printf("-on-eof wait: the socket stays open and unclosed: CLOSE_WAIT here, FIN_WAIT2 at the client (Ctrl-C ends)\n")
	case eofClose:
		if err := common.Close(connFD); err != nil {
			common.Error(1, err, "close failed")
		}
		common.Trace.Closed(connFD)
		common.Stdout.Printf("-on-eof close: close(%d) sent our FIN; the process keeps running (Ctrl-C ends)\n", connFD)
	case eofShutdown:
		if err := common.Shutdown(connFD, unix.SHUT_WR); err != nil {
			common.Error(1, err, "shutdown failed")
		}
		common.Trace.Shutdown(connFD, unix.SHUT_WR)
		common.Stdout.Printf("-on-eof shutdown: shutdown(%d, SHUT_WR) sent our FIN; the socket stays open (Ctrl-C ends)\n", connFD)
	}
	for {
		common.Sleep(time.Hour) // until SIGINT's handler ends the process
	}
}

// connOptions sets on the accepted connection connFD what the flags ask
// of it: -keepalive and -user-timeout (common/sockopts.go), and for
// -sigpipe nosignal sends that raise no SIGPIPE (signals.go).
func connOptions(connFD int, opts options) {
	opts.conn.Apply(connFD)
	if opts.sigpipe == sigpipeNoSignal {
		sendWithoutSignal(connFD)
	}
}

// acceptAfter is -accept-after: the server waits before its one accept(2),
// so connections pile up in the listen queue (the backlog experiment of a
// blog post comparing close and shutdown: how many fit, and what happens to
// the next one).
func acceptAfter(d time.Duration) {
	if d <= 0 {
		return
	}
	common.Trace.Note("waiting %v before accept(): connections queue up to the backlog", d)
	common.Sleep(d)
}
