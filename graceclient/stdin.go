package main

import (
	"bytes"
	"fmt"
	"os"

	"graceclose/common"
)

// lineReader reads standard input with read(2) and hands out the pieces that
// fgets(buf, size, stdin) would return, one line at a time: a line with its
// newline, at most size-1 bytes of a longer line, and the last bytes before
// EOF. Unlike stdio, it keeps nothing hidden from select(2): the caller takes
// every complete piece after each fill, so no line waits in a buffer while
// the program sleeps in select.
type lineReader struct {
	fd      int
	size    int
	pending []byte // read but not handed out yet
	eof     bool   // read(2) said end of file (or failed)
	chunk   []byte
}

// readSize is how much one read(2) of stdin asks for.
const readSize = 64 * 1024

func newLineReader(fd, size int) *lineReader {
	return &lineReader{fd: fd, size: size, chunk: make([]byte, readSize)}
}

// fill makes one read(2): call it when select says the descriptor is
// readable, so it does not block. A read error is reported and treated as
// EOF: stdin is then no longer watched.
func (r *lineReader) fill() {
	n, err := common.Read(r.fd, r.chunk)
	if err != nil {
		common.Stdout.Flush()
		fmt.Fprintf(os.Stderr, "graceclient: stdin: %v; no longer reading it\n", err)
		r.eof = true
		return
	}
	if n == 0 {
		r.eof = true
		return
	}
	r.add(r.chunk[:n])
}

// add appends bytes read to those waiting to be handed out.
func (r *lineReader) add(p []byte) { r.pending = append(r.pending, p...) }

// next returns the next piece fgets would return, or false when more input
// is needed first.
func (r *lineReader) next() ([]byte, bool) {
	piece := nextPiece(r.pending, r.size, r.eof)
	if piece == 0 {
		if len(r.pending) == 0 {
			r.pending = nil // let a large buffer go
		}
		return nil, false
	}
	line := r.pending[:piece:piece]
	r.pending = r.pending[piece:]
	return line, true
}

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
