//go:build !linux

package bench

import (
	"errors"
	"os"
)

// openPty: the bench opens its pseudo-terminals the Linux way only.
func openPty() (master, slave *os.File, err error) {
	return nil, nil, errors.New("the bench opens a pseudo-terminal on Linux only")
}
