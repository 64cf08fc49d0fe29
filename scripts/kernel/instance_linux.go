package kernel

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/sys/unix"
)

// instance is a private tracefs instance: its own ring buffer, clock,
// events and filters, which no other tracing user sees or changes.
type instance struct {
	port int    // the port watched
	dir  string // instances/graceclose-<pid>-<n>
	pipe int    // its trace_pipe, non-blocking; -1 once closed
	wake int    // an eventfd Stop writes to, to end the reader; -1 once closed
	done chan struct{}
}

// minBufferKB is the smallest ring buffer an instance gets, per CPU.
const minBufferKB = 1024

// instances counts this process's instances, to name each one apart.
var instances atomic.Int64

// ourInstance matches the names Watch gives, with the owner's pid.
var ourInstance = regexp.MustCompile(`^graceclose-(\d+)-\d+$`)

// idle holds this process's instances that a Stop has emptied and turned
// off, for the next Watch. Removing an instance takes the kernel some
// 40 ms, one removal at a time across the whole machine (it waits for an
// RCU grace period under a global lock); a lab or a test that runs dozens
// of experiments would spend seconds waiting for it. RemoveIdle removes
// them when the process is done.
var idle struct {
	sync.Mutex
	list []*instance
}

// newInstance sets up an instance for port under tracefs root, an idle
// one if there is one, else a new one, its events enabled: once it
// returns, every event is recorded.
func newInstance(root string, port int) (*instance, error) {
	removeStale(root)
	if in := takeIdle(); in != nil {
		err := in.arm(port)
		if err == nil {
			return in, nil
		}
		// Something changed it behind our back: a new one instead.
		_ = in.remove()
	}
	name := fmt.Sprintf("graceclose-%d-%d", os.Getpid(), instances.Add(1))
	in := &instance{port: port, dir: filepath.Join(root, "instances", name), pipe: -1, wake: -1, done: make(chan struct{})}
	err := os.Mkdir(in.dir, 0o700)
	if errors.Is(err, fs.ErrExist) {
		// Our pid and a number this process has not used yet: left by an
		// earlier process that had the same pid (removeStale skips our pid).
		if err = in.remove(); err == nil {
			err = os.Mkdir(in.dir, 0o700)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("tracefs: creating an instance: %w", err)
	}
	if err := in.setUp(port); err != nil {
		return nil, errors.Join(err, in.remove())
	}
	return in, nil
}

// takeIdle takes an idle instance, or returns nil.
func takeIdle() *instance {
	idle.Lock()
	defer idle.Unlock()
	n := len(idle.list)
	if n == 0 {
		return nil
	}
	in := idle.list[n-1]
	idle.list = idle.list[:n-1]
	return in
}

// RemoveIdle removes the instances Stop kept for reuse. Call it once this
// process will watch no more (the lab on its way out, a test binary after
// its tests): an instance outlives its process. If it is not called (the
// process killed), the next Watch of any process removes them.
func RemoveIdle() error {
	idle.Lock()
	list := idle.list
	idle.list = nil
	idle.Unlock()
	var errs []error
	for _, in := range list {
		errs = append(errs, in.remove())
	}
	return errors.Join(errs...)
}

// setUp gives a new instance the lab's clock, a buffer and the descriptor
// to read it, then arms it for port.
func (in *instance) setUp(port int) error {
	// mono is CLOCK_MONOTONIC, the clock of the lab's every other source;
	// the default, local, is a per-CPU clock of its own.
	if err := write(in.file("trace_clock"), "mono"); err != nil {
		return err
	}
	// Room for thousands of events per CPU: an experiment makes dozens,
	// and the reader empties it as they come. A new instance takes the
	// global default (1408 KB a CPU unless set at boot); resizing costs
	// milliseconds, so only a smaller buffer grows.
	if in.bufferKB() < minBufferKB {
		if err := write(in.file("buffer_size_kb"), strconv.Itoa(minBufferKB)); err != nil {
			return err
		}
	}
	// buffer_percent is how full the buffer must be before a waiting
	// reader wakes (50 by default); a live view wants every event at once.
	if err := write(in.file("buffer_percent"), "0"); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	var err error
	if in.pipe, err = unix.Open(in.file("trace_pipe"), unix.O_RDONLY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0); err != nil {
		in.pipe = -1
		return fmt.Errorf("tracefs: %w", os.NewSyscallError("open trace_pipe", err))
	}
	return in.arm(port)
}

// arm points the instance, new or idle, at port: the filters, an empty
// buffer, a new eventfd for Stop to wake the reader with, tracing on, and
// the events enabled last.
func (in *instance) arm(port int) error {
	in.port = port
	in.done = make(chan struct{})
	for _, e := range watched {
		if f := filterFor(in.file("events", e, "format"), port); f != "" {
			if err := write(in.file("events", e, "filter"), f); err != nil {
				return err
			}
		}
	}
	// An idle instance was read to the end with tracing off; an event
	// written as tracing went off may still have landed: read it away
	// (clearing the buffer through the trace file would wait as long as
	// removing the instance).
	buf := make([]byte, 4096)
	for {
		n, err := retryEINTR(func() (int, error) { return unix.Read(in.pipe, buf) })
		if err != nil || n == 0 {
			break
		}
	}
	var err error
	if in.wake, err = unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK); err != nil {
		in.wake = -1
		return os.NewSyscallError("eventfd", err)
	}
	if err := write(in.file("tracing_on"), "1"); err != nil {
		return err
	}
	for _, e := range watched {
		if err := write(in.file("events", e, "enable"), "1"); err != nil {
			return err
		}
	}
	return nil
}

