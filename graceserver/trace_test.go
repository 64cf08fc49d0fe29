package main

import (
	"regexp"
	"strings"
	"syscall"
	"testing"

	"graceclose/common"
	"graceclose/common/proctest"
)

// The states a step may be in.
var (
	established = []string{"ESTABLISHED"}
	closeWait   = []string{"CLOSE_WAIT"}
	reset       = []string{"CLOSE"} // after the peer's RST
)

// in is a step of a trace: an event, in one of states (any if none).
func in(event string, states ...string) proctest.Step {
	return proctest.Step{Event: event, States: states}
}

// traced runs the lesson's experiment with -trace on both programs, checks
// that everything but the trace lines is the lesson's transcript, byte for
// byte, that every trace line carries the prefix, and returns both traces.
func traced(t *testing.T, closing, mode string) (clientTrace, serverTrace []traceLine) {
	t.Helper()
	want := lesson(t, closing, mode)
	client, server := proctest.Experiment{Closing: closing,
		ServerArgs: []string{"-sigpipe", mode, "-trace"}, ClientArgs: []string{"-trace"}}.Run(t)
	clientTrace, clientRest := proctest.SplitTrace(client.Stderr())
	serverTrace, serverRest := proctest.SplitTrace(server.Stderr())
	wantText(t, "client stdout", client.Stdout(), want.ClientOut)
	wantText(t, "client stderr without the trace", clientRest, want.ClientErr)
	wantText(t, "client end", client.Wait().String(), want.ClientEnd.String())
	wantText(t, "server stdout", server.Stdout(), want.ServerOut)
	wantText(t, "server stderr without the trace", serverRest, want.ServerErr)
	wantText(t, "server end", server.Wait().String(), want.ServerEnd.String())
	prefixed := regexp.MustCompile(`^\[tcp \+\d+\.\d{6}s\] \S`)
	for who, stderr := range map[string]string{"client": client.Stderr(), "server": server.Stderr()} {
		n := 0
		for _, line := range strings.Split(stderr, "\n") {
			if prefixed.MatchString(line) {
				n++
			}
		}
		trace, _ := proctest.SplitTrace(stderr)
		if n != len(trace) || n < 5 {
			t.Errorf("%s: %d lines with the [tcp +N.NNNNNNs] prefix, %d trace lines; want the same, at least 5:\n%s", who, n, len(trace), stderr)
		}
	}
	return clientTrace, serverTrace
}

// TestTraceShutdown: the half-close, traced. The client's shutdown leaves it
// in FIN_WAIT1, then FIN_WAIT2 once the server's kernel ACKs the FIN, and it
// still reads both replies; the server reads data2 and sends both replies in
// CLOSE_WAIT, meets EOF (the client's FIN) in CLOSE_WAIT, and its exit sends
// its own FIN, which moves its end to LAST_ACK (the trace says the state the
// exit leaves, not the one before it): the client reads EOF and its
// connection ends in TIME_WAIT.
func TestTraceShutdown(t *testing.T) {
	t.Parallel()
	client, server := traced(t, "shutdown", "default")
	proctest.WantTrace(t, "client", client, statesTraced,
		in("trace on"),
		in("connected 127.0.0.1:", established...),
		in("write 5 bytes: calling write(2)", established...),
		in("write 5 bytes: done", established...),
		in("write 5 bytes: done", established...),
		in("shutdown(SHUT_WR)", "FIN_WAIT1", "FIN_WAIT2"),
		in("read 9 bytes", "FIN_WAIT2"), // "Hi, data1" carries the ACK of our FIN
		// The server's FIN may have come with, or right after, "Hi, data2".
		in("read 9 bytes", "FIN_WAIT2", "CLOSE"),
		in("read EOF: the server's FIN", "CLOSE", "TIME_WAIT"),
		in("exit(1)"),
	)
	proctest.WantTrace(t, "server", server, statesTraced,
		in("listening on 127.0.0.1:", "LISTEN"),
		in("accepted 127.0.0.1:", established...),
		in("read 5 bytes", established...),
		in("send 9 bytes: done", closeWait...),
		in("read 5 bytes", closeWait...),
		in("send 9 bytes: done", closeWait...),
		in("read EOF: the client's FIN", closeWait...),
		in("exit(1): the kernel closes fd", "LAST_ACK"),
	)
	if statesTraced {
		wantLast(t, "server", server, "exit(1): the kernel closes fd", " and sends our FIN")
		if c := client[len(client)-1]; !strings.Contains(c.About, "TIME_WAIT") && c.State != "TIME_WAIT" {
			t.Errorf("client: last trace line %+v; want the connection in TIME_WAIT", c)
		}
	}
}

