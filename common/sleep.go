package common

import "time"

// Sleep writes out standard output, then waits d, as the C programs'
// sleep(5) and sleep(6): a person sees every line before the pause. For 0 it
// does nothing at all.
//
// It does not use time.Sleep: the Go runtime's timers need its network
// poller, whose first use takes two descriptors (epoll and an eventfd on
// Linux), and a runtime that cannot get them (ulimit -n 5) dies with a
// stack trace. The programs need no descriptor beyond their sockets, as in C.
func Sleep(d time.Duration) {
	if d <= 0 {
		return
	}
	Stdout.Flush()
	sleep(d)
}
