package main

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"graceclose/common/proctest"
)

// TestConnOptions: -keepalive and -user-timeout, read from the kernel
// rather than believed: the test takes a copy of the server's connected
// socket (pidfd_getfd) and reads each option with getsockopt; the kernel's
// table shows the keepalive timer running on the idle connection, due
// within the idle time; and -trace says what it read back. Without the
// flags the options are the kernel's defaults and no timer runs. -keepalive
// 1500ms is rounded up to whole seconds, 2.
func TestConnOptions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name                            string
		args                            []string
		keepalive, idle, intvl, cnt, ut int
		timer                           int
		traced                          []string
	}{
		{name: "defaults", keepalive: 0, idle: sysctl(t, "tcp_keepalive_time"), intvl: sysctl(t, "tcp_keepalive_intvl"),
			cnt: sysctl(t, "tcp_keepalive_probes"), ut: 0, timer: 0},
		{name: "set", args: []string{"-keepalive", "1500ms", "-user-timeout", "2s", "-trace"}, keepalive: 1, idle: 2, intvl: 2, cnt: 3, ut: 2000, timer: 2,
			traced: []string{"setsockopt(SO_KEEPALIVE, 1), TCP_KEEPIDLE 2 s, TCP_KEEPINTVL 2 s, TCP_KEEPCNT 3: ", "setsockopt(TCP_USER_TIMEOUT, 2000 ms): "}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			server, port := proctest.StartServer(t, "127.0.0.1", append([]string{"-delay", "1h"}, tc.args...)...)
			conn := dial(t, port)
			conn.Write([]byte("data1"))
			server.WaitStdout("received 5 bytes: data1\n", 1)
			// The server's descriptors: 3 listens, 4 is the connection, as in C.
			server.WantSockopts(4,
				proctest.Sockopt{Name: "SO_KEEPALIVE", Level: unix.SOL_SOCKET, Opt: unix.SO_KEEPALIVE, Want: tc.keepalive},
				proctest.Sockopt{Name: "TCP_USER_TIMEOUT", Level: unix.IPPROTO_TCP, Opt: unix.TCP_USER_TIMEOUT, Want: tc.ut},
				proctest.Sockopt{Name: "TCP_KEEPIDLE", Level: unix.IPPROTO_TCP, Opt: unix.TCP_KEEPIDLE, Want: tc.idle},
				proctest.Sockopt{Name: "TCP_KEEPINTVL", Level: unix.IPPROTO_TCP, Opt: unix.TCP_KEEPINTVL, Want: tc.intvl},
				proctest.Sockopt{Name: "TCP_KEEPCNT", Level: unix.IPPROTO_TCP, Opt: unix.TCP_KEEPCNT, Want: tc.cnt},
			)
			entry, ok := proctest.LookupTCP(conn.RemoteAddr().(*net.TCPAddr).AddrPort(), conn.LocalAddr().(*net.TCPAddr).AddrPort())
			if !ok {
				t.Fatalf("the server's end of the connection is not in /proc/net/tcp")
			}
			if entry.Timer != tc.timer || tc.timer == 2 && entry.TimerLeft > time.Duration(tc.idle)*time.Second {
				t.Errorf("the server's idle connection: timer %d due in %v; want timer %d (2: keepalive, due within %d s)", entry.Timer, entry.TimerLeft, tc.timer, tc.idle)
			}
			for _, want := range tc.traced {
				server.WaitStderr(want) // stderr is read apart from stdout: it may lag
			}
		})
	}
}

// sysctl reads one of the kernel's TCP settings, a number
// (/proc/sys/net/ipv4/NAME): the defaults a socket has without -keepalive.
func sysctl(t *testing.T, name string) int {
	t.Helper()
	data, err := os.ReadFile("/proc/sys/net/ipv4/" + name)
	if err != nil {
		t.Fatal(err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		t.Fatalf("/proc/sys/net/ipv4/%s: %v", name, err)
	}
	return n
}

// TestUserTimeoutZeroWindow: with -user-timeout, a reply the client never
// makes room for (it reads nothing, its receive window is closed) is given
// up after that long: the blocked send fails with ETIMEDOUT, and the server
// says so in the course's format. tcp(7): TCP_USER_TIMEOUT bounds how long
// "buffered data may remain untransmitted (due to zero window size)" as it
// bounds unacknowledged data. Without it the send would wait forever
// (TestFatalSignalKeepsBufferedLines).
func TestUserTimeoutZeroWindow(t *testing.T) {
	t.Parallel()
	server, port := proctest.StartServer(t, "127.0.0.1", "-delay", "0", "-user-timeout", "300ms")
	conn := dialSmallWindow(t, port)
	stream(conn, 4096, 'u') // never reading the replies
	wantExit(t, server, proctest.Exited(1))
	wantText(t, "stderr", server.Stderr(), fmt.Sprintf("error write: Connection timed out (%d)\n", int(unix.ETIMEDOUT)))
	if out := server.Stdout(); !strings.HasSuffix(out, "send bytes: -1 \n") {
		t.Errorf("stdout ends %q; want \"send bytes: -1 \\n\"", out[max(0, len(out)-60):])
	}
}
