package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"graceclose/common/proctest"
)

// dial connects a test client, a plain Go socket, to the server.
func dial(t *testing.T, port int) *net.TCPConn {
	t.Helper()
	conn, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn.(*net.TCPConn)
}

func readFull(t *testing.T, conn net.Conn, n int) []byte {
	t.Helper()
	buf := make([]byte, n)
	_ = conn.SetReadDeadline(time.Now().Add(proctest.Timeout))
	if _, err := io.ReadFull(conn, buf); err != nil {
		t.Fatalf("reading %d bytes of reply: %v", n, err)
	}
	return buf
}

// The checks every test here makes.
var (
	wantExit = proctest.WantExit
	wantText = proctest.WantText
)

// TestSigintWaitingForClient: Ctrl-C before anyone connects.
func TestSigintWaitingForClient(t *testing.T) {
	t.Parallel()
	server, _ := proctest.StartServer(t, "127.0.0.1")
	server.Signal(syscall.SIGINT)
	wantExit(t, server, proctest.Exited(0))
	wantText(t, "stdout", server.Stdout(), "\nreceived 0 datagrams\n")
	wantText(t, "stderr", server.Stderr(), "")
}

// TestSigintDuringDelay: Ctrl-C while the server "works" on a message.
func TestSigintDuringDelay(t *testing.T) {
	t.Parallel()
	server, port := proctest.StartServer(t, "127.0.0.1", "-delay", "1h")
	conn := dial(t, port)
	conn.Write([]byte("data1"))
	server.WaitStdout("received 5 bytes: data1\n", 1)
	server.Signal(syscall.SIGINT)
	wantExit(t, server, proctest.Exited(0))
	wantText(t, "stdout", server.Stdout(), "received 5 bytes: data1\n\nreceived 1 datagrams\n")
}

// TestSigintInRead: Ctrl-C while the server waits for the next message.
func TestSigintInRead(t *testing.T) {
	t.Parallel()
	server, port := proctest.StartServer(t, "127.0.0.1", "-delay", "0")
	conn := dial(t, port)
	for i, msg := range []string{"data1", "data2"} {
		conn.Write([]byte(msg))
		wantText(t, "reply", string(readFull(t, conn, 9)), "Hi, "+msg)
		server.WaitStdout("send bytes: 9 \n", i+1)
	}
	server.Signal(syscall.SIGINT)
	wantExit(t, server, proctest.Exited(0))
	wantText(t, "stdout", server.Stdout(),
		"received 5 bytes: data1\nsend bytes: 9 \nreceived 5 bytes: data2\nsend bytes: 9 \n\nreceived 2 datagrams\n")
}

// TestRead4096: a read that fills the lesson's buffer is printed and
// answered in full (the C program overflows its buffers here).
func TestRead4096(t *testing.T) {
	t.Parallel()
	server, port := proctest.StartServer(t, "127.0.0.1", "-delay", "0")
	conn := dial(t, port)
	msg := bytes.Repeat([]byte("0123456789abcdef"), 4096/16)
	conn.Write(msg)
	reply := readFull(t, conn, 4+len(msg))
	if !bytes.Equal(reply, append([]byte("Hi, "), msg...)) {
		t.Errorf("reply is not \"Hi, \" and the 4096 bytes: %q...", reply[:40])
	}
	server.WaitStdout("send bytes: 4100 \n", 1)
	wantText(t, "stdout", server.Stdout(), fmt.Sprintf("received 4096 bytes: %s\nsend bytes: 4100 \n", msg))
}

// TestHostileClient: escape sequences, NUL bytes and invalid UTF-8 are echoed
// unchanged on the wire (the C program's %s stops at the first NUL), shown
// escaped on the server's terminal, and printed as received with -raw.
func TestHostileClient(t *testing.T) {
	t.Parallel()
	msg := "\x1b[2J\x1b]0;owned\x07a\x00b\xff\xfec"
	for args, shown := range map[string]string{
		"":     `\x1b[2J\x1b]0;owned\x07a\x00b\xff\xfec`,
		"-raw": msg,
	} {
		t.Run("args="+args, func(t *testing.T) {
			t.Parallel()
			server, port := proctest.StartServer(t, "127.0.0.1", append([]string{"-delay", "0"}, strings.Fields(args)...)...)
			conn := dial(t, port)
			conn.Write([]byte(msg))
			wantText(t, "reply", string(readFull(t, conn, 4+len(msg))), "Hi, "+msg)
			server.WaitStdout("send bytes: 24 \n", 1)
			wantText(t, "stdout", server.Stdout(), "received 20 bytes: "+shown+"\nsend bytes: 24 \n")
		})
	}
}

