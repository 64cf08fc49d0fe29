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
	client.WantSockopts(3,
		proctest.Sockopt{Name: "SO_KEEPALIVE", Level: unix.SOL_SOCKET, Opt: unix.SO_KEEPALIVE, Want: 1},
		proctest.Sockopt{Name: "TCP_KEEPIDLE", Level: unix.IPPROTO_TCP, Opt: unix.TCP_KEEPIDLE, Want: 1},
		proctest.Sockopt{Name: "TCP_KEEPINTVL", Level: unix.IPPROTO_TCP, Opt: unix.TCP_KEEPINTVL, Want: 1},
		proctest.Sockopt{Name: "TCP_KEEPCNT", Level: unix.IPPROTO_TCP, Opt: unix.TCP_KEEPCNT, Want: 3},
		proctest.Sockopt{Name: "TCP_USER_TIMEOUT", Level: unix.IPPROTO_TCP, Opt: unix.TCP_USER_TIMEOUT, Want: 2},
	)
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