// filterFor returns the kernel-side filter for an event, from its format
// file: its port fields (sport, dport) and its protocol field, when it has
// them. tcp_send_reset on recent kernels has neither (its addresses are
// sockaddrs the filter language cannot read): Parse filters it.
func filterFor(formatFile string, port int) string {
	format, err := os.ReadFile(formatFile)
	if err != nil {
		return ""
	}
	has := func(field string) bool { return strings.Contains(string(format), " "+field+";") }
	var f string
	if has("sport") && has("dport") {
		p := strconv.Itoa(port)
		f = "sport == " + p + " || dport == " + p
	}
	if has("protocol") && f != "" {
		f = "protocol == 6 && (" + f + ")" // IPPROTO_TCP
	}
	return f
}

// bufferKB is the size of the instance's ring buffer per CPU, 0 if unknown.
func (in *instance) bufferKB() int {
	b, _ := os.ReadFile(in.file("buffer_size_kb"))
	// "1408", or "7 (expanded: 1408)" for a buffer not yet used.
	fields := strings.Fields(string(b))
	if len(fields) == 0 {
		return 0
	}
	n, _ := strconv.Atoi(fields[0])
	return n
}

// file is a path inside the instance.
func (in *instance) file(elem ...string) string {
	return filepath.Join(append([]string{in.dir}, elem...)...)
}

// remove stops the instance's tracing, closes what is open and removes it.
// tracefs refuses to remove an instance whose trace_pipe is open (EBUSY),
// hence the order.
func (in *instance) remove() error {
	// Turning tracing and the events off first is what trace-cmd does; a
	// failure here does not matter if the instance then goes.
	_ = write(in.file("tracing_on"), "0")
	disable := write(in.file("events", "enable"), "0")
	for _, fd := range []*int{&in.pipe, &in.wake} {
		if *fd >= 0 {
			unix.Close(*fd)
			*fd = -1
		}
	}
	err := unix.Rmdir(in.dir)
	// The last close of trace_pipe is complete when close returns; an EBUSY
	// now is another program reading this instance (a curious
	// `cat trace_pipe`): give it a moment to notice.
	for i := 0; err == unix.EBUSY && i < 20; i++ {
		time.Sleep(10 * time.Millisecond)
		err = unix.Rmdir(in.dir)
	}
	if err != nil && err != unix.ENOENT {
		return errors.Join(fmt.Errorf("tracefs: removing %s: %w", in.dir, os.NewSyscallError("rmdir", err)), disable)
	}
	return nil
}

// removeStale removes the instances of Watch's earlier callers that are
// gone without Stop (killed with SIGKILL, or crashed): their buffers and
// events would otherwise stay until the next reboot. An instance of a live
// process, or one whose pid is now another process's, stays.
func removeStale(root string) {
	entries, err := os.ReadDir(filepath.Join(root, "instances"))
	if err != nil {
		return
	}
	for _, e := range entries {
		m := ourInstance.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		pid, err := strconv.Atoi(m[1])
		if err != nil || pid == os.Getpid() || unix.Kill(pid, 0) != unix.ESRCH {
			continue
		}
		// Best effort: another process may be removing it too.
		_ = (&instance{dir: filepath.Join(root, "instances", e.Name()), pipe: -1, wake: -1}).remove()
	}
}
