//go:build darwin || freebsd || openbsd || netbsd || dragonfly

package common

import "golang.org/x/sys/unix"

// isTerminal reports whether fd is a terminal: whether it answers the
// terminal's own ioctl, TIOCGETA (isatty(3)).
func isTerminal(fd int) bool {
	_, err := unix.IoctlGetTermios(fd, unix.TIOCGETA)
	return err == nil
}
