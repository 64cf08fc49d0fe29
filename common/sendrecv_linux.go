package common

import (
	"unsafe"

	"golang.org/x/sys/unix"
)

// sendCall names the call sendTo makes, in errors.
const sendCall = "sendto"

// sendTo is send(fd, p, len, flags) as glibc makes it: sendto(2) with no
// address, the call strace shows for the C server's send; flags are 0 but
// under -sigpipe nosignal (sendFlags). (golang.org/x/sys's Sendto does not
// return the byte count, and its SendmsgN makes sendmsg(2).)
func sendTo(fd int, p []byte) (int, error) {
	var ptr unsafe.Pointer
	if len(p) > 0 {
		ptr = unsafe.Pointer(&p[0])
	}
	n, _, errno := unix.Syscall6(unix.SYS_SENDTO, uintptr(fd), uintptr(ptr), uintptr(len(p)), uintptr(sendFlags), 0, 0)
	if errno != 0 {
		return int(n), errno
	}
	return int(n), nil
}

// The two calls below never wait, so they are made as raw system calls,
// without telling the Go scheduler a thread may block (which costs more
// than the call itself when a stream of lines makes one per line, and keeps
// the runtime's monitor thread waking up to look).

// recvDontWait is recv(fd, p, len, MSG_DONTWAIT): recvfrom(2) with no
// address, which returns EAGAIN rather than wait when nothing is queued.
func recvDontWait(fd int, p []byte) (int, error) {
	var ptr unsafe.Pointer
	if len(p) > 0 {
		ptr = unsafe.Pointer(&p[0])
	}
	n, _, errno := unix.RawSyscall6(unix.SYS_RECVFROM, uintptr(fd), uintptr(ptr), uintptr(len(p)), unix.MSG_DONTWAIT, 0, 0)
	if errno != 0 {
		return -1, errno
	}
	return int(n), nil
}

// writeNoWait is write(2) on a non-blocking descriptor.
func writeNoWait(fd int, p []byte) (int, error) {
	var ptr unsafe.Pointer
	if len(p) > 0 {
		ptr = unsafe.Pointer(&p[0])
	}
	n, _, errno := unix.RawSyscall(unix.SYS_WRITE, uintptr(fd), uintptr(ptr), uintptr(len(p)))
	if errno != 0 {
		return -1, errno
	}
	return int(n), nil
}