// TestClientReset: a client that aborts (SO_LINGER 0, a RST) makes the
// server's read fail with ECONNRESET.
func TestClientReset(t *testing.T) {
	t.Parallel()
	server, port := proctest.StartServer(t, "127.0.0.1", "-delay", "0")
	conn := dial(t, port)
	conn.Write([]byte("data1"))
	readFull(t, conn, 9)
	server.WaitStdout("send bytes: 9 \n", 1)
	conn.SetLinger(0)
	conn.Close()
	wantExit(t, server, proctest.Exited(1))
	wantText(t, "stderr", server.Stderr(), fmt.Sprintf("error read: Connection reset by peer (%d)\n", int(unix.ECONNRESET)))
}

// TestPortInUse: bind fails in the course's format.
func TestPortInUse(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	server := proctest.Start(t, proctest.Server(t), "-addr", "127.0.0.1", "-port", strconv.Itoa(port))
	wantExit(t, server, proctest.Exited(1))
	wantText(t, "stderr", server.Stderr(), fmt.Sprintf("bind failed : Address already in use (%d)\n", int(unix.EADDRINUSE)))
	wantText(t, "stdout", server.Stdout(), "")
}

// TestReuseAddr: after a server ends a connection first, its port is held in
// TIME_WAIT; without -reuseaddr (as in C) the next server cannot bind it,
// with -reuseaddr it can (Linux wants SO_REUSEADDR on the old socket too).
func TestReuseAddr(t *testing.T) {
	t.Parallel()
	server, port := proctest.StartServer(t, "127.0.0.1", "-reuseaddr")
	conn := dial(t, port)
	conn.Write([]byte("data1"))
	server.WaitStdout("received 5 bytes: data1\n", 1)
	server.Signal(syscall.SIGINT) // the server closes first: its end goes to TIME_WAIT
	wantExit(t, server, proctest.Exited(0))
	_ = conn.SetReadDeadline(time.Now().Add(proctest.Timeout))
	if n, err := conn.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("client read after the server's exit: %d, %v; want EOF", n, err)
	}
	conn.Close()

	again := proctest.Start(t, proctest.Server(t), "-addr", "127.0.0.1", "-port", strconv.Itoa(port))
	wantExit(t, again, proctest.Exited(1))
	wantText(t, "stderr without -reuseaddr", again.Stderr(), fmt.Sprintf("bind failed : Address already in use (%d)\n", int(unix.EADDRINUSE)))

	reuse := proctest.Start(t, proctest.Server(t), "-addr", "127.0.0.1", "-port", strconv.Itoa(port), "-reuseaddr")
	reuse.WaitListening(port)
	reuse.Signal(syscall.SIGINT)
	wantExit(t, reuse, proctest.Exited(0))
}

