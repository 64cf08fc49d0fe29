package main

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"graceclose/common/proctest"
)

// TestCloseWithUnreadData: closing a socket whose receive queue still holds
// data sends a RST, not a FIN (RFC 2525, 2.17): the peer's read fails, and
// -trace says why, with the connection gone at once.
func TestCloseWithUnreadData(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient("-sleep", "0", "-trace")
	client.Type("/pause\n")
	client.WaitStdout("/pause:", 1)
	conn.Write([]byte("never read"))
	waitQueued(t, conn.RemoteAddr().(*net.TCPAddr), len("never read"))
	client.Type("close\n")
	wantReset(t, conn)
	wantExit(t, client, proctest.Exited(0))
	trace, _ := proctest.SplitTrace(client.Stderr())
	wantTraced(t, trace, "close(", "10 bytes were left unread, so the kernel sends a RST, not a FIN", "gone")
}

// waitQueued waits until the socket bound to local (the client's end) holds
// n unread bytes, reading rx_queue in /proc/net/tcp.
func waitQueued(t *testing.T, local *net.TCPAddr, n int) {
	t.Helper()
	ip := local.IP.To4()
	want := fmt.Sprintf("%02X%02X%02X%02X:%04X", ip[3], ip[2], ip[1], ip[0], local.Port)
	deadline := time.Now().Add(proctest.Timeout)
	for time.Now().Before(deadline) {
		if rxQueue("/proc/net/tcp", want) >= n {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("%d bytes never reached %v's receive queue", n, local)
}

func rxQueue(table, local string) int {
	f, err := os.Open(table)
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) > 4 && fields[1] == local {
			_, rx, _ := strings.Cut(fields[4], ":")
			v, _ := strconv.ParseInt(rx, 16, 64)
			return int(v)
		}
	}
	return -1
}

// TestAbortAfterBothFINs: /abort resets the connection only while the peer
// may still expect something from it. In FIN_WAIT2 (our FIN acknowledged,
// the peer's not sent) it sends a RST: the peer's next send fails with
// EPIPE (its read returns the EOF it already had). Once both
// FINs have been exchanged, Linux sends nothing (the passt project's tests
// assert it: "Error after full shutdown, bogus RST?"), and the client and
// its trace say so instead of "a RST".
func TestAbortAfterBothFINs(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	for _, tc := range []struct {
		peerFIN bool
		state   string
		says    string
	}{
		{false, "FIN_WAIT2", "/abort: SO_LINGER {on, 0}, close(3): a RST, not a FIN"},
		{true, "CLOSE", "/abort: SO_LINGER {on, 0}, close(3): no RST: the connection had already ended (both FINs exchanged, or a RST), so nothing is sent"},
	} {
		client, conn := p.startClient("-sleep", "0", "-trace")
		client.Type("/pause\n/shutdown wr\n")
		wantEOF(t, conn)
		if tc.peerFIN {
			if err := conn.CloseWrite(); err != nil {
				t.Fatal(err)
			}
		}
		waitState(t, client, tc.state)
		client.Type("/abort\n")
		wantExit(t, client, proctest.Exited(0))
		if !strings.Contains(client.Stdout(), tc.says+"\n") {
			t.Errorf("in %s, stdout:\n%s\nwant the line %q", tc.state, client.Stdout(), tc.says)
		}
		if tc.peerFIN {
			trace, _ := proctest.SplitTrace(client.Stderr())
			wantTraced(t, trace, "close(", "nothing is sent: both FINs were already exchanged (the connection lives on in TIME_WAIT)", "TIME_WAIT")
		} else if n, err := conn.Write([]byte("Hi")); !errors.Is(err, syscall.EPIPE) {
			t.Errorf("in %s, the peer's send after /abort: %d bytes, %v; want EPIPE (the RST came)", tc.state, n, err)
		}
	}
}

// waitState types /state until the client says its socket is in state.
func waitState(t *testing.T, client *proctest.Proc, state string) {
	t.Helper()
	deadline := time.Now().Add(proctest.Timeout)
	for n := 1; ; n++ {
		client.Type("/state\n")
		client.WaitStdout("/state:", n)
		if strings.HasSuffix(client.Stdout(), "/state: "+state+"\n") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the client's socket never reached %s:\n%s", state, client.Stdout())
		}
		time.Sleep(2 * time.Millisecond)
	}
}
