package main

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"graceclose/common"
	"graceclose/common/proctest"
)

// statesTraced: on Linux -trace reads every state with TCP_INFO, and the
// tests check them.
const statesTraced = true

// TestTraceStampsActionsWhenCalled: -trace stamps an action at the moment
// its call is made, not when it has returned. Here the server waits in
// read() when the client types shutdown: the server's kernel takes the FIN
// during the client's call, and the server may trace its read of EOF before
// the client's shutdown() has returned. Over many runs, the client's
// "shutdown(SHUT_WR)" line must come first every time, by both programs'
// clocks (each trace gives its start in Unix time).
func TestTraceStampsActionsWhenCalled(t *testing.T) {
	t.Parallel()
	for i := range 20 {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			t.Parallel()
			server, port := proctest.StartServer(t, "127.0.0.1", "-delay", "0", "-trace")
			client := proctest.Start(t, proctest.Client(t), "-port", proctest.PortArg(port), "-trace", "127.0.0.1")
			client.Type("data1\n")
			client.WaitStdout("Hi, data1", 1)
			server.WaitBlockedIn(4, "read")
			client.Type("shutdown\n")
			client.Wait()
			server.Wait()
			shut := tracedAt(t, "client", client.Stderr(), "shutdown(SHUT_WR)")
			eof := tracedAt(t, "server", server.Stderr(), "read EOF")
			if !shut.Before(eof) {
				t.Errorf("the client's shutdown(SHUT_WR) is traced at %v, after the server's read EOF at %v", shut.Format("15:04:05.000000"), eof.Format("15:04:05.000000"))
			}
		})
	}
}

// tracedAt is when a program traced the first line starting with event, by
// the clock of the trace's start (Unix time) plus its offset.
func tracedAt(t *testing.T, who, stderr, event string) time.Time {
	t.Helper()
	trace, _ := proctest.SplitTrace(stderr)
	if len(trace) == 0 {
		t.Fatalf("%s: no trace in %q", who, stderr)
	}
	start, ok := common.ParseTraceStart(trace[0].Event)
	if !ok {
		t.Fatalf("%s: the first trace line gives no start: %q", who, trace[0].Event)
	}
	for _, l := range trace {
		if strings.HasPrefix(l.Event, event) {
			return start.Add(l.At)
		}
	}
	t.Fatalf("%s: no %q traced in\n%s", who, event, proctest.FormatTrace(trace))
	return time.Time{}
}
