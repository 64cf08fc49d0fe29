package main

import (
	"bytes"
	"testing"

	"graceclose/common"
)

// fgets is a model of fgets(buf, size, stream) called until EOF: the pieces
// it returns, one byte at a time, as the C library reads them.
func fgets(stream []byte, size int) [][]byte {
	var pieces [][]byte
	for len(stream) > 0 {
		n := 0
		for n < size-1 && n < len(stream) {
			n++
			if stream[n-1] == '\n' {
				break
			}
		}
		pieces = append(pieces, stream[:n])
		stream = stream[n:]
	}
	return pieces
}

// FuzzLineReader feeds any byte stream, split into reads anywhere, to the
// client's stdin reader: the pieces it hands out must be exactly those
// fgets with the lesson's 4096-byte buffer returns, in order, none lost,
// every complete piece must come out before the next read, and a piece must
// be said to start a line exactly when the piece before it ended one.
func FuzzLineReader(f *testing.F) {
	f.Add([]byte("data1\ndata2\nclose\n"), []byte{3, 9})
	f.Add(bytes.Repeat([]byte("x"), 5000), []byte{200, 7})
	f.Add(append(bytes.Repeat([]byte("y"), 4095), "\nshutdown"...), []byte{255, 255, 1})
	f.Add([]byte("\n\n\x00\n"), []byte{1})
	f.Fuzz(func(t *testing.T, stream []byte, splits []byte) {
		want := fgets(stream, common.MaxLine)
		r := newLineReader(-1, common.MaxLine)
		var got [][]byte
		var starts []bool
		drain := func() {
			for piece, ok := r.next(); ok; piece, ok = r.next() {
				got = append(got, bytes.Clone(piece))
				starts = append(starts, r.startsLine())
			}
		}
		rest := stream
		for i := 0; len(rest) > 0; i++ {
			n := len(rest)
			if len(splits) > 0 {
				n = min(n, 1+int(splits[i%len(splits)])*int(splits[(i+1)%len(splits)]))
			}
			r.add(rest[:n])
			rest = rest[n:]
			drain()
			// Nothing that fgets could already return may be kept back.
			if p := nextPiece(r.pending(), common.MaxLine, false); p != 0 {
				t.Fatalf("a %d-byte piece is held back after a read", p)
			}
		}
		r.eof = true
		drain()
		if len(got) != len(want) {
			t.Fatalf("got %d pieces; fgets returns %d", len(got), len(want))
		}
		for i := range want {
			if !bytes.Equal(got[i], want[i]) {
				t.Fatalf("piece %d: got %q; fgets returns %q", i, got[i], want[i])
			}
			if wantStart := i == 0 || bytes.HasSuffix(want[i-1], []byte("\n")); starts[i] != wantStart {
				t.Fatalf("piece %d (%q): starts a line %v; want %v", i, got[i], starts[i], wantStart)
			}
		}
	})
}
