package kernel

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"slices"
	"sort"

	"golang.org/x/sys/unix"

	"graceclose/scripts/events"
)

// Watch starts watching TCP port `port` (a connection's server port; both
// ends of every connection to or from it): it takes a private tracefs
// instance, one an earlier Stop of this process left idle or a new one
// named "graceclose-<pid>-<n>" under instances/ with its trace_clock set
// to mono, enables the four events with kernel-side filters on the port
// where the event has port fields, and reads its trace_pipe in a
// goroutine. Every event after Watch returns is recorded.
//
// It removes stale instances named graceclose-<pid>-* whose process is
// gone (left by a process killed with SIGKILL), and mounts tracefs if
// needed (and leaves it mounted, as systemd does at boot). Call Stop when
// done, on every path out, and RemoveIdle before the process ends: an
// instance outlives its process.
func Watch(port int) (*Watcher, error) {
	if err := checkPort(port); err != nil {
		return nil, err
	}
	root, err := tracefs()
	if err != nil {
		return nil, err
	}
	in, err := newInstance(root, port)
	if err != nil {
		return nil, err
	}
	w := &Watcher{inst: in}
	go w.read()
	return w, nil
}

// read turns what trace_pipe gives into events until Stop wakes it, then
// reads what is left and returns.
//
// It waits in poll(2) on trace_pipe and on an eventfd rather than in a
// blocking read: a read blocked in the kernel on trace_pipe does not wake
// when another thread closes the descriptor, and rmdir of the instance
// fails while it is open. With tracing turned off first, a non-blocking
// read that finds the buffer empty (EAGAIN) means every event is read.
func (w *Watcher) read() {
	in := w.inst
	defer close(in.done)
	p := parser{port: in.port}
	var pending []byte // a line split across reads
	buf := make([]byte, 64*1024)
	fds := []unix.PollFd{{Fd: int32(in.pipe), Events: unix.POLLIN}, {Fd: int32(in.wake), Events: unix.POLLIN}}
	for {
		if _, err := retryEINTR(func() (int, error) { return unix.Poll(fds, -1) }); err != nil {
			w.fail(os.NewSyscallError("poll", err))
			return
		}
		stopping := fds[1].Revents != 0
		for {
			n, err := retryEINTR(func() (int, error) { return unix.Read(in.pipe, buf) })
			if err == unix.EAGAIN || (err == nil && n == 0) {
				break
			}
			if err != nil {
				w.fail(os.NewSyscallError("read trace_pipe", err))
				return
			}
			pending = append(pending, buf[:n]...)
			for {
				line, rest, ok := bytes.Cut(pending, []byte("\n"))
				if !ok {
					break
				}
				w.use(&p, string(line))
				pending = rest
			}
			pending = append([]byte(nil), pending...) // do not pin the bytes already used
		}
		if stopping {
			if len(pending) > 0 {
				w.use(&p, string(pending))
			}
			return
		}
	}
}

// use keeps the event a line holds, if any.
func (w *Watcher) use(p *parser, line string) {
	ev, ok, err := p.line(line)
	if err != nil {
		w.fail(err)
	} else if ok {
		w.add(ev)
	}
}

// add keeps the events in time order: trace_pipe read live can print an
// event of one CPU after a later one of another, and an event with the
// same time as others goes after them, as Sort would place it.
func (w *Watcher) add(ev events.Event) {
	w.mu.Lock()
	defer w.mu.Unlock()
	i := sort.Search(len(w.evs), func(i int) bool { return w.evs[i].At > ev.At })
	w.evs = slices.Insert(w.evs, i, ev)
}

// fail keeps the first error the reader met.
func (w *Watcher) fail(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.readErr == nil {
		w.readErr = err
	}
}

// stop turns tracing off so that the buffer stops growing, wakes the
// reader to empty it, and once the reader is done disables the events and
// keeps the instance, empty, for the next Watch (RemoveIdle removes it);
// one that cannot be turned off is removed at once.
func (in *instance) stop() error {
	off := write(in.file("tracing_on"), "0")
	one := make([]byte, 8)
	binary.NativeEndian.PutUint64(one, 1)
	if _, err := retryEINTR(func() (int, error) { return unix.Write(in.wake, one) }); err != nil {
		// The reader cannot be woken: leave it, and the instance, rather
		// than hang; a Watch after this process has ended removes it.
		return errors.Join(off, os.NewSyscallError("write eventfd", err))
	}
	<-in.done
	unix.Close(in.wake)
	in.wake = -1
	if err := errors.Join(off, write(in.file("events", "enable"), "0")); err != nil {
		return errors.Join(err, in.remove())
	}
	idle.Lock()
	idle.list = append(idle.list, in)
	idle.Unlock()
	return nil
}

// retryEINTR calls f until it returns anything but EINTR: the Go runtime's
// own signals (SIGURG, for preemption) interrupt poll(2) all the time, and
// an interrupted call has done nothing. (common/eintr.go has the programs'
// copy; it is not exported.)
func retryEINTR(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if err != unix.EINTR {
			return n, err
		}
	}
}
