package common

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"sync"
)

// Stdout is the programs' standard output. It is buffered, so that a client
// fed 20,000 lines through a pipe does not make 40,000 write calls, and the
// programs flush it before anything that may block or end the process
// (select, a blocking read, a sleep, a send that may raise SIGPIPE, exit): a
// person at a terminal sees every line the moment it is printed, and a pipe
// gets it in batches. The C programs' stdio buffers a pipe the same way but
// never flushes before SIGPIPE kills the server, so its last lines are lost.
var Stdout = NewOutput(os.Stdout)

// Output is a buffered writer that signal handlers and the main loop can
// share: a handler that ends the process holds the lock until it is gone, so
// nothing the main loop prints can come after the handler's last line.
type Output struct {
	mu sync.Mutex
	w  *bufio.Writer
}

// NewOutput returns an Output writing to w.
func NewOutput(w io.Writer) *Output {
	return &Output{w: bufio.NewWriterSize(w, 64*1024)}
}

// Printf formats into the buffer.
func (o *Output) Printf(format string, args ...any) {
	o.mu.Lock()
	defer o.mu.Unlock()
	fmt.Fprintf(o.w, format, args...)
}

// Write adds p to the buffer, byte for byte.
func (o *Output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.w.Write(p)
}

// Flush writes out what is buffered. Errors are ignored, as the C programs'
// printf ignores them; a closed pipe on stdout raises SIGPIPE as in C.
func (o *Output) Flush() {
	o.mu.Lock()
	defer o.mu.Unlock()
	_ = o.w.Flush()
}

// Exit flushes standard output and ends the process with status. It keeps
// the output locked, so no other goroutine can print after it.
func Exit(status int) {
	Stdout.mu.Lock()
	_ = Stdout.w.Flush()
	Trace.exiting(status)
	os.Exit(status)
}

// Exitf prints its message and ends the process with status, holding the
// output from the first byte to the exit: a signal handler's last words
// cannot be interleaved with, or followed by, the main loop's lines.
func Exitf(status int, format string, args ...any) {
	Stdout.mu.Lock()
	fmt.Fprintf(Stdout.w, format, args...)
	_ = Stdout.w.Flush()
	Trace.exiting(status)
	os.Exit(status)
}
