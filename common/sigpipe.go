package common

import (
	"os"

	"golang.org/x/sys/unix"
)

// The C programs leave SIGPIPE at SIG_DFL (the server's published source
// says signal(SIGPIPE, SIG_DFL)): writing to a connection the peer has reset
// kills the process. A Go program is different: the runtime installs its own
// SIGPIPE handler at start and, for any descriptor but stdout and stderr,
// lets the write return EPIPE instead, and os/signal has no way back to
// SIG_DFL. DefaultSIGPIPE (sigpipe_linux.go, sigpipe_others.go) is the way
// back.

// sigpipeExitStatus is what a shell shows for a process killed by SIGPIPE.
const sigpipeExitStatus = 128 + int(unix.SIGPIPE)

// DieOfSIGPIPE ends the process the way SIGPIPE at SIG_DFL does. It is
// called after a write or send returned EPIPE: the kernel's SIGPIPE is then
// pending on this thread (DefaultSIGPIPE blocks it there, or whoever started
// us did), or SIG_DFL could not be set on this system. Standard output is
// written out first, then the signal is let through: the process dies of
// it with every line it printed kept.
func DieOfSIGPIPE() {
	Trace.Note("SIGPIPE at SIG_DFL: the process dies of it")
	Stdout.Flush()
	Events.Dying(unix.SIGPIPE)
	dieOf(unix.SIGPIPE)
	// Still alive: say it the way a shell would.
	Stdout.mu.Lock()
	Trace.exiting(sigpipeExitStatus)
	Events.Exiting(sigpipeExitStatus)
	os.Exit(sigpipeExitStatus)
}
