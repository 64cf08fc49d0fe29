//go:build linux || freebsd || openbsd || netbsd || dragonfly

package common

import "golang.org/x/sys/unix"

// NoSIGPIPEWay is how NoSIGPIPE keeps a send from raising SIGPIPE here: the
// flag MSG_NOSIGNAL on each send(2).
const NoSIGPIPEWay = "MSG_NOSIGNAL"

// noSIGPIPEWith is the trace's words for a send made that way.
const noSIGPIPEWith = "with MSG_NOSIGNAL"

// noSIGPIPEOn makes every Send pass MSG_NOSIGNAL.
func noSIGPIPEOn(fd int) error {
	sendFlags = unix.MSG_NOSIGNAL
	return nil
}
