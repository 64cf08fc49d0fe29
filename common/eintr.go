package common

import "golang.org/x/sys/unix"

// retryEINTR calls f until it returns anything but EINTR.
//
// This is the one place EINTR is handled. The Go runtime sends its own
// signals to the process all the time (SIGURG for preemption since Go 1.14,
// plus whatever a user sends, SIGWINCH when a terminal is resized), and
// select(2) and poll(2) return EINTR when one arrives, whatever SA_RESTART
// says. An interrupted call has done nothing, so calling it again is right;
// treating EINTR as fatal would kill the programs at random.
func retryEINTR[T any](f func() (T, error)) (T, error) {
	for {
		v, err := f()
		if err != unix.EINTR {
			return v, err
		}
	}
}
