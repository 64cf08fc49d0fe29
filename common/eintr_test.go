package common

import (
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func TestRetryEINTR(t *testing.T) {
	calls := 0
	n, err := retryEINTR(func() (int, error) {
		calls++
		if calls < 3 {
			return -1, unix.EINTR
		}
		return 7, unix.EAGAIN
	})
	if n != 7 || err != unix.EAGAIN || calls != 3 {
		t.Errorf("got %d, %v after %d calls; want 7, EAGAIN after 3", n, err, calls)
	}
}

// TestWriteAllShortWrites: a write cut short, or interrupted, goes on with
// the rest until all is written.
func TestWriteAllShortWrites(t *testing.T) {
	var got []byte
	interrupted := false
	n, err := writeAll([]byte("abcdefg"), "write", func(p []byte) (int, error) {
		if len(got) == 2 && !interrupted {
			interrupted = true
			return -1, unix.EINTR
		}
		k := min(len(p), 2)
		got = append(got, p[:k]...)
		return k, nil
	})
	if n != 7 || err != nil || string(got) != "abcdefg" {
		t.Errorf("writeAll = %d, %v, wrote %q; want 7, nil, \"abcdefg\"", n, err, got)
	}
	n, err = writeAll([]byte("abc"), "send", func(p []byte) (int, error) { return -1, unix.EPIPE })
	if n != 0 || err == nil || err.Error() != "send: broken pipe" {
		t.Errorf("writeAll = %d, %v; want 0, send: broken pipe", n, err)
	}
}

// TestSelectRetriesEINTR interrupts a real select(2) with a stream of
// signals: it must keep waiting, and return only when the pipe is readable.
func TestSelectRetriesEINTR(t *testing.T) {
	var p [2]int
	if err := unix.Pipe(p[:]); err != nil {
		t.Fatal(err)
	}
	defer unix.Close(p[0])
	defer unix.Close(p[1])
	go func() {
		for range 200 {
			_ = unix.Kill(unix.Getpid(), unix.SIGURG)
			time.Sleep(50 * time.Microsecond)
		}
		_, _ = unix.Write(p[1], []byte("x"))
	}()
	var readfds, writefds unix.FdSet
	readfds.Set(p[0])
	n, err := Select(p[0]+1, &readfds, &writefds)
	if n != 1 || err != nil || !readfds.IsSet(p[0]) {
		t.Errorf("Select = %d, %v, readable %v; want 1, nil, true", n, err, readfds.IsSet(p[0]))
	}
}