// TestTraceCloseIgnore: close, traced, with SIGPIPE ignored. The server's
// first reply is answered by the client's RST (its socket is closed), which
// leaves the server's socket in CLOSE; data2, already received, is still
// read; the second send fails with EPIPE.
func TestTraceCloseIgnore(t *testing.T) {
	t.Parallel()
	client, server := traced(t, "close", "ignore")
	wantCloseClient(t, client)
	proctest.WantTrace(t, "server", server, statesTraced,
		in("accepted 127.0.0.1:", established...),
		in("read 5 bytes", established...),
		in("send 9 bytes: calling send(2)", closeWait...),
		in("send 9 bytes: done", "CLOSE_WAIT", "CLOSE"),
		in("read 5 bytes", "CLOSE_WAIT", "CLOSE"),
		in("send 9 bytes: calling send(2)", reset...),
		in("send: EPIPE (Broken pipe)", reset...),
		in("SIGPIPE ignored", reset...),
		in("exit(1): the kernel closes fd", reset...),
	)
	wantLast(t, "server", server, "exit(1): the kernel closes fd", "")
}

// TestTraceCloseDefault: with SIG_DFL the second send kills the server. The
// signal the kernel raises for it is held on the thread that sent until the
// output is written, so the send returns EPIPE first: the death by SIGPIPE
// is the trace's last word.
func TestTraceCloseDefault(t *testing.T) {
	t.Parallel()
	client, server := traced(t, "close", "default")
	wantCloseClient(t, client)
	proctest.WantTrace(t, "server", server, statesTraced,
		in("send 9 bytes: done", "CLOSE_WAIT", "CLOSE"),
		in("read 5 bytes", "CLOSE_WAIT", "CLOSE"),
		in("send 9 bytes: calling send(2)", reset...),
		in("send: EPIPE (Broken pipe)", reset...),
		in("SIGPIPE at SIG_DFL: the process dies of it", reset...),
	)
	if lesson(t, "close", "default").ServerEnd == proctest.Killed(syscall.SIGPIPE) {
		wantLast(t, "server", server, "SIGPIPE at SIG_DFL: the process dies of it", "")
	}
}

// TestTraceCloseCustom: with the lesson's handler, the trace shows the
// failed send or the caught signal (whichever the handler's exit lets out
// first), then the exit.
func TestTraceCloseCustom(t *testing.T) {
	t.Parallel()
	client, server := traced(t, "close", "custom")
	wantCloseClient(t, client)
	proctest.WantTrace(t, "server", server, statesTraced,
		in("send 9 bytes: done", "CLOSE_WAIT", "CLOSE"),
		in("send 9 bytes: calling send(2)", reset...),
	)
	all := proctest.FormatTrace(server)
	if !strings.Contains(all, "send: EPIPE") && !strings.Contains(all, "SIGPIPE caught") {
		t.Errorf("server: trace shows neither EPIPE nor SIGPIPE:\n%s", all)
	}
	wantLast(t, "server", server, "exit(0)", "")
}

// wantCloseClient: the client's close releases its descriptor; the trace
// reads the state from the kernel's table (FIN_WAIT1, or FIN_WAIT2 once
// the FIN is acknowledged), and says so.
func wantCloseClient(t *testing.T, client []traceLine) {
	t.Helper()
	proctest.WantTrace(t, "client", client, statesTraced,
		in("connected 127.0.0.1:", established...),
		in("write 5 bytes: done", established...),
		in("write 5 bytes: done", established...),
		in("close(", "FIN_WAIT1", "FIN_WAIT2"),
		in("exit(0)"),
	)
	for _, tl := range client {
		if strings.HasPrefix(tl.Event, "close(") && statesTraced && !strings.Contains(tl.About, "the descriptor is closed") {
			t.Errorf("client: %+v; want the trace to say the descriptor is closed", tl)
		}
	}
}

// wantLast checks the last trace line: its event starts with prefix and
// contains part.
func wantLast(t *testing.T, who string, trace []traceLine, prefix, part string) {
	t.Helper()
	if len(trace) == 0 {
		t.Errorf("%s: no trace", who)
		return
	}
	last := trace[len(trace)-1]
	if !strings.HasPrefix(last.Event, prefix) || !strings.Contains(last.Event, part) {
		t.Errorf("%s: last trace line %q; want %q ... %q; trace:\n%s", who, last.Event, prefix, part, proctest.FormatTrace(trace))
	}
}

type traceLine = common.TraceLine
