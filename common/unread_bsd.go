//go:build darwin || freebsd || openbsd || netbsd || dragonfly

package common

import "golang.org/x/sys/unix"

// fionread is FIONREAD, _IOR('f', 127, int) in <sys/filio.h> on macOS and the
// BSDs; golang.org/x/sys/unix does not define it.
const fionread = 0x4004667f

// unreadBytes is how many received bytes wait in fd's receive queue, not yet
// read: ioctl(FIONREAD).
func unreadBytes(fd int) (int, error) {
	return unix.IoctlGetInt(fd, fionread)
}
