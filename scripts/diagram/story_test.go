package diagram

import (
	"net/netip"
	"os"
	"testing"
	"time"

	"graceclose/scripts/capture"
	"graceclose/scripts/events"
)

// A story is an experiment's events for the tests: the segments of a
// recorded capture (scripts/capture/testdata), and the programs' and the
// kernel's events, which are not recorded yet, written here at times
// relative to the segments they cause or follow, as they happen on Linux
// (the kernel's states and RST reason as tracefs showed them for the same
// run by hand).
type story struct {
	t              *testing.T
	segs           []events.Event
	evs            []events.Event
	client, server netip.AddrPort
}

// newStory reads a recorded capture.
func newStory(t *testing.T, pcap string) *story {
	t.Helper()
	f, err := os.Open("../capture/testdata/" + pcap)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	segs, err := capture.ReadPcap(f, events.Clock{})
	if err != nil {
		t.Fatal(err)
	}
	return &story{t: t, segs: segs, evs: append([]events.Event(nil), segs...), client: segs[0].Local, server: segs[0].Remote}
}

// at is a time relative to segment i.
func (s *story) at(seg int, off time.Duration) events.Mono {
	return s.segs[seg].At + events.Mono(off)
}

func (s *story) add(seg int, off time.Duration, e events.Event) {
	e.At = s.at(seg, off)
	s.evs = append(s.evs, e)
}

func (s *story) typed(who string, seg int, off time.Duration, text string) {
	s.add(seg, off, events.Event{Kind: events.Typed, Who: who, Text: text, Source: "lab"})
}

func (s *story) printed(who string, seg int, off time.Duration, text string) {
	s.add(seg, off, events.Event{Kind: events.Printed, Who: who, Stream: "stdout", Text: text, Source: "program"})
}

// complained is a line on the program's standard error.
func (s *story) complained(who string, seg int, off time.Duration, text string) {
	s.add(seg, off, events.Event{Kind: events.Printed, Who: who, Stream: "stderr", Text: text, Source: "program"})
}

func (s *story) returned(who string, seg int, off time.Duration, call string, fd int, args, result, state string) {
	s.add(seg, off, events.Event{Kind: events.Returned, Who: who, Call: call, FD: fd, Text: args, Result: result, State: state, Source: "program"})
}

func (s *story) called(who string, seg int, off time.Duration, call string, fd int, args string) {
	s.add(seg, off, events.Event{Kind: events.Called, Who: who, Call: call, FD: fd, Text: args, Source: "program"})
}

func (s *story) exited(who string, seg int, off time.Duration, text string, status int) {
	s.add(seg, off, events.Event{Kind: events.Exited, Who: who, Text: text, Status: status, Source: "lab"})
}

// state is a state change of the client's or the server's socket.
func (s *story) state(who string, seg int, off time.Duration, from, to string) {
	local, remote := s.client, s.server
	if who == "server" {
		local, remote = s.server, s.client
	}
	s.add(seg, off, events.Event{Kind: events.StateChanged, Who: who, Local: local, Remote: remote, From: from, State: to, Source: "tracefs"})
}

// The steps both experiments share: the server listening, the handshake,
// data1 and data2 typed, sent and read.
func (s *story) opening() {
	listener := netip.AddrPortFrom(s.server.Addr(), s.server.Port())
	s.add(0, -31*time.Millisecond, events.Event{Kind: events.StateChanged, Who: "server", Local: listener,
		Remote: netip.AddrPortFrom(netip.IPv4Unspecified(), 0), From: "TCP_CLOSE", State: "TCP_LISTEN", Source: "tracefs"})
	s.add(0, -30*time.Millisecond, events.Event{Kind: events.Note, Who: "server", Text: "listening on " + listener.String(), Source: "lab"})
	// The client's socket before connect() picks its port.
	s.add(0, -5*time.Microsecond, events.Event{Kind: events.StateChanged, Who: "client",
		Local: netip.AddrPortFrom(s.client.Addr(), 0), Remote: s.server, From: "TCP_CLOSE", State: "TCP_SYN_SENT", Source: "tracefs"})
	s.state("client", 1, 3*time.Microsecond, "TCP_SYN_SENT", "TCP_ESTABLISHED")
	s.state("server", 2, 4*time.Microsecond, "TCP_SYN_RECV", "TCP_ESTABLISHED")
	s.returned("client", 2, 20*time.Microsecond, "connect", 3, "", "0", "ESTABLISHED")
	s.returned("server", 2, 40*time.Microsecond, "accept", 3, "", "4", "ESTABLISHED")
	for _, d := range []struct {
		seg  int
		text string
	}{{3, "data1"}, {5, "data2"}} {
		s.typed("client", d.seg, -80*time.Microsecond, d.text)
		s.printed("client", d.seg, -40*time.Microsecond, "now sending "+d.text)
		s.returned("client", d.seg, 30*time.Microsecond, "write", 3, "", "5", "ESTABLISHED")
		s.printed("client", d.seg, 35*time.Microsecond, "send bytes: 5 ")
	}
	s.returned("server", 3, 25*time.Microsecond, "read", 4, "", "5", "ESTABLISHED")
	s.printed("server", 3, 40*time.Microsecond, "received 5 bytes: data1")
}

