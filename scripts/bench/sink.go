package bench

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"syscall"
	"time"
)

// sink is where a program's standard output goes in a run: a file, read
// back once the program has ended, or a pseudo-terminal whose master the
// bench drains as fast as it comes, as a terminal would. Either way the
// bytes go to a check (to) that keeps only what it needs.
type sink struct {
	file *os.File  // the program's standard output (the pty's slave)
	path string    // a file sink's path
	to   io.Writer // where the bytes go

	master  *os.File     // a pty sink's master
	drained atomic.Int64 // bytes read from it so far
	done    chan error   // the drain's end: nil once every slave is closed
}

// fileSink sends the output to a new file at path.
func fileSink(path string, to io.Writer) (*sink, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &sink{file: f, path: path, to: to}, nil
}

// ptySink sends the output to a new pseudo-terminal, drained into to.
func ptySink(to io.Writer) (*sink, error) {
	master, slave, err := openPty()
	if err != nil {
		return nil, err
	}
	s := &sink{file: slave, to: to, master: master, done: make(chan error, 1)}
	go s.drain()
	return s, nil
}

func (s *sink) drain() {
	buf := make([]byte, 1<<16)
	for {
		n, err := s.master.Read(buf)
		if n > 0 {
			s.to.Write(buf[:n])
			s.drained.Add(int64(n))
		}
		if err != nil {
			// EIO: no slave is open any more, the program has ended.
			if errors.Is(err, syscall.EIO) || errors.Is(err, io.EOF) {
				err = nil
			}
			s.done <- err
			return
		}
	}
}

// started closes the bench's own descriptor once the program has its copy:
// a pty's master then sees the end when the program's is closed.
func (s *sink) started() { s.file.Close() }

// size is how many bytes the program has written so far, to see that it
// makes progress.
func (s *sink) size() int64 {
	if s.master != nil {
		return s.drained.Load()
	}
	fi, err := os.Stat(s.path)
	if err != nil {
		return 0
	}
	return fi.Size()
}

// finish passes everything the program wrote to the check, once it has
// ended: the file read back, or the pty drained to its end (within
// bound).
func (s *sink) finish(bound time.Duration) error {
	if s.master == nil {
		f, err := os.Open(s.path)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.Copy(s.to, f)
		return err
	}
	select {
	case err := <-s.done:
		s.master.Close()
		s.master = nil
		return err
	case <-time.After(bound):
		return fmt.Errorf("the pseudo-terminal was still open %v after the program ended", bound)
	}
}

// close releases what is left, however the run ended.
func (s *sink) close() {
	s.file.Close()
	if s.master != nil {
		s.master.Close()
	}
}
