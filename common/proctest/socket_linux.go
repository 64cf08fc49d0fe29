package proctest

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// Descriptor returns a copy of the program's descriptor fd, made with
// pidfd_getfd(2), so that a test can ask the kernel about the program's own
// socket (getsockopt) rather than believe what the program says of it. The
// caller closes it: while open, it keeps the socket alive. It needs Linux
// 5.6 and the right to ptrace the program (a parent has it unless the system
// forbids it); the error says which was missing.
func (p *Proc) Descriptor(fd int) (int, error) {
	pidfd, err := unix.PidfdOpen(p.Pid(), 0)
	if err != nil {
		return -1, fmt.Errorf("pidfd_open(%d): %w", p.Pid(), err)
	}
	defer unix.Close(pidfd)
	copied, err := unix.PidfdGetfd(pidfd, fd, 0)
	if err != nil {
		return -1, fmt.Errorf("pidfd_getfd(%s's descriptor %d): %w", p.name, fd, os.NewSyscallError("pidfd_getfd", err))
	}
	return copied, nil
}

// Sockopt is an integer socket option, and the value a test wants it to
// have.
type Sockopt struct {
	Name       string // "TCP_KEEPIDLE"
	Level, Opt int
	Want       int
}

// WantSockopts reads each option with getsockopt from the program's own
// socket, its descriptor fd (on a copy: Descriptor), and checks its value.
func (p *Proc) WantSockopts(fd int, opts ...Sockopt) {
	p.t.Helper()
	copied, err := p.Descriptor(fd)
	if err != nil {
		p.t.Fatalf("%s's socket cannot be read from outside: %v", p.name, err)
	}
	defer unix.Close(copied)
	for _, o := range opts {
		if got, err := unix.GetsockoptInt(copied, o.Level, o.Opt); err != nil || got != o.Want {
			p.t.Errorf("getsockopt(%s) on %s's socket %d: got %d, %v; want %d", o.Name, p.name, fd, got, err, o.Want)
		}
	}
}