// clientFIN is the client's close or shutdown: the line typed, the call
// and the FIN it sends (segment 7), and the server's ACK of it (8).
func (s *story) clientFIN(call, args string) {
	s.typed("client", 7, -60*time.Microsecond, call)
	s.state("client", 7, -2*time.Microsecond, "TCP_ESTABLISHED", "TCP_FIN_WAIT1")
	s.state("server", 7, 4*time.Microsecond, "TCP_ESTABLISHED", "TCP_CLOSE_WAIT")
	s.returned("client", 7, 20*time.Microsecond, call, 3, args, "0", "FIN_WAIT1")
	s.state("client", 8, 3*time.Microsecond, "TCP_FIN_WAIT1", "TCP_FIN_WAIT2")
}

// closeStory is the lesson's close experiment: the client's close, the
// server's first reply answered by a RST, its second send killed by
// SIGPIPE.
func closeStory(t *testing.T) *story {
	s := newStory(t, "close.pcap")
	s.opening()
	// 7: the client's FIN; 8: the server's ACK; 9: "Hi, data1"; 10: RST.
	s.clientFIN("close", "")
	s.state("client", 8, 5*time.Microsecond, "TCP_FIN_WAIT2", "TCP_CLOSE")
	s.add(10, -2*time.Microsecond, events.Event{Kind: events.ResetSent, Who: "client", Local: s.client, Remote: s.server,
		State: "TCP_TIME_WAIT", Reason: "TCP_TIMEWAIT_SOCKET", Source: "tracefs"})
	s.add(10, 3*time.Microsecond, events.Event{Kind: events.ResetReceived, Who: "server", Local: s.server, Remote: s.client, Source: "tracefs"})
	s.state("server", 10, 5*time.Microsecond, "TCP_CLOSE_WAIT", "TCP_CLOSE")
	s.returned("server", 10, 15*time.Microsecond, "send", 4, "", "9", "CLOSE")
	s.printed("server", 10, 30*time.Microsecond, "send bytes: 9 ")
	s.returned("server", 10, 45*time.Microsecond, "read", 4, "", "5", "CLOSE")
	s.printed("server", 10, 60*time.Microsecond, "received 5 bytes: data2")
	s.exited("client", 7, 500*time.Millisecond, "exit 0", 0)
	s.called("server", 10, 300*time.Millisecond, "send", 4, "4, 9 bytes")
	s.exited("server", 10, 301*time.Millisecond, "killed by SIGPIPE", 141)
	return s
}

// shutdownStory is the lesson's shutdown experiment: the client's
// shutdown, both replies read, the server's EOF and exit, the client's.
func shutdownStory(t *testing.T) *story {
	s := newStory(t, "shutdown.pcap")
	s.opening()
	// 7: the client's FIN; 8: ACK; 9: "Hi, data1"; 10: ACK;
	// 11: "Hi, data2"; 12: ACK; 13: the server's FIN; 14: the last ACK.
	s.clientFIN("shutdown", "SHUT_WR")
	s.returned("server", 9, 15*time.Microsecond, "send", 4, "", "9", "CLOSE_WAIT")
	s.returned("client", 9, 20*time.Microsecond, "read", 3, "", "9", "FIN_WAIT2")
	s.printed("server", 9, 30*time.Microsecond, "send bytes: 9 ")
	s.printed("client", 9, 35*time.Microsecond, "Hi, data1")
	s.returned("server", 9, 45*time.Microsecond, "read", 4, "", "5", "CLOSE_WAIT")
	s.printed("server", 9, 60*time.Microsecond, "received 5 bytes: data2")
	s.returned("server", 11, 15*time.Microsecond, "send", 4, "", "9", "CLOSE_WAIT")
	s.returned("client", 11, 20*time.Microsecond, "read", 3, "", "9", "FIN_WAIT2")
	s.printed("server", 11, 30*time.Microsecond, "send bytes: 9 ")
	s.printed("client", 11, 35*time.Microsecond, "Hi, data2")
	s.returned("server", 13, -100*time.Microsecond, "read", 4, "", "0", "CLOSE_WAIT")
	s.complained("server", 13, -90*time.Microsecond, "client closed ")
	s.state("server", 13, -2*time.Microsecond, "TCP_CLOSE_WAIT", "TCP_LAST_ACK")
	s.state("client", 13, 3*time.Microsecond, "TCP_FIN_WAIT2", "TCP_TIME_WAIT")
	s.state("server", 14, 3*time.Microsecond, "TCP_LAST_ACK", "TCP_CLOSE")
	s.returned("client", 14, 20*time.Microsecond, "read", 3, "", "EOF", "CLOSE")
	s.complained("client", 14, 30*time.Microsecond, "server terminated ")
	s.exited("server", 14, 400*time.Microsecond, "exit 1", 1)
	s.exited("client", 14, 500*time.Microsecond, "exit 1", 1)
	return s
}
