//go:build !linux && !darwin

package common

import (
	"errors"

	"golang.org/x/sys/unix"
)

// stateSource is empty: golang.org/x/sys/unix offers no way to read a TCP
// socket's state here, so -trace shows the events only, and says so once.
const stateSource = ""

var errNoTCPState = errors.New("the TCP state cannot be read on this system")

func tcpState(fd int) (string, error) { return "", errNoTCPState }

func connState(local, remote unix.Sockaddr) (state, where string, err error) {
	return "", "", errNoTCPState
}
