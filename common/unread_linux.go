package common

import "golang.org/x/sys/unix"

// unreadBytes is how many received bytes wait in fd's receive queue, not yet
// read: ioctl(SIOCINQ), Linux's FIONREAD for a TCP socket.
func unreadBytes(fd int) (int, error) {
	return unix.IoctlGetInt(fd, unix.SIOCINQ)
}
