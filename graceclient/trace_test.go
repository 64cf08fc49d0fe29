package main

import (
	"net"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"graceclose/common"
	"graceclose/common/proctest"
)

// in is a step of a trace: an event, in one of states (any if none).
func in(event string, states ...string) proctest.Step {
	return proctest.Step{Event: event, States: states}
}

// TestTraceServerReset: the server's RST is traced as ECONNRESET on read,
// and the client's lesson output is unchanged.
func TestTraceServerReset(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient("-trace")
	client.Type("data1\n")
	readN(t, conn, 5)
	conn.SetLinger(0)
	conn.Close()
	wantExit(t, client, proctest.Exited(1))
	trace, rest := proctest.SplitTrace(client.Stderr())
	wantText(t, "stdout", client.Stdout(), sending("data1"))
	wantText(t, "stderr without the trace", rest, "read error: Connection reset by peer (104)\n")
	proctest.WantTrace(t, "client", trace, statesTraced,
		in("connected 127.0.0.1:", "ESTABLISHED"),
		in("write 5 bytes: calling write(2)", "ESTABLISHED"),
		in("write 5 bytes: done", "ESTABLISHED", "CLOSE"), // the peer may already have reset it
		in("read: ECONNRESET (Connection reset by peer): the server's RST", "CLOSE"),
		in("exit(1): the kernel closes fd", "CLOSE"),
	)
}

// TestTraceCloseIPv6: over IPv6, the state after close is looked up by the
// connection's addresses (in /proc/net/tcp6 on Linux).
func TestTraceCloseIPv6(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	client := proctest.Start(t, proctest.Client(t), "-trace", "-sleep", "10ms", "-port", strconv.Itoa(port), "::1")
	_ = l.(*net.TCPListener).SetDeadline(time.Now().Add(proctest.Timeout))
	conn, err := l.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(proctest.Timeout))
	client.Type("data1\nclose\n")
	readN(t, conn, 5)
	wantEOF(t, conn)
	wantExit(t, client, proctest.Exited(0))
	trace, rest := proctest.SplitTrace(client.Stderr())
	wantText(t, "stderr without the trace", rest, "")
	proctest.WantTrace(t, "client", trace, statesTraced,
		in("connected [::1]:", "ESTABLISHED"),
		in("close(", "FIN_WAIT1", "FIN_WAIT2"),
		in("exit(0)", "FIN_WAIT1", "FIN_WAIT2"), // FIN_WAIT1 until the peer's delayed ACK
	)
	if statesTraced {
		for _, tl := range trace {
			if strings.HasPrefix(tl.Event, "close(") && !strings.Contains(tl.About, "/proc/net/tcp6") {
				t.Errorf("close traced as %+v; want the state read from /proc/net/tcp6", tl)
			}
		}
	}
}

// wantTraced checks that a line of trace starts with prefix, says what, and
// (where states are traced) ends in one of states.
func wantTraced(t *testing.T, trace []common.TraceLine, prefix, what string, states ...string) {
	t.Helper()
	for _, tl := range trace {
		if strings.HasPrefix(tl.Event, prefix) {
			if !strings.Contains(tl.Event, what) {
				t.Errorf("traced %q; want it to say %q", tl.Event, what)
			}
			if statesTraced && len(states) > 0 && !slices.Contains(states, tl.State) {
				t.Errorf("traced %q in state %q; want one of %v", tl.Event, tl.State, states)
			}
			return
		}
	}
	t.Errorf("no trace line starts with %q; got:\n%s", prefix, proctest.FormatTrace(trace))
}

// TestTraceEOFAfterShutdownRead: after /shutdown rd a read returns EOF at
// once, the server's FIN or not; -trace must not call it the server's FIN.
func TestTraceEOFAfterShutdownRead(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient("-trace")
	client.Type("/shutdown rd\n/resume\n")
	client.CloseStdin()
	wantExit(t, client, proctest.Exited(1)) // the read saw EOF, and nothing is left to wait for
	trace, _ := proctest.SplitTrace(client.Stderr())
	wantTraced(t, trace, "read EOF", "our SHUT_RD, not necessarily the server's FIN")
	// The server (here, the test) never closed: the client's end sent
	// nothing for SHUT_RD, and its exit sends the FIN now.
	wantEOF(t, conn)
}

// TestTraceCloseSendsFIN: close with nothing left unread sends a FIN, and
// -trace says so, the connection in FIN_WAIT1 or FIN_WAIT2 after it.
func TestTraceCloseSendsFIN(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient("-trace", "-sleep", "10ms")
	client.Type("close\n")
	wantEOF(t, conn)
	wantExit(t, client, proctest.Exited(0))
	trace, _ := proctest.SplitTrace(client.Stderr())
	wantTraced(t, trace, "close(", "both directions closed, our FIN is queued", "FIN_WAIT1", "FIN_WAIT2")
}
