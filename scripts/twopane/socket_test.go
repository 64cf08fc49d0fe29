package twopane

import "golang.org/x/sys/unix"

// boundSocket opens a TCP socket bound to a port of 127.0.0.1 the kernel
// picks, listening if listen, without SO_REUSEADDR: another socket cannot
// bind that port while it is open.
func boundSocket(listen bool) (fd, port int, err error) {
	fd, err = unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err != nil {
		return -1, 0, err
	}
	sa := &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}
	if err = unix.Bind(fd, sa); err == nil && listen {
		err = unix.Listen(fd, 1)
	}
	var name unix.Sockaddr
	if err == nil {
		name, err = unix.Getsockname(fd)
	}
	if err != nil {
		unix.Close(fd)
		return -1, 0, err
	}
	return fd, name.(*unix.SockaddrInet4).Port, nil
}

func closeSocket(fd int) { unix.Close(fd) }
