//go:build !linux

package common

import "golang.org/x/sys/unix"

// DefaultSIGPIPE cannot reach SIG_DFL here without cgo: only Linux lets a
// Go program call sigaction itself. The runtime's handler stays, a send on a
// reset connection returns EPIPE, and the programs then call DieOfSIGPIPE,
// which exits with status 141, the status a shell shows for a death by
// SIGPIPE (the parent sees an exit, not a signal). On darwin the runtime
// never even passes SIGPIPE to os/signal.
func DefaultSIGPIPE() error { return nil }

// DefaultSIGPIPEUnblocked cannot reach SIG_DFL here either (see
// DefaultSIGPIPE): sends made with NoSIGPIPE raise no SIGPIPE anyway.
func DefaultSIGPIPEUnblocked() error { return nil }

// dieOf cannot set SIG_DFL here: it returns, and the caller exits with the
// status a shell shows for a death by sig.
func dieOf(sig unix.Signal) {}

// deliverSIGPIPE has nothing to deliver: SIGPIPE is never blocked here.
func deliverSIGPIPE() {}
