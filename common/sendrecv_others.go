//go:build !linux

package common

import "golang.org/x/sys/unix"

// sendCall names the call sendTo makes, in errors.
const sendCall = "sendmsg"

// sendTo is send(fd, p, len, flags), made as sendmsg(2), which the kernel
// treats the same way: golang.org/x/sys offers no other call here that
// returns the byte count. flags are 0 but under -sigpipe nosignal
// (sendFlags).
func sendTo(fd int, p []byte) (int, error) { return unix.SendmsgN(fd, p, nil, nil, sendFlags) }

// recvDontWait is recv(fd, p, len, MSG_DONTWAIT): it returns EAGAIN rather
// than wait when nothing is queued.
func recvDontWait(fd int, p []byte) (int, error) {
	n, _, err := unix.Recvfrom(fd, p, unix.MSG_DONTWAIT)
	return n, err
}

// writeNoWait is write(2) on a non-blocking descriptor.
func writeNoWait(fd int, p []byte) (int, error) { return unix.Write(fd, p) }
