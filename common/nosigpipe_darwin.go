package common

import (
	"os"

	"golang.org/x/sys/unix"
)

// NoSIGPIPEWay is how NoSIGPIPE keeps a send from raising SIGPIPE here:
// macOS has no MSG_NOSIGNAL for send(2); its nearest equivalent is the
// socket option SO_NOSIGPIPE, set once on the socket.
const NoSIGPIPEWay = "SO_NOSIGPIPE"

// noSIGPIPEWith is the trace's words for a send made that way.
const noSIGPIPEWith = "on a socket with SO_NOSIGPIPE"

// noSIGPIPEOn sets SO_NOSIGPIPE on the socket fd.
func noSIGPIPEOn(fd int) error {
	return os.NewSyscallError("setsockopt", unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_NOSIGPIPE, 1))
}
