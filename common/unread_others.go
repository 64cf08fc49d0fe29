//go:build !linux && !darwin && !freebsd && !openbsd && !netbsd && !dragonfly

package common

import "errors"

// unreadBytes cannot be read here: -trace then does not say whether a close
// sends a RST for data left unread.
func unreadBytes(fd int) (int, error) {
	return 0, errors.New("the receive queue cannot be read on this system")
}
