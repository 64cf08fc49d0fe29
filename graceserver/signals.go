package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"

	"golang.org/x/sys/unix"

	"graceclose/common"
)

// sigpipeMode is what the server does with SIGPIPE, the signal the kernel
// raises when it sends on a connection the client has reset.
type sigpipeMode string

const (
	// sigpipeDefault is SIG_DFL, as in the course's published source: the
	// process is killed by the signal.
	sigpipeDefault sigpipeMode = "default"
	// sigpipeIgnore is SIG_IGN, as the lesson's text shows: send returns
	// -1 with EPIPE and the program reports "error write".
	sigpipeIgnore sigpipeMode = "ignore"
	// sigpipeCustom is the lesson's handler: print the count, exit 0.
	sigpipeCustom sigpipeMode = "custom"
	// sigpipeNoSignal is how modern code avoids the signal: each send
	// with MSG_NOSIGNAL (macOS: SO_NOSIGPIPE on the socket), SIGPIPE left
	// at SIG_DFL. The send fails with EPIPE, no signal is raised, and the
	// program reports "error write" as with SIG_IGN.
	sigpipeNoSignal sigpipeMode = "nosignal"
)

// String returns the mode's name. The zero value, which flag's -h compares
// the default with, is named "default" too: -h then says nothing of a
// default (the usage text does), rather than "(default default)".
func (m *sigpipeMode) String() string {
	if *m == "" {
		return string(sigpipeDefault)
	}
	return string(*m)
}

// Set parses a mode name.
func (m *sigpipeMode) Set(text string) error {
	switch mode := sigpipeMode(text); mode {
	case sigpipeDefault, sigpipeIgnore, sigpipeCustom, sigpipeNoSignal:
		*m = mode
		return nil
	}
	return fmt.Errorf("want default, ignore, custom or nosignal")
}

// handleSignals installs the lesson's handlers: sig_int for SIGINT, and for
// SIGPIPE what mode says. The signals the C program leaves at SIG_DFL (Ctrl-\,
// kill, a closed terminal) kill it as they kill the C program.
func handleSignals(mode sigpipeMode) {
	common.DieBySignals(common.FatalSignals...)
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt)
	switch mode {
	case sigpipeDefault:
		if err := common.DefaultSIGPIPE(); err != nil {
			common.Error(1, err, "signal failed ")
		}
	case sigpipeIgnore:
		signal.Ignore(unix.SIGPIPE)
	case sigpipeCustom:
		// Where the runtime passes SIGPIPE on (Linux, BSDs); sendFailed
		// covers the rest.
		signal.Notify(signals, unix.SIGPIPE)
	case sigpipeNoSignal:
		// SIG_DFL, and blocked nowhere: the sends raise no SIGPIPE
		// (sendWithoutSignal); one that did would kill the server.
		if err := common.DefaultSIGPIPEUnblocked(); err != nil {
			common.Error(1, err, "signal failed ")
		}
	}
	go func() {
		sig := <-signals
		common.Trace.Caught(sig.(unix.Signal), "the lesson's handler runs")
		common.Events.Caught(sig.(unix.Signal))
		sigInt()
	}()
}

// sendFailed handles a failed send. EPIPE is where the C program meets
// SIGPIPE: with SIG_DFL it is already dead (and if the signal could not kill
// us, DieOfSIGPIPE does), with the handler it prints the count and exits;
// with MSG_NOSIGNAL no signal came.
// sigInt runs here on the main goroutine rather than waiting for the signal
// to travel through os/signal, so nothing the loop would print can slip in
// before it. Any other error, and EPIPE when ignored or not raised, returns
// to the loop.
func sendFailed(err error, mode sigpipeMode) {
	if !errors.Is(err, unix.EPIPE) {
		return
	}
	switch mode {
	case sigpipeIgnore:
		common.Trace.Note("SIGPIPE ignored (SIG_IGN): the send just fails")
	case sigpipeDefault:
		common.DieOfSIGPIPE()
	case sigpipeCustom:
		common.Events.Caught(unix.SIGPIPE)
		sigInt()
	case sigpipeNoSignal:
		common.Trace.Note("no SIGPIPE (%s): the send just fails", common.NoSIGPIPEWay)
	}
}

// sendWithoutSignal is -sigpipe nosignal on the accepted socket connFD:
// every send on it from now on raises no SIGPIPE (MSG_NOSIGNAL, or
// SO_NOSIGPIPE on macOS).
func sendWithoutSignal(connFD int) {
	if err := common.NoSIGPIPE(connFD); err != nil {
		common.Error(1, err, "graceserver: -sigpipe nosignal")
	}
	common.Trace.Note("-sigpipe nosignal: each send is made with %s: on a reset connection it fails with EPIPE and raises no SIGPIPE", common.NoSIGPIPEWay)
}
