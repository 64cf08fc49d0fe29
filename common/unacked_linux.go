package common

import "golang.org/x/sys/unix"

// unackedBytes is how many bytes written to fd the peer has not
// acknowledged yet, sent or still queued: ioctl(SIOCOUTQ).
func unackedBytes(fd int) (int, error) {
	return unix.IoctlGetInt(fd, unix.SIOCOUTQ)
}
