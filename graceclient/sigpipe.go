package main

import (
	"errors"

	"golang.org/x/sys/unix"

	"graceclose/common"
)

// writeFailed handles a failed write to the server. EPIPE means the kernel
// raised SIGPIPE, which kills the C program; if this process is still alive
// (the signal was blocked by its parent, or SIG_DFL cannot be set on this
// system) it dies the same way now. Any other error is reported in the
// course's format.
func writeFailed(err error) {
	if errors.Is(err, unix.EPIPE) {
		common.DieOfSIGPIPE()
	}
	common.Error(1, err, "write failed ")
}
