//go:build !linux

package common

import (
	"time"

	"golang.org/x/sys/unix"
)

// maxSelectWait is the longest timeout given to one select(2): the BSDs
// refuse very long ones (EINVAL past 10^8 seconds on FreeBSD).
const maxSelectWait = 24 * time.Hour

// sleep waits d in select(2) with no descriptors and a timeout, the portable
// sleep of old Unix programs, until a deadline on Go's monotonic clock:
// signals that interrupt it do not shorten the wait.
func sleep(d time.Duration) {
	deadline := time.Now().Add(d)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return
		}
		tv := unix.NsecToTimeval(min(left, maxSelectWait).Nanoseconds())
		_, _ = unix.Select(0, nil, nil, nil, &tv)
	}
}
