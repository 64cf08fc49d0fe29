package common

// sendFlags are the flags of every Send: 0, as the lesson's send(2), or
// MSG_NOSIGNAL once NoSIGPIPE has asked for it. It is set once, before the
// first send, by the goroutine that sends.
var sendFlags int

// noSIGPIPE says how sends avoid SIGPIPE once NoSIGPIPE has been called
// ("with MSG_NOSIGNAL"), for the trace; "" until then.
var noSIGPIPE string

// NoSIGPIPE makes every Send on the socket fd raise no SIGPIPE: a send on a
// reset connection just fails with EPIPE. This is how modern code avoids the
// signal, per call (MSG_NOSIGNAL) or, on macOS, per socket (SO_NOSIGPIPE),
// instead of ignoring it for the whole process as the lesson's SIG_IGN
// does. NoSIGPIPEWay names the way this system has (nosigpipe_*.go).
func NoSIGPIPE(fd int) error {
	if err := noSIGPIPEOn(fd); err != nil {
		return err
	}
	noSIGPIPE = noSIGPIPEWith
	return nil
}
