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

// TestClientConnOptions: -keepalive and -user-timeout on the client's
// socket, read by the test with getsockopt on a copy of it (pidfd_getfd),
// and the keepalive timer seen running in the kernel's table; both values
// rounded up, 300ms to 1 s, 1500µs to 2 ms.
func TestClientConnOptions(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient("-keepalive", "300ms", "-user-timeout", "1500us", "-trace")
	client.Type("data1\n")
	readN(t, conn, 5) // connected, the options set, and idle from now on
	fd, err := client.Descriptor(3)
	if err != nil {
		t.Fatalf("the client's socket cannot be read from outside: %v", err)
	}
	defer unix.Close(fd)
	for _, o := range []struct {
		name       string
		level, opt int
		want       int
	}{
		{"SO_KEEPALIVE", unix.SOL_SOCKET, unix.SO_KEEPALIVE, 1},
		{"TCP_KEEPIDLE", unix.IPPROTO_TCP, unix.TCP_KEEPIDLE, 1},
		{"TCP_KEEPINTVL", unix.IPPROTO_TCP, unix.TCP_KEEPINTVL, 1},
		{"TCP_KEEPCNT", unix.IPPROTO_TCP, unix.TCP_KEEPCNT, 3},
		{"TCP_USER_TIMEOUT", unix.IPPROTO_TCP, unix.TCP_USER_TIMEOUT, 2},
	} {
		if got, err := unix.GetsockoptInt(fd, o.level, o.opt); err != nil || got != o.want {
			t.Errorf("getsockopt(%s) on the client's socket: got %d, %v; want %d", o.name, got, err, o.want)
		}
	}
	entry, ok := proctest.LookupTCP(conn.RemoteAddr().(*net.TCPAddr).AddrPort(), conn.LocalAddr().(*net.TCPAddr).AddrPort())
	if !ok || entry.Timer != 2 || entry.TimerLeft > time.Second {
		t.Errorf("the client's idle connection: %+v (listed: %v); want timer 2 (keepalive), due within 1 s", entry, ok)
	}
	client.CloseStdin()
	conn.Close()
	wantExit(t, client, proctest.Exited(1))
	trace, _ := proctest.SplitTrace(client.Stderr())
	proctest.WantTrace(t, "client", trace, false,
		in("connected 127.0.0.1:"),
		in("setsockopt(SO_KEEPALIVE, 1), TCP_KEEPIDLE 1 s, TCP_KEEPINTVL 1 s, TCP_KEEPCNT 3: "),
		in("setsockopt(TCP_USER_TIMEOUT, 2 ms): "),
		in("write 5 bytes: done"),
	)
}

// TestClientUserTimeoutZeroWindow: with -user-timeout, a client whose
// server reads nothing (its window closed, the client's socket full of
// lines it cannot send) gives up after that long: the kernel ends the
// connection with ETIMEDOUT, which the client's next read reports. Without
// it the client would wait for room forever.
func TestClientUserTimeoutZeroWindow(t *testing.T) {
	t.Parallel()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	go func() { // lines without end, until the client is gone
		defer w.Close()
		line := []byte(strings.Repeat("z", 4000) + "\n")
		for {
			if _, err := w.Write(line); err != nil {
				return
			}
		}
	}()
	p := newPeerReceiveBuffer(t, 1)
	client := proctest.StartWith(t, proctest.Options{Stdin: r}, proctest.Client(t), "-user-timeout", "300ms", "-port", strconv.Itoa(p.port), "127.0.0.1")
	p.accept() // and never read
	wantExit(t, client, proctest.Exited(1))
	wantText(t, "stderr", client.Stderr(), fmt.Sprintf("read error: Connection timed out (%d)\n", int(unix.ETIMEDOUT)))
}
