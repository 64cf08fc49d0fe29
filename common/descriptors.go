package common

import (
	"fmt"

	"golang.org/x/sys/unix"
)

// resolverDescriptors is how many descriptors a host name lookup takes at
// once: two that the Go runtime's network poller keeps from its first use
// (epoll and an eventfd on Linux, a kqueue elsewhere), and one for
// /etc/hosts or a name server's socket. The programs need none of them for
// an IP address, as in C.
const resolverDescriptors = 3

// descriptorsFree checks that n (at least 2) more descriptors can be opened
// now, by opening them (a pipe, and copies of it) and closing them again. Under a low ulimit -n the
// runtime, which cannot get the descriptors its poller needs, ends with a
// stack trace ("netpollinit failed"): this says it in one line first.
func descriptorsFree(n int) error {
	var opened []int
	defer func() {
		for _, fd := range opened {
			_ = unix.Close(fd)
		}
	}()
	var p [2]int
	err := unix.Pipe(p[:])
	if err == nil {
		opened = append(opened, p[0], p[1])
	}
	for err == nil && len(opened) < n {
		var fd int
		if fd, err = unix.Dup(p[0]); err == nil {
			opened = append(opened, fd)
		}
	}
	if err == unix.EMFILE || err == unix.ENFILE {
		return fmt.Errorf("too few file descriptors left (%s): a host name lookup needs %d; give an IP address, or raise the limit", descriptorLimit(), n)
	}
	return nil // done, or some other trouble: let the lookup meet it
}

// descriptorLimit is the soft limit on open descriptors, as ulimit -n shows it.
func descriptorLimit() string {
	var rl unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_NOFILE, &rl); err != nil {
		return "ulimit -n"
	}
	return fmt.Sprintf("ulimit -n is %d", rl.Cur)
}
