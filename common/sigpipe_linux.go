package common

import (
	"os"
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

// RestoreDefaultSIGPIPE sets SIGPIPE back to SIG_DFL with a raw
// rt_sigaction(2), behind the Go runtime's back, so that a send on a reset
// connection kills the process with signal 13 exactly as in C: its parent
// sees it signaled, a shell shows status 141. The runtime never touches the
// disposition again unless os/signal is asked to.
func RestoreDefaultSIGPIPE() error {
	// A zeroed struct sigaction is SIG_DFL with no flags and an empty mask
	// on every Linux architecture, whatever the field order; it is made
	// larger than any of them. The last argument is sizeof(sigset_t): 8
	// bytes, or 16 on MIPS, which refuses 8 with EINVAL.
	var act [8]uint64
	var err error
	for _, setsize := range []uintptr{8, 16} {
		_, _, errno := unix.RawSyscall6(unix.SYS_RT_SIGACTION, uintptr(unix.SIGPIPE),
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

// raiseSIGPIPE delivers SIGPIPE to this thread with the signal unblocked.
// A SIGPIPE the kernel raised for a send is pending on the thread that sent;
// if our parent started us with it blocked, unblocking delivers it.
func raiseSIGPIPE() {
	if RestoreDefaultSIGPIPE() != nil {
		return
	}
	runtime.LockOSThread()
	var set unix.Sigset_t
	sigaddset(&set, unix.SIGPIPE)
	_ = unix.PthreadSigmask(unix.SIG_UNBLOCK, &set, nil)
	_ = unix.Tgkill(unix.Getpid(), unix.Gettid(), unix.SIGPIPE)
}

func sigaddset(set *unix.Sigset_t, sig unix.Signal) {
	bit := uint(sig) - 1
	n := uint(unsafe.Sizeof(set.Val[0]) * 8)
	set.Val[bit/n] |= 1 << (bit % n)
}
