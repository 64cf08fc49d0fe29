package common

import (
	"strconv"
	"testing"
)

// TestPrintfAllocatesNothing: the lines printed for every message or typed
// line (a []byte through %s, an int through %d, a Counter) allocate nothing,
// so a stream of input leaves the programs' memory flat and never wakes the
// garbage collector.
func TestPrintfAllocatesNothing(t *testing.T) {
	o := &Output{fd: -1, buf: make([]byte, 0, outputSize)}
	line := []byte("data12345")
	var count Counter
	allocs := testing.AllocsPerRun(1000, func() {
		o.Printf("now sending %s\n", line)
		o.Printf("send bytes: %d \n", 123456)
		o.PrintfCounted(&count, "received %d bytes: %s\n", len(line), line)
		o.buf = o.buf[:0]
	})
	if allocs != 0 {
		t.Errorf("Printf allocates %v times a line; want 0", allocs)
	}
	want := strconv.Itoa(count.n) + " x % %!q(unsupported) %!d(MISSING)"
	if got := string(appendf(nil, "%d %s %% %q %d", []any{&count, "x", 1.5})); got != want {
		t.Errorf("appendf = %q; want %q", got, want)
	}
}
