package common

import (
	"fmt"
	"os"
	"strconv"
	"unsafe"

	"golang.org/x/sys/unix"
)

// The system calls of the lesson, one thin wrapper each. Every error names
// the call that failed ("connect: connection refused"), and EINTR is retried
// in retryEINTR, not here.

// Socket creates a TCP socket of the given family (unix.AF_INET or
// unix.AF_INET6), as socket(family, SOCK_STREAM, 0).
func Socket(family int) (int, error) {
	fd, err := retryEINTR(func() (int, error) { return unix.Socket(family, unix.SOCK_STREAM, 0) })
	return fd, os.NewSyscallError("socket", err)
}

// Connect connects fd to sa, blocking until the handshake ends.
func Connect(fd int, sa unix.Sockaddr) error {
	Events.Called("connect", fd, FormatSockaddr(sa))
	err := connect(fd, sa)
	Events.Returned("connect", fd, 0, err)
	Events.Addresses(fd)
	return os.NewSyscallError("connect", err)
}

func connect(fd int, sa unix.Sockaddr) error {
	err := unix.Connect(fd, sa)
	if err == unix.EINTR || err == unix.EALREADY {
		// A signal cut the call short, but the kernel goes on with the
		// handshake (calling connect again would say EALREADY): wait
		// for it to end, then ask how it ended.
		err = waitConnected(fd)
	}
	return err
}

func waitConnected(fd int) error {
	pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
	if _, err := retryEINTR(func() (int, error) { return unix.Poll(pfd, -1) }); err != nil {
		return err
	}
	soerr, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_ERROR)
	if err != nil {
		return err
	}
	if soerr != 0 {
		return unix.Errno(soerr)
	}
	return nil
}

// SetReuseAddr sets SO_REUSEADDR on fd.
func SetReuseAddr(fd int) error {
	return os.NewSyscallError("setsockopt", unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1))
}

// Bind binds fd to sa.
func Bind(fd int, sa unix.Sockaddr) error {
	_, err := retryEINTR(func() (struct{}, error) { return struct{}{}, unix.Bind(fd, sa) })
	return os.NewSyscallError("bind", err)
}

// Listen marks fd as listening, with the given backlog.
func Listen(fd, backlog int) error {
	_, err := retryEINTR(func() (struct{}, error) { return struct{}{}, unix.Listen(fd, backlog) })
	Events.Returned("listen", fd, 0, err)
	return os.NewSyscallError("listen", err)
}

// Accept waits for a connection on the listening fd and returns its socket.
func Accept(fd int) (int, unix.Sockaddr, error) {
	var sa unix.Sockaddr
	Events.Called("accept", fd, "")
	nfd, err := retryEINTR(func() (int, error) {
		nfd, from, err := unix.Accept(fd)
		sa = from
		return nfd, err
	})
	Events.Returned("accept", fd, nfd, err)
	Events.Addresses(nfd)
	return nfd, sa, os.NewSyscallError("accept", err)
}

// Read reads at most len(p) bytes from fd; 0 bytes and no error is EOF.
func Read(fd int, p []byte) (int, error) {
	n, err := retryEINTR(func() (int, error) { return unix.Read(fd, p) })
	Events.Returned("read", fd, n, err)
	if err != nil {
		return -1, os.NewSyscallError("read", err)
	}
	return n, nil
}

// ReadWaiting reads at most len(p) bytes from the blocking socket fd, as
// read(2) does, but asks first without waiting (recv with MSG_DONTWAIT): only
// when nothing is queued does it write out standard output, then wait in
// read(2). A person sees every line before the program waits, and a stream
// of messages costs no write of standard output per message.
func ReadWaiting(fd int, p []byte) (int, error) {
	n, err := retryEINTR(func() (int, error) { return recvDontWait(fd, p) })
	if err == unix.EAGAIN || err == unix.EWOULDBLOCK {
		Stdout.Flush()
		return Read(fd, p)
	}
	Events.Returned("read", fd, n, err) // recvfrom(MSG_DONTWAIT): the lesson's read, that did not wait
	if err != nil {
		return -1, os.NewSyscallError("recvfrom", err)
	}
	return n, nil
}

// Write writes all of p to fd with write(2), as many calls as it takes (a
// signal can cut a large write short), and returns the bytes written.
func Write(fd int, p []byte) (int, error) {
	Events.Called("write", fd, strconv.Itoa(len(p))+" bytes")
	n, err := writeAll(p, "write", func(p []byte) (int, error) { return unix.Write(fd, p) })
	Events.Returned("write", fd, n, err)
	return n, err
}

