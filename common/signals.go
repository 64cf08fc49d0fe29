package common

import (
	"os"
	"os/signal"

	"golang.org/x/sys/unix"
)

// DieBySignals makes each of sigs end the process the way it ends the C
// programs, which leave them at SIG_DFL: killed by the signal (its parent
// sees it signaled, a shell shows 128 + the signal's number). What the
// program printed is written out first, as long as standard output takes it
// (the C programs lose what stdio holds for a pipe or a file).
//
// Left to itself the Go runtime does otherwise: SIGQUIT (Ctrl-\) prints every
// goroutine's stack and exits 2; SIGHUP, SIGINT and SIGTERM kill the process
// with its buffered output lost; SIGUSR1, SIGUSR2 and SIGALRM are ignored.
// Where SIG_DFL cannot be set (every system but Linux, without cgo) the
// process exits with 128 + the signal's number instead.
func DieBySignals(sigs ...os.Signal) {
	caught := make(chan os.Signal, 1)
	signal.Notify(caught, sigs...)
	go func() {
		sig := (<-caught).(unix.Signal)
		Trace.Caught(sig, "the process dies of it (SIG_DFL), its output written first")
		Stdout.mu.Lock() // for good: the main loop prints nothing more
		Stdout.finish()
		Trace.killed(sig)
		Events.Dying(sig)
		dieOf(sig)
		os.Exit(128 + int(sig))
	}()
}

// FatalSignals are the signals whose default action ends a process, that a
// person or a script sends to the C programs and the Go runtime would treat
// otherwise (see DieBySignals): all but SIGINT, which the server handles and
// the client leaves to DieBySignals too, and SIGPIPE (DefaultSIGPIPE).
var FatalSignals = []os.Signal{unix.SIGHUP, unix.SIGQUIT, unix.SIGTERM, unix.SIGUSR1, unix.SIGUSR2, unix.SIGALRM}
