package main

import (
	"errors"

	"golang.org/x/sys/unix"

	"graceclose/common"
)

// writeFailed handles a failed write to the server. What the server sent
// before the failure (its last words before a close, which then made the
// write fail) is printed first, as the C client, which reads the socket
// before each line, would have. EPIPE means the kernel raised SIGPIPE,
// which kills the C program: this one dies of it too (common/sigpipe.go).
// Any other error is reported in the course's format.
func writeFailed(err error, fd int, allreads *unix.FdSet) {
	if allreads.IsSet(fd) {
		printQueued(fd)
	}
	if errors.Is(err, unix.EPIPE) {
		common.DieOfSIGPIPE()
	}
	common.Error(1, err, "write failed ")
}

// printQueued prints what the socket fd (non-blocking) holds, each read as
// the loop prints it, until nothing is left, EOF or an error.
func printQueued(fd int) {
	var recvLine [common.MaxLine]byte
	for {
		n, err := common.Read(fd, recvLine[:])
		if err != nil || n <= 0 {
			return
		}
		common.Trace.Read(fd, n, nil)
		common.Stdout.Write(common.Shown(recvLine[:n]))
		common.Stdout.Write([]byte("\n"))
	}
}
