package common

import (
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// Stdout is the programs' standard output. It is buffered, so that a client
// fed 20,000 lines from a file does not make 40,000 write calls, and the
// programs write it out before anything that may block or end the process
// (select, a read with nothing queued, a sleep, exit): a person at a terminal
// sees every line before the program waits, and a pipe or a file gets it in
// batches. A send that may raise SIGPIPE needs no write before it: the
// signal waits until the output is written (DefaultSIGPIPE). The C
// programs' stdio buffers a pipe the same way but loses its buffer when a
// signal kills the process.
var Stdout = &Output{fd: 1, buf: make([]byte, 0, outputSize)}

// outputSize is how much Output holds before it writes, whatever comes next.
const outputSize = 64 * 1024

// Output is a buffered writer on a descriptor that the main loop and a
// signal handler share.
//
// The main loop prints into the buffer (Printf, Write) and writes it out
// (Flush) with write(2), outside the lock, so that a handler never waits for
// a write that cannot end (a full pipe nobody reads). A handler that ends
// the process (Exitf, DieBySignals) takes the lock for good: the main loop
// prints nothing after it, and stops at its next print.
type Output struct {
	mu  sync.Mutex
	fd  int
	buf []byte // printed, not yet written

	// A Flush in progress: the write(2) of buf's first flushing bytes,
	// made outside mu (wmu keeps two Flushes apart).
	wmu      sync.Mutex
	flushing int
	writing  atomic.Bool
}

// Printf formats into the buffer. It knows the two verbs the programs use,
// %s (a string or []byte, byte for byte) and %d (an integer, or a Counter);
// unlike fmt it keeps its arguments on the caller's stack, so that printing
// a line allocates nothing.
func (o *Output) Printf(format string, args ...any) {
	o.mu.Lock()
	start := len(o.buf)
	o.buf = appendf(o.buf, format, args)
	Events.Printed("stdout", o.buf[start:])
	full := len(o.buf) >= outputSize
	o.mu.Unlock()
	if full {
		o.Flush()
	}
}

// Write adds p to the buffer, byte for byte.
func (o *Output) Write(p []byte) (int, error) {
	o.mu.Lock()
	o.buf = append(o.buf, p...)
	Events.Printed("stdout", p)
	full := len(o.buf) >= outputSize
	o.mu.Unlock()
	if full {
		o.Flush()
	}
	return len(p), nil
}

// Flush writes out what is buffered, waiting as long as the descriptor
// needs (as C's fflush does). Errors are ignored, as the C programs' printf
// ignores them; a closed pipe raises SIGPIPE, as in C.
func (o *Output) Flush() {
	o.wmu.Lock()
	defer o.wmu.Unlock()
	o.mu.Lock()
	data := o.buf
	if len(data) == 0 {
		o.mu.Unlock()
		return
	}
	o.flushing = len(data)
	o.writing.Store(true)
	o.mu.Unlock()
	o.write(data, false)
	o.writing.Store(false)
	o.mu.Lock() // a handler ending the process holds it: the main loop stops here
	o.buf = o.buf[:copy(o.buf, o.buf[o.flushing:])]
	o.flushing = 0
	o.mu.Unlock()
}

// Counter counts lines as they are printed (PrintfCounted), under the
// output's lock: Exitf, which formats under the same lock, prints the number
// of those lines before its own, exactly, whenever the signal comes.
type Counter struct{ n int }

// PrintfCounted is Printf, then one more on count, as one step.
func (o *Output) PrintfCounted(count *Counter, format string, args ...any) {
	o.mu.Lock()
	start := len(o.buf)
	o.buf = appendf(o.buf, format, args)
	Events.Printed("stdout", o.buf[start:])
	count.n++
	full := len(o.buf) >= outputSize
	o.mu.Unlock()
	if full {
		o.Flush()
	}
}

// Exit writes out standard output and ends the process with status, as C's
// exit() flushes stdio (a signal's handler can still end the process while
// the write waits). It then keeps the output locked, so that no other
// goroutine can print after it.
func Exit(status int) {
	Stdout.Flush()
	Stdout.mu.Lock()
	Trace.exiting(status)
	Events.Exiting(status)
	os.Exit(status)
}

// Exitf prints its message and ends the process with status, holding the
// output from the first byte to the exit: a signal handler's last words
// cannot be interleaved with, or followed by, the main loop's lines, and a
// Counter among args is read with the lines it counts.
//
// It may run while the main loop is stuck writing standard output (a full
// pipe nobody reads), and must end the process at once all the same: what
// was printed goes out only while the descriptor takes it (see finish).
// "Printed" then means "in the stream, in order": the message comes after
// every line printed before it or not at all, so a count in it is always
// the number of counted lines a reader of the stream sees before it.
func Exitf(status int, format string, args ...any) {
	Stdout.mu.Lock()
	start := len(Stdout.buf)
	Stdout.buf = appendf(Stdout.buf, format, args)
	Events.Printed("stdout", Stdout.buf[start:])
	Stdout.finish()
	Trace.exiting(status)
	Events.Exiting(status)
	os.Exit(status)
}

// stall is how long a process ending on a signal waits for standard output
// to take more bytes before it gives up on the rest: a reader that takes
// nothing for that long is not reading, and the process must end all the
// same. A slow reader (a terminal over a slow link) keeps it waiting as long
// as it takes something.
const stall = 200 * time.Millisecond

// finish writes out, for a process about to end, what was printed and not
// yet written, giving up when the descriptor stalls. Call it with o.mu held.
func (o *Output) finish() {
	// A Flush may be writing the start of buf, outside the lock: the rest
	// can only follow it. Wait while the descriptor takes bytes.
	for o.writing.Load() {
		if !o.writable() {
			return
		}
		sleep(100 * time.Microsecond) // the Flush's write goes on
	}
	o.write(o.buf[o.flushing:], true)
}

// pipeBuf is PIPE_BUF on Linux (and at least that on the BSDs): a write of
// at most this many bytes to a pipe that poll(2) calls writable does not
// block.
const pipeBuf = 4096

// write writes p to the descriptor. With bounded (for a process about to
// end), it writes only while the descriptor takes bytes within stall, in
// pieces that do not block; otherwise it waits as long as it takes.
func (o *Output) write(p []byte, bounded bool) {
	for len(p) > 0 {
		piece := p
		if bounded {
			if !o.writable() {
				return
			}
			piece = p[:min(len(p), pipeBuf)]
		}
		n, err := unix.Write(o.fd, piece)
		switch err {
		case nil:
			p = p[n:]
		case unix.EINTR:
		case unix.EAGAIN:
			// Someone left the descriptor non-blocking (a shared
			// terminal): wait for room rather than spin.
			if !bounded {
				pfd := []unix.PollFd{{Fd: int32(o.fd), Events: unix.POLLOUT}}
				_, _ = retryEINTR(func() (int, error) { return unix.Poll(pfd, -1) })
			}
		case unix.EPIPE:
			// The kernel raised SIGPIPE for this write: it meets it
			// as C's printf would (it kills the process unless it is
			// ignored or handled), and the output is lost.
			deliverSIGPIPE()
			return
		default:
			return
		}
	}
}

// writable waits up to stall for the descriptor to take bytes.
func (o *Output) writable() bool {
	pfd := []unix.PollFd{{Fd: int32(o.fd), Events: unix.POLLOUT}}
	n, err := retryEINTR(func() (int, error) { return unix.Poll(pfd, int(stall/time.Millisecond)) })
	return err == nil && n > 0 && pfd[0].Revents&unix.POLLOUT != 0
}

// appendf appends format to buf with %s and %d replaced by args, in order.
func appendf(buf []byte, format string, args []any) []byte {
	for {
		i := strings.IndexByte(format, '%')
		if i < 0 || i+1 == len(format) {
			return append(buf, format...)
		}
		buf = append(buf, format[:i]...)
		verb := format[i+1]
		format = format[i+2:]
		switch {
		case verb == '%':
			buf = append(buf, '%')
		case len(args) == 0:
			buf = append(buf, "%!"...)
			buf = append(buf, verb)
			buf = append(buf, "(MISSING)"...)
		default:
			buf = appendArg(buf, verb, args[0])
			args = args[1:]
		}
	}
}

func appendArg(buf []byte, verb byte, arg any) []byte {
	switch a := arg.(type) {
	case string:
		return append(buf, a...)
	case []byte:
		return append(buf, a...)
	case int:
		return strconv.AppendInt(buf, int64(a), 10)
	case int64:
		return strconv.AppendInt(buf, a, 10)
	case *Counter:
		return strconv.AppendInt(buf, int64(a.n), 10)
	}
	buf = append(buf, "%!"...)
	buf = append(buf, verb)
	return append(buf, "(unsupported)"...)
}
