package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
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
