package common

import (
	"encoding/binary"
	"net"
	"testing"

	"golang.org/x/sys/unix"
)

func TestProcAddr(t *testing.T) {
	want := "0100007F:A8CB" // /proc/net/tcp's 127.0.0.1:43211 on a little-endian machine
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 {
		want = "7F000001:A8CB"
	}
	if got := procAddr(&unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: 43211}); got != want {
		t.Errorf("procAddr(127.0.0.1:43211) = %q; want %q", got, want)
	}
	v6 := procAddr(&unix.SockaddrInet6{Addr: [16]byte{15: 1}, Port: 80})
	if len(v6) != 32+5 || v6[32:] != ":0050" {
		t.Errorf("procAddr([::1]:80) = %q", v6)
	}
}

// TestStatesOfALiveConnection reads both ends of a loopback connection
// through TCP_INFO and through /proc/net/tcp, then half-closes one end.
func TestStatesOfALiveConnection(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	c, err := net.Dial("tcp", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	fd := func(conn net.Conn) (fd int) {
		rc, _ := conn.(*net.TCPConn).SyscallConn()
		_ = rc.Control(func(f uintptr) { fd = int(f) })
		return fd
	}
	if got, err := tcpState(fd(c)); got != "ESTABLISHED" || err != nil {
		t.Errorf("tcpState = %q, %v; want ESTABLISHED", got, err)
	}
	local, _ := unix.Getsockname(fd(c))
	remote, _ := unix.Getpeername(fd(c))
	if got, where, err := connState(local, remote); got != "ESTABLISHED" || where != "/proc/net/tcp" || err != nil {
		t.Errorf("connState = %q, %q, %v; want ESTABLISHED in /proc/net/tcp", got, where, err)
	}
	_ = c.(*net.TCPConn).CloseWrite()
	if _, err := s.Read(make([]byte, 1)); err == nil {
		t.Fatal("read data; want EOF")
	}
	if got, _ := tcpState(fd(s)); got != "CLOSE_WAIT" {
		t.Errorf("server end after the FIN: %q; want CLOSE_WAIT", got)
	}
	if got, _ := tcpState(fd(c)); got != "FIN_WAIT1" && got != "FIN_WAIT2" {
		t.Errorf("client end after CloseWrite: %q; want FIN_WAIT1 or FIN_WAIT2", got)
	}
	if got, _, err := connState(remote, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: 1}); got != "" || err != nil {
		t.Errorf("connState of no connection = %q, %v; want none", got, err)
	}
}
