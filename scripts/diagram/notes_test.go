package diagram

import (
	"testing"

	"graceclose/scripts/events"
)

func TestNoteText(t *testing.T) {
	for _, tc := range []struct {
		e    events.Event
		want string
	}{
		{events.Event{Kind: events.Typed, Text: "data1"}, "> data1"},
		{events.Event{Kind: events.Printed, Stream: "stdout", Text: "now sending data1"}, "now sending data1"},
		{events.Event{Kind: events.Printed, Stream: "stderr", Text: "connect failed : Connection refused (111)"}, "! connect failed : Connection refused (111)"},
		{events.Event{Kind: events.Returned, Call: "close", FD: 3, Result: "0", State: "FIN_WAIT1"}, "* close(3) -> FIN_WAIT1"},
		{events.Event{Kind: events.Returned, Call: "shutdown", FD: 3, Text: "SHUT_WR", Result: "0", State: "TCP_FIN_WAIT1"}, "* shutdown(SHUT_WR) -> FIN_WAIT1"},
		{events.Event{Kind: events.Returned, Call: "read", FD: 4, Result: "ECONNRESET", State: "CLOSE"}, "* read: ECONNRESET -> CLOSE"},
		{events.Event{Kind: events.Returned, Call: "read", FD: 3, Result: "0"}, "* read EOF"},
		{events.Event{Kind: events.Exited, Text: "exit 1", Status: 1}, "[exit 1]"},
		{events.Event{Kind: events.Exited, Text: "killed by SIGPIPE", Status: 141}, "[killed by SIGPIPE (status 141)]"},
		{events.Event{Kind: events.Signaled, Text: "SIGINT"}, "[SIGINT from the lab]"},
		{events.Event{Kind: events.Note, Text: "listening on 127.0.0.1:43211"}, "[listening on 127.0.0.1:43211]"},
		{events.Event{Kind: events.StateChanged, From: "TCP_FIN_WAIT1", State: "TCP_FIN_WAIT2"}, "tcp: FIN_WAIT1 -> FIN_WAIT2"},
		{events.Event{Kind: events.ResetSent, Reason: "TCP_ABORT_ON_DATA"}, "tcp: RST sent (TCP_ABORT_ON_DATA)"},
		{events.Event{Kind: events.ResetSent}, "tcp: RST sent"},
		{events.Event{Kind: events.ResetReceived}, "tcp: RST received"},
		{events.Event{Kind: events.Retransmitted, State: "TCP_FIN_WAIT1"}, "tcp: retransmission (FIN_WAIT1)"},
		{events.Event{Kind: events.Retransmitted}, "tcp: retransmission"},
	} {
		got, ok := noteText([]events.Event{tc.e}, 0)
		if !ok || got != tc.want {
			t.Errorf("%v %+v: got %q, %v; want %q", tc.e.Kind, tc.e, got, ok, tc.want)
		}
	}
	if got, ok := noteText([]events.Event{{Kind: events.Segment}}, 0); ok {
		t.Errorf("a segment as a note: got %q; want none", got)
	}
}

// A call is shown when it never returned, the program dying inside it; a
// signal handler's output in between does not count as a return.
func TestNoteTextCalled(t *testing.T) {
	send := events.Event{Kind: events.Called, Who: "server", Call: "send", FD: 4, Text: "4, 9 bytes"}
	sent := events.Event{Kind: events.Returned, Who: "server", Call: "send", FD: 4, Result: "9"}
	handler := events.Event{Kind: events.Printed, Who: "server", Text: "received 2 datagrams"}
	other := events.Event{Kind: events.Returned, Who: "client", Call: "send", FD: 4, Result: "9"}
	nextCall := events.Event{Kind: events.Called, Who: "server", Call: "read", FD: 4}
	for _, tc := range []struct {
		name  string
		evs   []events.Event
		shown bool
	}{
		{"returned", []events.Event{send, handler, sent}, false},
		{"never returned", []events.Event{send, handler, other}, true},
		{"the next call came first", []events.Event{send, nextCall, sent}, true},
	} {
		got, shown := noteText(tc.evs, 0)
		if shown != tc.shown || shown && got != "* send(4, 9 bytes)..." {
			t.Errorf("%s: got %q, %v; want shown %v as \"* send(4, 9 bytes)...\"", tc.name, got, shown, tc.shown)
		}
	}
}

func TestReturnedText(t *testing.T) {
	for _, tc := range []struct {
		call, args, result string
		fd                 int
		want               string
	}{
		{"read", "", "5", 4, "read 5 bytes"},
		{"recv", "", "1", 4, "recv 1 byte"},
		{"write", "", "0", 3, "write 0 bytes"},
		{"read", "", "EOF", 3, "read EOF"},
		{"recv", "", "0", 3, "recv EOF"},
		{"send", "", "EPIPE", 4, "send: EPIPE"},
		{"close", "", "0", 3, "close(3)"},
		{"close", "", "EBADF", 9, "close(9): EBADF"},
		{"accept", "", "4", 3, "accept(3) = 4"},
		{"connect", "", "ECONNREFUSED", 3, "connect(3): ECONNREFUSED"},
		{"shutdown", "SHUT_RDWR", "", 3, "shutdown(SHUT_RDWR)"},
		{"exit", "1", "", 0, "exit(1)"},
	} {
		e := events.Event{Call: tc.call, FD: tc.fd, Text: tc.args, Result: tc.result}
		if got := returnedText(e); got != tc.want {
			t.Errorf("returnedText(%s, fd %d, %q, %q): got %q; want %q", tc.call, tc.fd, tc.args, tc.result, got, tc.want)
		}
	}
}
