package common

import (
	"os"
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

// DefaultSIGPIPE sets SIGPIPE back to SIG_DFL with a raw rt_sigaction(2),
// behind the Go runtime's back, so that a write on a reset connection kills
// the process with signal 13 exactly as in C: its parent sees it signaled, a
// shell shows status 141. The runtime never touches the disposition again
// unless os/signal is asked to.
//
// It also keeps the calling goroutine (main's, which makes every write and
// send) on its thread, and blocks SIGPIPE on that thread: the SIGPIPE the
// kernel raises for a failed write is directed at the thread that wrote, so
// it waits there, pending, while the write returns EPIPE; DieOfSIGPIPE then
// writes out standard output and unblocks it, and the process dies of it.
// That is what lets the programs buffer their output across sends instead
// of writing it before each one: no line printed before the death is lost.
// (strace shows the write return EPIPE, the output written, then the
// signal.) Other threads, and SIGPIPE for anything but a write made here,
// are untouched.
func DefaultSIGPIPE() error {
	runtime.LockOSThread()
	if err := sigmask(unix.SIG_BLOCK, unix.SIGPIPE); err != nil {
		return err
	}
	return setDefault(unix.SIGPIPE)
}

// DefaultSIGPIPEUnblocked sets SIGPIPE back to SIG_DFL, as DefaultSIGPIPE
// does, and blocks it nowhere: for sends that raise no SIGPIPE at all
// (NoSIGPIPE). One raised all the same would kill the process at once.
func DefaultSIGPIPEUnblocked() error { return setDefault(unix.SIGPIPE) }

// setDefault sets sig's disposition to SIG_DFL.
func setDefault(sig unix.Signal) error {
	// A zeroed struct sigaction is SIG_DFL with no flags and an empty mask
	// on every Linux architecture, whatever the field order; it is made
	// larger than any of them. The last argument is sizeof(sigset_t): 8
	// bytes, or 16 on MIPS, which refuses 8 with EINVAL.
	var act [8]uint64
	var err error
	for _, setsize := range []uintptr{8, 16} {
		_, _, errno := unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(sig),
			uintptr(unsafe.Pointer(&act)), 0, setsize, 0, 0)
		if errno == 0 {
			return nil
		}
		err = errno
		if errno != unix.EINVAL {
			break
		}
	}
	return os.NewSyscallError("rt_sigaction", err)
}

// dieOf kills the process with sig at SIG_DFL, delivered to this thread with
// the signal unblocked: a signal already pending here (the SIGPIPE of a
// failed write) is delivered at once, any other is sent with tgkill(2). It
// returns only if the signal could not kill the process.
func dieOf(sig unix.Signal) {
	if setDefault(sig) != nil {
		return
	}
	runtime.LockOSThread()
	_ = sigmask(unix.SIG_UNBLOCK, sig)
	_ = unix.Tgkill(unix.Getpid(), unix.Gettid(), sig)
}

// deliverSIGPIPE lets a SIGPIPE pending on this thread (blocked by
// DefaultSIGPIPE, raised by a write that returned EPIPE) be delivered now,
// with whatever disposition SIGPIPE has, as if it had never been blocked;
// then blocks it again.
func deliverSIGPIPE() {
	var old unix.Sigset_t
	if unix.PthreadSigmask(unix.SIG_BLOCK, nil, &old) != nil || !sigismember(&old, unix.SIGPIPE) {
		return
	}
	_ = sigmask(unix.SIG_UNBLOCK, unix.SIGPIPE)
	_ = sigmask(unix.SIG_BLOCK, unix.SIGPIPE)
}

// sigmask blocks or unblocks (how) sig on this thread.
func sigmask(how int, sig unix.Signal) error {
	var set unix.Sigset_t
	sigaddset(&set, sig)
	return os.NewSyscallError("rt_sigprocmask", unix.PthreadSigmask(how, &set, nil))
}

func sigaddset(set *unix.Sigset_t, sig unix.Signal) {
	bit := uint(sig) - 1
	n := uint(unsafe.Sizeof(set.Val[0]) * 8)
	set.Val[bit/n] |= 1 << (bit % n)
}

func sigismember(set *unix.Sigset_t, sig unix.Signal) bool {
	bit := uint(sig) - 1
	n := uint(unsafe.Sizeof(set.Val[0]) * 8)
	return set.Val[bit/n]&(1<<(bit%n)) != 0
}
