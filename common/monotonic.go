//go:build !netbsd

package common

import "golang.org/x/sys/unix"

// monotonicNow reads CLOCK_MONOTONIC in nanoseconds: the clock the lab and
// the kernel's trace (trace_clock "mono") share.
func monotonicNow() int64 {
	var ts unix.Timespec
	_ = unix.ClockGettime(unix.CLOCK_MONOTONIC, &ts)
	return ts.Nano()
}
