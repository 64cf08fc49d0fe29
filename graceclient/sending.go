package main

import (
	"bytes"
	"errors"

	"golang.org/x/sys/unix"

	"graceclose/common"
)

// lineWriter writes the typed lines to the socket, each with one write(2) as
// in the lesson, without ever waiting in a write.
//
// The C client's write blocks while the socket's send buffer is full. If the
// server is blocked too, sending a reply the client is not reading (its
// receive buffer full, a stream of input), neither ever moves again. Here
// the socket is non-blocking (O_NONBLOCK): the write takes what fits and
// returns. When a line does not fit whole, the rest waits, and so do the
// lines after it: the loop selects for the socket's room (its write set)
// rather than for more stdin, and meanwhile keeps reading and printing the
// server's replies, which is what lets the server go on reading. Once there
// is room, the rest goes out, then "send bytes" with the whole line's count,
// then the next lines. So a line is one write(2) unless the socket is full,
// and its bytes always go out before the next line's.
//
// (Writing only when select says writable would not do: "writable" means
// some room, not room for a whole line, and a blocking write of a line that
// does not fit waits.)
type lineWriter struct {
	total  int    // the length of the line being written
	rest   []byte // what the socket has not taken of it yet; nil: no line
	corked bool   // the socket holds back what it is given (startBatch)
}

// newLineWriter makes the socket fd non-blocking and returns its writer.
func newLineWriter(fd int) *lineWriter {
	if err := common.SetNonblock(fd); err != nil {
		common.Error(1, err, "fcntl failed")
	}
	return &lineWriter{}
}

// write makes the one write(2) of line to the socket fd, and returns its
// byte count if the socket took it whole. If not, busy says so: the rest
// waits for room (writeRest).
func (w *lineWriter) write(fd int, line []byte) (int, error) {
	common.Trace.Sending("write", fd, len(line))
	w.total, w.rest = len(line), line
	return w.writeRest(fd)
}

// writeRest writes what the socket has not taken yet of the line: call it
// when select says the socket is writable. Once the line is out it returns
// the whole line's byte count.
func (w *lineWriter) writeRest(fd int) (int, error) {
	n, err := common.WriteNonblocking(fd, w.rest)
	if err != nil && !errors.Is(err, unix.EAGAIN) {
		written := w.total - len(w.rest)
		w.rest = nil
		common.Trace.Sent("write", fd, written, err)
		return written, err
	}
	w.rest = w.rest[n:] // EAGAIN: no room at all, the line waits whole
	if len(w.rest) > 0 {
		return w.total - len(w.rest), nil
	}
	w.rest = nil
	common.Trace.Sent("write", fd, w.total, nil)
	return w.total, nil
}

// busy reports whether a line is waiting for room in the socket.
func (w *lineWriter) busy() bool { return w.rest != nil }

// waitForRoom sets up the loop's select while a line waits: the socket fd
// in the write set, and stdin out of the read set (its next lines wait
// behind this one, and nothing more is read meanwhile).
func (w *lineWriter) waitForRoom(fd int, readmask, writemask *unix.FdSet) {
	*writemask = unix.FdSet{}
	if w.busy() {
		readmask.Clear(0)
		writemask.Set(fd)
	}
}

// startBatch is called before the lines of one read of stdin are written:
// when there are several (a paste, a file), the socket is corked so that
// they leave together, in full segments, instead of one small segment each
// (2,000 lines from a file: 3 segments, not some 350; 20,000 lines take
// half the time). Each
// line is still its own write(2), with its own "now sending" and "send
// bytes"; only the packets change. A line typed alone is never corked, so
// it leaves the moment it is written, as in the lesson (and its capture).
func (w *lineWriter) startBatch(fd int, pending []byte) {
	w.corked = bytes.Count(pending, []byte("\n")) > 1 && cork(fd)
}

// endBatch sends what the batch's writes left corked, at once: before the
// loop selects again, so nothing waits on the program, and before a
// /command (/abort's RST would discard what the cork still held).
// shutdown and close need no call: the FIN they make pushes what is
// corked out before it (TestShutdown, TestClose type their line with data1).
func (w *lineWriter) endBatch(fd int) {
	if w.corked {
		uncork(fd)
		w.corked = false
	}
}
