package common

import (
	"math"
	"time"

	"golang.org/x/sys/unix"
)

// sleep waits d with clock_nanosleep(2), the call C's sleep() makes, to a
// deadline on the monotonic clock: signals that interrupt it (the Go
// runtime's own, SIGURG) do not shorten or lengthen the wait.
func sleep(d time.Duration) {
	var now unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_MONOTONIC, &now); err != nil {
		return
	}
	deadline := now.Nano()
	if d > time.Duration(math.MaxInt64-deadline) {
		deadline = math.MaxInt64
	} else {
		deadline += int64(d)
	}
	ts := unix.NsecToTimespec(deadline)
	_, _ = retryEINTR(func() (struct{}, error) {
		return struct{}{}, unix.ClockNanosleep(unix.CLOCK_MONOTONIC, unix.TIMER_ABSTIME, &ts, nil)
	})
}
