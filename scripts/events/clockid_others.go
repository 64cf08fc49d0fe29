//go:build !netbsd

package events

import "golang.org/x/sys/unix"

// clockMonotonic is CLOCK_MONOTONIC.
const clockMonotonic = unix.CLOCK_MONOTONIC
