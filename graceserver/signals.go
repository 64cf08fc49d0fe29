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
)

// String returns the mode's name.
func (m *sigpipeMode) String() string { return string(*m) }

// Set parses a mode name.
func (m *sigpipeMode) Set(text string) error {
	switch mode := sigpipeMode(text); mode {
	case sigpipeDefault, sigpipeIgnore, sigpipeCustom:
		*m = mode
		return nil
	}
	return fmt.Errorf("want default, ignore or custom")
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
// us, DieOfSIGPIPE does), with the handler it prints the count and exits.
// sigInt runs here on the main goroutine rather than waiting for the signal
// to travel through os/signal, so nothing the loop would print can slip in
// before it. Any other error, and EPIPE when ignored, returns to the loop.
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
	}
}
