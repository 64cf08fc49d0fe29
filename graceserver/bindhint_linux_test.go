package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"graceclose/common/proctest"
)

// TestBindHintListening: on a terminal, "Address already in use" is
// followed by one line naming what holds the port: here a server listening
// on it, this test, found by its socket in /proc. (On a pipe the bytes are
// the course's alone: TestPortInUse.)
func TestBindHintListening(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	got := onTerminal(t, "-addr", "127.0.0.1", "-port", strconv.Itoa(port))
	want := fmt.Sprintf("bind failed : Address already in use (%d)\n"+
		"graceserver: port %d is taken by a server listening on it, %s (pid %d); stop it (Ctrl-C in its terminal), or choose another -port\n",
		int(unix.EADDRINUSE), port, filepath.Base(os.Args[0]), os.Getpid())
	wantText(t, "stderr on a terminal", got, want)
}

// TestBindHintTimeWait: after Ctrl-C on a server with a client connected,
// its end of the connection, which closed first, is in TIME_WAIT; a new
// server on a terminal is told so, with how long it lasts, and that
// -reuseaddr would not help (the previous server did not set it). (On a
// pipe: the course's line alone, TestReuseAddr.)
func TestBindHintTimeWait(t *testing.T) {
	t.Parallel()
	server, port := proctest.StartServer(t, "127.0.0.1")
	conn := dial(t, port)
	conn.Write([]byte("data1"))
	server.WaitStdout("received 5 bytes: data1\n", 1)
	server.Signal(syscall.SIGINT)
	wantExit(t, server, proctest.Exited(0))
	_ = conn.SetReadDeadline(time.Now().Add(proctest.Timeout))
	if n, err := conn.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("client read after the server's exit: %d, %v; want EOF", n, err)
	}
	serverEnd, clientEnd := conn.RemoteAddr().(*net.TCPAddr).AddrPort(), conn.LocalAddr().(*net.TCPAddr).AddrPort()
	conn.Close() // the server's end goes from FIN_WAIT2 to TIME_WAIT
	for deadline := time.Now().Add(proctest.Timeout); ; time.Sleep(time.Millisecond) {
		if entry, _ := proctest.LookupTCP(serverEnd, clientEnd); entry.State == "06" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server's end of the connection never reached TIME_WAIT")
		}
	}

	got := onTerminal(t, "-addr", "127.0.0.1", "-port", strconv.Itoa(port))
	want := regexp.MustCompile(`^bind failed : Address already in use \(98\)\n` +
		regexp.QuoteMeta(fmt.Sprintf("graceserver: port %d is held by a connection in TIME_WAIT (127.0.0.1:%d to %v): ", port, port, clientEnd)) +
		regexp.QuoteMeta("the previous server's end, which closed first, waits there 60 s, fixed on Linux: ") + `([1-9]|[1-5][0-9]|60) s more` +
		regexp.QuoteMeta("; wait, or choose another -port (-reuseaddr would not help now: on Linux the previous server must have set it too)") + "\n$")
	if !want.MatchString(got) {
		t.Errorf("stderr on a terminal:\ngot  %q\nwant %q", got, want)
	}
}

// onTerminal runs the server with args, its standard error a terminal (a
// pseudo-terminal the test opens), and returns what it wrote there once it
// has ended with exit status 1, the terminal's \r\n turned back into \n.
func onTerminal(t *testing.T, args ...string) string {
	t.Helper()
	terminal, pts := openPty(t)
	p := proctest.StartWith(t, proctest.Options{Stderr: pts}, proctest.Server(t), args...)
	pts.Close() // the server holds the only other copy: its end is read as EIO
	wantExit(t, p, proctest.Exited(1))
	var out strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := terminal.Read(buf)
		out.Write(buf[:n])
		if err != nil {
			break // EIO: the terminal's other end is closed, all read
		}
	}
	return strings.ReplaceAll(out.String(), "\r\n", "\n")
}

// openPty opens a pseudo-terminal: its controlling side, which the test
// reads, and the terminal itself, for a program's standard error.
func openPty(t *testing.T) (control, terminal *os.File) {
	t.Helper()
	m, err := unix.Open("/dev/ptmx", unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatalf("opening /dev/ptmx: %v", err)
	}
	control = os.NewFile(uintptr(m), "/dev/ptmx")
	t.Cleanup(func() { control.Close() })
	if err := unix.IoctlSetPointerInt(m, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatalf("unlockpt: %v", err)
	}
	n, err := unix.IoctlGetInt(m, unix.TIOCGPTN)
	if err != nil {
		t.Fatalf("ptsname: %v", err)
	}
	s, err := unix.Open("/dev/pts/"+strconv.Itoa(n), unix.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	if err != nil {
		t.Fatalf("opening /dev/pts/%d: %v", n, err)
	}
	return control, os.NewFile(uintptr(s), "/dev/pts/"+strconv.Itoa(n))
}