func TestServerUsage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"extra"}, "usage: graceserver [flags]\n"},
		{[]string{"-sigpipe", "loud"}, "graceserver: invalid value \"loud\" for flag -sigpipe: want default, ignore, custom or nosignal (see graceserver -h)\n"},
		{[]string{"-port", "70000"}, "graceserver: invalid value \"70000\" for flag -port: want a port number from 1 to 65535 (see graceserver -h)\n"},
		{[]string{"-delay", "soon"}, "graceserver: invalid value \"soon\" for flag -delay: want a duration such as 5s or 300ms, or a number of seconds (see graceserver -h)\n"},
		{[]string{"-addr", "1.2.3.456"}, "graceserver: invalid address \"1.2.3.456\": not an IPv4 or IPv6 address\n"},
		{[]string{"-nosuchflag"}, "graceserver: flag provided but not defined: -nosuchflag (see graceserver -h)\n"},
		// The address and the port given as arguments are shown as flags.
		{[]string{"127.0.0.1"}, "graceserver: takes no arguments (the address and the port are flags): graceserver -addr 127.0.0.1\n"},
		{[]string{"43211"}, "graceserver: takes no arguments (the address and the port are flags): graceserver -port 43211\n"},
		{[]string{"[::1]:43211"}, "graceserver: takes no arguments (the address and the port are flags): graceserver -addr ::1 -port 43211\n"},
		{[]string{"0.0.0.0", "43211", "-delay", "1s"}, "graceserver: takes no arguments (the address and the port are flags): graceserver -addr 0.0.0.0 -port 43211\n"},
		{[]string{"-addr", "127.0.0.1:43211"}, "graceserver: -addr \"127.0.0.1:43211\" is an address with a port; the port is a flag: graceserver -addr 127.0.0.1 -port 43211\n"},
		{[]string{"-keepalive", "40000s"}, "graceserver: invalid value \"40000s\" for flag -keepalive: too long: at most 9h6m7s (32767 s, Linux's limit) (see graceserver -h)\n"},
		{[]string{"-user-timeout", "-1s"}, "graceserver: invalid value \"-1s\" for flag -user-timeout: must not be negative (see graceserver -h)\n"},
		{[]string{"127.0.0.1", "-delay", "soon"}, "graceserver: invalid value \"soon\" for flag -delay: want a duration such as 5s or 300ms, or a number of seconds (see graceserver -h)\n"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			p := proctest.Start(t, proctest.Server(t), tc.args...)
			wantExit(t, p, proctest.Exited(1))
			wantText(t, "stderr", p.Stderr(), tc.want)
			wantText(t, "stdout", p.Stdout(), "")
		})
	}
}

// TestServerHelp: -h says what the program does, then the flags, and no
// default as odd as "(default default)".
func TestServerHelp(t *testing.T) {
	t.Parallel()
	p := proctest.Start(t, proctest.Server(t), "-h")
	wantExit(t, p, proctest.Exited(0))
	for _, want := range []string{"usage: graceserver [flags]\n\ngraceserver accepts one client", "\n\nflags:\n",
		"-addr", "-port", "-delay", "-sigpipe", "-reuseaddr", "-keepalive", "-user-timeout", "nosignal"} {
		if !strings.Contains(p.Stdout(), want) {
			t.Errorf("-h output lacks %q:\n%s", want, p.Stdout())
		}
	}
	if strings.Contains(p.Stdout(), "(default default)") {
		t.Errorf("-h output says \"(default default)\":\n%s", p.Stdout())
	}
}

// TestBacklogTooLarge: a backlog listen(2) cannot take (a C int) is
// refused, not wrapped around to something else (4294967296 became 0).
func TestBacklogTooLarge(t *testing.T) {
	t.Parallel()
	for _, backlog := range []string{"4294967296", "2147483648"} {
		p := proctest.Start(t, proctest.Server(t), "-backlog", backlog)
		wantExit(t, p, proctest.Exited(1))
		wantText(t, "stderr", p.Stderr(), "graceserver: invalid -backlog "+backlog+": must be at most 2147483647 (listen takes a C int)\n")
	}
}

// TestServerTooLongDurations: a pause past time.Duration's limit is called
// too long, with the limit.
func TestServerTooLongDurations(t *testing.T) {
	t.Parallel()
	const tooLong = "too long: at most 2562047h47m16.854775807s (9223372036.854775807 seconds)"
	for _, tc := range []struct{ flag, value string }{
		{"-delay", "9999999h"}, {"-delay", "9223372036.854775808"}, {"-accept-after", "1e19"},
	} {
		p := proctest.Start(t, proctest.Server(t), tc.flag, tc.value)
		wantExit(t, p, proctest.Exited(1))
		wantText(t, "stderr for "+tc.flag+" "+tc.value, p.Stderr(),
			"graceserver: invalid value \""+tc.value+"\" for flag "+tc.flag+": "+tooLong+" (see graceserver -h)\n")
	}
}
