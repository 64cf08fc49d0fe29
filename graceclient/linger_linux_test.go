package main

import (
	"io"
	"net"
	"strings"
	"testing"

	"graceclose/common/proctest"
)

// TestLingerTimesOut: /linger 1 with data the server cannot take (it reads
// nothing, its receive window closed): close(2) is seen blocked, then the
// client ends though the server has still read nothing, so the close
// returned because its time ran out. What Linux does then: no RST, nothing
// discarded. close returns 0, and the kernel, the socket orphaned in
// FIN_WAIT1, goes on sending; once the server reads, every byte arrives,
// then our FIN. -trace says how long close took, and why it returned.
func TestLingerTimesOut(t *testing.T) {
	t.Parallel()
	p := newPeerReceiveBuffer(t, 1)
	client, conn := p.startClient("-sleep", "0", "-trace")
	line := strings.Repeat("L", 4000)
	client.Type(strings.Repeat(line+"\n", 3))
	client.WaitStdout("send bytes: 4000 \n", 3)
	clientEnd, serverEnd := conn.RemoteAddr().(*net.TCPAddr).AddrPort(), conn.LocalAddr().(*net.TCPAddr).AddrPort()
	if entry, ok := proctest.LookupTCP(clientEnd, serverEnd); !ok || entry.TxQueue == 0 {
		t.Fatalf("the client's socket: %+v (listed: %v); want bytes not yet acknowledged", entry, ok)
	}
	client.Type("/linger 1\n")
	client.WaitBlockedIn(3, "close")
	wantExit(t, client, proctest.Exited(0))
	if entry, ok := proctest.LookupTCP(clientEnd, serverEnd); !ok || entry.State != "04" {
		t.Errorf("the client's end after its close: %+v (listed: %v); want it in FIN_WAIT1 (04), still sending", entry, ok)
	}
	got, err := io.ReadAll(conn)
	if err != nil || string(got) != strings.Repeat(line, 3) {
		t.Errorf("the server read %d bytes, then %v; want the %d bytes sent, then EOF (our FIN, no RST)", len(got), err, 3*len(line))
	}
	trace, _ := proctest.SplitTrace(client.Stderr())
	wantTraced(t, trace, "close(3)", "SO_LINGER is {on, 1}: close(2) waits until the server acknowledges them, or 1 s")
	wantTraced(t, trace, "close(3) returned after", "the linger time ran out before the server acknowledged our data and FIN", "FIN_WAIT1")
	wantText(t, "stdout", client.Stdout(), sending(line, line, line)+
		"/linger 1: SO_LINGER {on, 1}, close(3): the 1 s ran out before the server acknowledged our data and FIN; close returned 0 all the same, and the kernel goes on sending them\n")
}

// TestLingerAcknowledged: /linger 5 with a server that reads: close(2)
// returns as soon as our data and FIN are acknowledged, -trace says so, and
// the server reads the data, then EOF.
func TestLingerAcknowledged(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient("-sleep", "0", "-trace")
	client.Type("data1\n/linger 5\n")
	wantText(t, "peer got", readN(t, conn, 5), "data1")
	wantEOF(t, conn)
	wantExit(t, client, proctest.Exited(0))
	trace, _ := proctest.SplitTrace(client.Stderr())
	wantTraced(t, trace, "close(3) returned after", ": the server acknowledged our data and FIN", "FIN_WAIT2", "TIME_WAIT")
	wantText(t, "stdout", client.Stdout(), sending("data1")+"/linger 5: SO_LINGER {on, 5}, close(3): it returned once the server had acknowledged our data and FIN\n")
}
