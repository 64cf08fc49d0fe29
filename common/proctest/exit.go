package proctest

import (
	"fmt"
	"os"
	"syscall"
)

// Exit is how a process ended: an exit status, or the signal that killed it.
type Exit struct {
	Code   int            // the exit status, or -1 when killed by a signal
	Signal syscall.Signal // the signal that killed it, or 0
}

// Exited returns the Exit of a process that exited with code.
func Exited(code int) Exit { return Exit{Code: code} }

// Killed returns the Exit of a process killed by sig.
func Killed(sig syscall.Signal) Exit { return Exit{Code: -1, Signal: sig} }

func exitOf(state *os.ProcessState) Exit {
	if ws, ok := state.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return Killed(ws.Signal())
	}
	return Exited(state.ExitCode())
}

// String says it as a person would: "exit status 1", "killed by signal 13 (broken pipe)".
func (e Exit) String() string {
	if e.Signal != 0 {
		return fmt.Sprintf("killed by signal %d (%v)", int(e.Signal), e.Signal)
	}
	return fmt.Sprintf("exit status %d", e.Code)
}
