package main

import (
	"bytes"
	"fmt"

	"graceclose/common"
)

// lineReader reads standard input with read(2) and hands out the pieces that
// fgets(buf, size, stdin) would return, one line at a time: a line with its
// newline, at most size-1 bytes of a longer line, and the last bytes before
// EOF. Unlike stdio, it keeps nothing hidden from select(2): the caller takes
// every complete piece after each fill, so no line waits in a buffer while
// the program sleeps in select.
//
// Its buffer has a fixed size: the caller fills it only once every complete
// piece is taken, so what is left then is less than one piece.
type lineReader struct {
	fd   int
	size int
	buf  []byte // pending: buf[start:end], read but not handed out yet
	eof  bool   // read(2) said end of file (or failed)

	start, end int
	// Whether the piece next hands out begins a line (the first piece of
	// it), and whether the one it last handed out did.
	atLineStart, startedLine bool
}

// readSize is how much one read(2) of stdin asks for, at most.
const readSize = 64 * 1024

func newLineReader(fd, size int) *lineReader {
	return &lineReader{fd: fd, size: size, buf: make([]byte, readSize), atLineStart: true}
}

// fill makes one read(2): call it when select says the descriptor is
// readable, so it does not block. A read error is reported and treated as
// EOF: stdin is then no longer watched.
func (r *lineReader) fill() {
	r.compact()
	if r.end == len(r.buf) {
		return // a whole piece is waiting: nothing to read for
	}
	n, err := common.Read(r.fd, r.buf[r.end:])
	if err != nil {
		common.Stdout.Flush()
		common.Stderr(fmt.Sprintf("graceclient: stdin: %v; no longer reading it\n", err))
		r.eof = true
		return
	}
	if n == 0 {
		r.eof = true
		return
	}
	r.end += n
}

// compact moves what is pending to the start of the buffer.
func (r *lineReader) compact() {
	if r.start > 0 {
		r.end = copy(r.buf, r.buf[r.start:r.end])
		r.start = 0
	}
}

// add appends bytes as if read (for tests), making room if it must.
func (r *lineReader) add(p []byte) {
	r.compact()
	if r.end+len(p) > len(r.buf) {
		r.buf = append(r.buf[:r.end], make([]byte, len(p))...)
	}
	r.end += copy(r.buf[r.end:], p)
}

// pending is what was read and not handed out yet.
func (r *lineReader) pending() []byte { return r.buf[r.start:r.end] }

// next returns the next piece fgets would return, or false when more input
// is needed first. The piece stays valid until the next fill.
func (r *lineReader) next() ([]byte, bool) {
	piece := nextPiece(r.pending(), r.size, r.eof)
	if piece == 0 {
		return nil, false
	}
	line := r.buf[r.start : r.start+piece : r.start+piece]
	r.start += piece
	r.startedLine = r.atLineStart
	r.atLineStart = line[len(line)-1] == '\n'
	return line, true
}

// startsLine reports whether the piece next last returned begins a line a
// person typed, rather than continuing a line longer than fgets' buffer: only
// a line's beginning can be a command.
func (r *lineReader) startsLine() bool { return r.startedLine }

// nextPiece returns the length of the piece fgets(buf, size, ...) would
// return from the start of buffered, or 0 when it would still be waiting for
// input: up to and including the first newline, at most size-1 bytes, and at
// EOF whatever is left.
func nextPiece(buffered []byte, size int, eof bool) int {
	limit := min(len(buffered), size-1)
	if i := bytes.IndexByte(buffered[:limit], '\n'); i >= 0 {
		return i + 1
	}
	if limit == size-1 || eof {
		return limit
	}
	return 0
}