// WriteNonblocking makes one write(2) of p to fd, a non-blocking descriptor
// (SetNonblock), again if a signal interrupts it before it writes anything,
// and returns what it wrote: with little room, part of p, or EAGAIN.
func WriteNonblocking(fd int, p []byte) (int, error) {
	Events.Called("write", fd, strconv.Itoa(len(p))+" bytes")
	n, err := retryEINTR(func() (int, error) { return writeNoWait(fd, p) })
	Events.Returned("write", fd, n, err)
	if err != nil {
		return 0, os.NewSyscallError("write", err)
	}
	return n, nil
}

// Send sends all of p on the socket fd, with flags 0, as many calls as it
// takes, and returns the bytes sent: the lesson's send(2) (sendTo,
// sendrecv_*.go).
func Send(fd int, p []byte) (int, error) {
	Events.Called("send", fd, strconv.Itoa(len(p))+" bytes")
	n, err := writeAll(p, sendCall, func(p []byte) (int, error) { return sendTo(fd, p) })
	Events.Returned("send", fd, n, err)
	return n, err
}

// SetNonblock puts fd in non-blocking mode (O_NONBLOCK): a write that finds
// no room returns what it could write, or EAGAIN, instead of waiting.
func SetNonblock(fd int) error {
	return os.NewSyscallError("fcntl", unix.SetNonblock(fd, true))
}

// SetBlocking takes fd out of non-blocking mode: calls on it wait again.
func SetBlocking(fd int) error {
	return os.NewSyscallError("fcntl", unix.SetNonblock(fd, false))
}

func writeAll(p []byte, call string, write func([]byte) (int, error)) (int, error) {
	total := 0
	for {
		n, err := retryEINTR(func() (int, error) { return write(p[total:]) })
		if err != nil {
			return total, os.NewSyscallError(call, err)
		}
		total += n
		if total >= len(p) {
			return total, nil
		}
	}
}

// Shutdown shuts down part of a full-duplex connection: unix.SHUT_RD,
// unix.SHUT_WR or unix.SHUT_RDWR.
func Shutdown(fd, how int) error {
	Trace.calling()
	Events.Called("shutdown", fd, ShutHow(how))
	_, err := retryEINTR(func() (struct{}, error) { return struct{}{}, unix.Shutdown(fd, how) })
	Events.Returned("shutdown", fd, 0, err)
	return os.NewSyscallError("shutdown", err)
}

// ShutHow names shutdown(2)'s how: "SHUT_RD", "SHUT_WR", "SHUT_RDWR".
func ShutHow(how int) string {
	switch how {
	case unix.SHUT_RD:
		return "SHUT_RD"
	case unix.SHUT_WR:
		return "SHUT_WR"
	case unix.SHUT_RDWR:
		return "SHUT_RDWR"
	}
	return strconv.Itoa(how)
}

// Close closes fd. It is never retried: on EINTR the descriptor is already
// gone on Linux, and a retry could close a descriptor opened meanwhile. With
// -trace, what the close is about to send (a FIN or a RST) is read from the
// socket first, while it can still be.
func Close(fd int) error {
	Trace.closing(fd)
	Trace.calling()
	Events.Called("close", fd, "")
	err := unix.Close(fd)
	Events.Returned("close", fd, 0, err)
	return os.NewSyscallError("close", err)
}

// Select waits until one of the descriptors in readfds (below nfd) is
// readable or one in writefds is writable, with no timeout, and leaves only
// those set.
func Select(nfd int, readfds, writefds *unix.FdSet) (int, error) {
	wantRead, wantWrite := *readfds, *writefds
	n, err := retryEINTR(func() (int, error) {
		// An interrupted select may have changed the sets.
		*readfds, *writefds = wantRead, wantWrite
		return unix.Select(nfd, readfds, writefds, nil, nil)
	})
	return n, os.NewSyscallError("select", err)
}

// FDSetSize is FD_SETSIZE: select(2) watches descriptors below it only
// (unix.FdSet has room for no more).
const FDSetSize = int(unsafe.Sizeof(unix.FdSet{})) * 8

// CheckSelectable returns an error if select(2) cannot watch fd: a process
// with a thousand descriptors open gets sockets past FD_SETSIZE.
func CheckSelectable(fd int) error {
	if fd < 0 || fd >= FDSetSize {
		return fmt.Errorf("descriptor %d is past what select(2) can watch (FD_SETSIZE is %d): too many descriptors open", fd, FDSetSize)
	}
	return nil
}
