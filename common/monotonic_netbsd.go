package common

import "golang.org/x/sys/unix"

// monotonicNow reads CLOCK_MONOTONIC (3 in NetBSD's sys/time.h, which
// golang.org/x/sys/unix does not name there) in nanoseconds.
func monotonicNow() int64 {
	var ts unix.Timespec
	_ = unix.ClockGettime(3, &ts)
	return ts.Nano()
}
