//go:build !linux && !darwin && !freebsd && !openbsd && !netbsd && !dragonfly

package common

import "errors"

// NoSIGPIPEWay is empty: this system has neither MSG_NOSIGNAL nor
// SO_NOSIGPIPE, and -sigpipe nosignal says it is not supported here.
const NoSIGPIPEWay = ""

const noSIGPIPEWith = ""

func noSIGPIPEOn(fd int) error {
	return errors.New("not supported here: this system has neither MSG_NOSIGNAL nor SO_NOSIGPIPE")
}
