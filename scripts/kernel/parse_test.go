package kernel

import (
	"bytes"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"graceclose/scripts/events"
)

// summary is one event as the sequences below state it, from its fields
// (not its Text): who, what, and the kernel's words.
func summary(ev events.Event) string {
	switch ev.Kind {
	case events.StateChanged:
		return fmt.Sprintf("%s %s -> %s", ev.Who, ev.From, ev.State)
	case events.ResetSent:
		return fmt.Sprintf("%s RST sent, state %q, reason %q", ev.Who, ev.State, ev.Reason)
	case events.ResetReceived:
		return ev.Who + " RST received"
	case events.Retransmitted:
		return fmt.Sprintf("%s retransmitted in %s", ev.Who, ev.State)
	case events.Note:
		return "note: " + ev.Text
	}
	return fmt.Sprintf("%s %v %q", ev.Who, ev.Kind, ev.Text)
}

// handshake is how every recorded experiment begins: the server listens,
// the client connects; the server's socket for the connection appears on
// the client's last ACK, after the client is ESTABLISHED.
var handshake = []string{
	"server CLOSE -> LISTEN",
	"client CLOSE -> SYN_SENT",
	"client SYN_SENT -> ESTABLISHED",
	"server LISTEN -> SYN_RECV",
	"server SYN_RECV -> ESTABLISHED",
}

// The lesson's close experiment, as the kernel saw it (see
// testdata/README.md): the client's close sends its FIN (FIN_WAIT1); the
// server's delayed ACK moves it to FIN_WAIT2, and at once to CLOSE, the
// connection handed to a time-wait socket (no TIME_WAIT event); the
// server's "Hi, data1" then meets that time-wait socket, which answers
// with a RST, and the server's end closes.
var closeWant = slices.Concat(handshake, []string{
	"client ESTABLISHED -> FIN_WAIT1",
	"server ESTABLISHED -> CLOSE_WAIT",
	"client FIN_WAIT1 -> FIN_WAIT2",
	"client FIN_WAIT2 -> CLOSE",
	`client RST sent, state "TIME_WAIT", reason "TCP_TIMEWAIT_SOCKET"`,
	"server RST received",
	"server CLOSE_WAIT -> CLOSE",
	"server LISTEN -> CLOSE",
})

// The shutdown experiment: the same half-close, then the server answers,
// reads the client's FIN, exits, and its FIN ends the client's FIN_WAIT2.
var shutdownWant = slices.Concat(handshake, []string{
	"client ESTABLISHED -> FIN_WAIT1",
	"server ESTABLISHED -> CLOSE_WAIT",
	"client FIN_WAIT1 -> FIN_WAIT2",
	"server CLOSE_WAIT -> LAST_ACK",
	"client FIN_WAIT2 -> CLOSE",
	"server LAST_ACK -> CLOSE",
	"server LISTEN -> CLOSE",
})

// parseFile parses a recorded trace for port.
func parseFile(t *testing.T, name string, port int) []events.Event {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	evs, err := Parse(f, port)
	if err != nil {
		t.Fatalf("Parse(%s, %d): %v", name, port, err)
	}
	return evs
}

// checkSequence compares the events with the wanted sequence, line by
// line, and checks what every event of a recorded trace must hold.
func checkSequence(t *testing.T, evs []events.Event, port int, want []string) {
	t.Helper()
	var got []string
	for _, ev := range evs {
		got = append(got, summary(ev))
	}
	if !slices.Equal(got, want) {
		t.Errorf("got sequence\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	for i, ev := range evs {
		if i > 0 && ev.At < evs[i-1].At {
			t.Errorf("event %d (%s) at %d: got it before event %d at %d; want time order", i, summary(ev), ev.At, i-1, evs[i-1].At)
		}
		if ev.Kind == events.Note {
			continue
		}
		if ev.Source != "tracefs" {
			t.Errorf("%s: got Source %q; want tracefs", summary(ev), ev.Source)
		}
		if int(ev.Local.Port()) != port && int(ev.Remote.Port()) != port {
			t.Errorf("%s: got Local %v Remote %v; want one of them on port %d", summary(ev), ev.Local, ev.Remote, port)
		}
		if wantWho := map[bool]string{true: "server", false: "client"}[int(ev.Local.Port()) == port]; ev.Who != wantWho {
			t.Errorf("%s: Local %v: got Who %q; want %q", summary(ev), ev.Local, ev.Who, wantWho)
		}
	}
}

// checkAddresses checks that every end is on the loopback address (or
// the listener's unspecified remote): for IPv6, that the IPv6 fields were
// read, not the IPv4 ones, which hold garbage for an IPv6 socket.
func checkAddresses(t *testing.T, evs []events.Event, loopback netip.Addr) {
	t.Helper()
	for _, ev := range evs {
		if ev.Local.Addr() != loopback {
			t.Errorf("%s: got Local %v; want address %v", summary(ev), ev.Local, loopback)
		}
		if r := ev.Remote.Addr(); r != loopback && !(r.IsUnspecified() && ev.Remote.Port() == 0 && r.BitLen() == loopback.BitLen()) {
			t.Errorf("%s: got Remote %v; want address %v", summary(ev), ev.Remote, loopback)
		}
	}
}

func TestParseRecordedExperiments(t *testing.T) {
	v4, v6 := netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("::1")
	// The retransmit experiment is shutdown's, with the server's first
	// answer dropped once on its way in: the server sends it again after
	// its retransmission timeout, while in CLOSE_WAIT.
	retransmitWant := slices.Insert(slices.Clone(shutdownWant), 8, "server retransmitted in CLOSE_WAIT")
	for _, tc := range []struct {
		file     string
		port     int
		loopback netip.Addr
		want     []string
	}{
		{"close.trace", 45111, v4, closeWant},
		{"shutdown.trace", 45112, v4, shutdownWant},
		{"close-ipv6.trace", 45113, v6, closeWant},
		{"shutdown-ipv6.trace", 45114, v6, shutdownWant},
		{"retransmit.trace", 45115, v4, retransmitWant},
		// Two experiments at once in one trace: each port gets its own.
		{"parallel.trace", 45117, v4, closeWant},
		{"parallel.trace", 45118, v4, shutdownWant},
		// A client with no server: the kernel answers its SYN with a RST
		// from no socket at all, from the server's port.
		{"refused.trace", 45119, v4, []string{
			"client CLOSE -> SYN_SENT",
			`server RST sent, state "", reason "NO_SOCKET"`,
			"client RST received",
			"client SYN_SENT -> CLOSE",
		}},
	} {
		t.Run(fmt.Sprintf("%s:%d", tc.file, tc.port), func(t *testing.T) {
			evs := parseFile(t, tc.file, tc.port)
			checkSequence(t, evs, tc.port, tc.want)
			checkAddresses(t, evs, tc.loopback)
		})
	}
}

// TestParseCloseDetails checks the fields of some events of the close
// experiment exactly: times, ends, the context the kernel ran in.
func TestParseCloseDetails(t *testing.T) {
	evs := parseFile(t, "close.trace", 45111)
	if len(evs) != len(closeWant) {
		t.Fatalf("got %d events; want %d", len(evs), len(closeWant))
	}
	for _, tc := range []struct {
		i    int
		at   events.Mono
		text string
	}{
		// graceserver-28743 [000] .N... 851.077069: ... oldstate=TCP_CLOSE newstate=TCP_LISTEN
		{0, 851_077_069_000, "CLOSE -> LISTEN (graceserver-28743)"},
		// The client's close(): in its own system call.
		{5, 851_404_764_000, "ESTABLISHED -> FIN_WAIT1 (graceclient-28750)"},
		// The server's delayed ACK, 43 ms later: the kernel on its own.
		{7, 851_448_087_000, "FIN_WAIT1 -> FIN_WAIT2 (softirq)"},
		{9, 851_587_918_000, "RST sent in TIME_WAIT: TCP_TIMEWAIT_SOCKET (softirq)"},
		// The RST reached the server's socket while the server was in
		// send(): the kernel handled it when the call released the socket.
		{10, 851_587_963_000, "RST received (graceserver-28745)"},
	} {
		ev := evs[tc.i]
		if ev.At != tc.at || ev.Text != tc.text {
			t.Errorf("event %d: got At %d Text %q; want At %d Text %q", tc.i, ev.At, ev.Text, tc.at, tc.text)
		}
	}
	rst := evs[9]
	if want := netip.MustParseAddrPort("127.0.0.1:59234"); rst.Local != want {
		t.Errorf("RST: got Local %v; want %v (the client's time-wait socket)", rst.Local, want)
	}
	if want := netip.MustParseAddrPort("127.0.0.1:45111"); rst.Remote != want {
		t.Errorf("RST: got Remote %v; want %v", rst.Remote, want)
	}
	listen := evs[0]
	if want := netip.MustParseAddrPort("0.0.0.0:0"); listen.Remote != want {
		t.Errorf("LISTEN: got Remote %v; want %v", listen.Remote, want)
	}
	connect := evs[1]
	if want := netip.MustParseAddrPort("127.0.0.1:0"); connect.Local != want {
		t.Errorf("SYN_SENT: got Local %v; want %v (no port bound yet)", connect.Local, want)
	}
}

// TestParseLostEvents: where the kernel's buffer overflowed, the trace
// says how many events it lost, and so does Parse.
func TestParseLostEvents(t *testing.T) {
	evs := parseFile(t, "lost.trace_pipe", 45116)
	if len(evs) != 8 {
		t.Fatalf("got %d events; want 8 (a note, then 7 state changes)", len(evs))
	}
	want := "note: the kernel lost 1908 events (CPU 1's trace buffer was full): what follows is incomplete"
	if got := summary(evs[0]); got != want {
		t.Errorf("got %q; want %q", got, want)
	}
	checkSequence(t, evs[1:], 45116, []string{
		"client FIN_WAIT1 -> FIN_WAIT2",
		"client FIN_WAIT2 -> CLOSE",
		"server LAST_ACK -> CLOSE",
		"client CLOSE -> SYN_SENT",
		"client SYN_SENT -> ESTABLISHED",
		"server LISTEN -> SYN_RECV",
		"server SYN_RECV -> ESTABLISHED",
	})
}

// The lines below are written from the format files and tracefs's
// options, not recorded: they cover what the recordings do not.
const stateFields = "family=AF_INET protocol=IPPROTO_TCP sport=43211 dport=50000 saddr=127.0.0.1 daddr=127.0.0.1 saddrv6=::ffff:127.0.0.1 daddrv6=::ffff:127.0.0.1 oldstate=TCP_ESTABLISHED newstate=TCP_FIN_WAIT1"

func TestParseLineForms(t *testing.T) {
	for _, tc := range []struct {
		name, line string
		at         events.Mono
		text       string
	}{
		{"default", "     graceserver-7   [001] .....   576.760841: inet_sock_set_state: " + stateFields,
			576_760_841_000, "ESTABLISHED -> FIN_WAIT1 (graceserver-7)"},
		{"4-column flags (older kernels)", "  graceserver-7   [001] ..s.   1.000001: inet_sock_set_state: " + stateFields,
			1_000_001_000, "ESTABLISHED -> FIN_WAIT1 (softirq)"},
		{"no irq-info", "  graceserver-7   [001]   2.5: inet_sock_set_state: " + stateFields,
			2_500_000_000, "ESTABLISHED -> FIN_WAIT1 (graceserver-7)"},
		{"record-tgid", "  graceserver-7   (      5) [001] d..2.   3.000000: inet_sock_set_state: " + stateFields,
			3_000_000_000, "ESTABLISHED -> FIN_WAIT1 (graceserver-7)"},
		{"no tgid known", "  graceserver-7   (-------) [001] .....   3.000000: inet_sock_set_state: " + stateFields,
			3_000_000_000, "ESTABLISHED -> FIN_WAIT1 (graceserver-7)"},
		{"a name with spaces and dashes", " tmux: server-x-1-42 [000] .....  4.000000: inet_sock_set_state: " + stateFields,
			4_000_000_000, "ESTABLISHED -> FIN_WAIT1 (tmux: server-x-1-42)"},
		{"a name not recorded", "           <...>-26430   [001] .....   5.000000: inet_sock_set_state: " + stateFields,
			5_000_000_000, "ESTABLISHED -> FIN_WAIT1 (pid 26430)"},
		{"hardirq", "  <idle>-0 [000] d.h1.  6.000000: inet_sock_set_state: " + stateFields,
			6_000_000_000, "ESTABLISHED -> FIN_WAIT1 (hardirq)"},
		{"carriage return", "  graceserver-7 [000] .....  7.000000: inet_sock_set_state: " + stateFields + "\r",
			7_000_000_000, "ESTABLISHED -> FIN_WAIT1 (graceserver-7)"},
		// 2^32 s and 1 µs: beyond what float64 seconds hold to the nanosecond.
		{"exact time", "  graceserver-7 [000] .....  4294967296.000001: inet_sock_set_state: " + stateFields,
			4_294_967_296_000_001_000, "ESTABLISHED -> FIN_WAIT1 (graceserver-7)"},
		{"nanoseconds", "  graceserver-7 [000] .....  9.123456789: inet_sock_set_state: " + stateFields,
			9_123_456_789, "ESTABLISHED -> FIN_WAIT1 (graceserver-7)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			evs, err := Parse(strings.NewReader(tc.line), 43211)
			if err != nil {
				t.Fatal(err)
			}
			if len(evs) != 1 || evs[0].At != tc.at || evs[0].Text != tc.text || evs[0].Who != "server" {
				t.Fatalf("got %+v; want one server event at %d, %q", evs, tc.at, tc.text)
			}
		})
	}
}

// TestParseOlderFormats: kernels before tcp_send_reset printed sockaddrs
// (and before reasons) gave it port and address fields like the others,
// and some gave no family.
func TestParseOlderFormats(t *testing.T) {
	trace := "  <idle>-0 [000] ..s1.  1.000000: tcp_send_reset: skbaddr=0 skaddr=0 sport=50000 dport=43211 saddr=0.0.0.0 daddr=0.0.0.0 saddrv6=::1 daddrv6=::1 state=TCP_ESTABLISHED\n" +
		"  <idle>-0 [000] ..s1.  2.000000: tcp_send_reset: skbaddr=0 skaddr=0 sport=50000 dport=43211 saddr=127.0.0.1 daddr=127.0.0.1 saddrv6=::ffff:127.0.0.1 daddrv6=::ffff:127.0.0.1 state=TCP_ESTABLISHED\n"
	evs, err := Parse(strings.NewReader(trace), 43211)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range evs {
		got = append(got, fmt.Sprintf("%s %v>%v %q", summary(ev), ev.Local, ev.Remote, ev.Text))
	}
	want := []string{
		`client RST sent, state "ESTABLISHED", reason "" [::1]:50000>[::1]:43211 "RST sent in ESTABLISHED (softirq)"`,
		`client RST sent, state "ESTABLISHED", reason "" 127.0.0.1:50000>127.0.0.1:43211 "RST sent in ESTABLISHED (softirq)"`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

func TestParseSkips(t *testing.T) {
	trace := strings.Join([]string{
		"# tracer: nop",
		"##### CPU 1 buffer started ####",
		"",
		// Another connection, another event, an MPTCP meta socket.
		"  c-1 [000] .....  1.000000: inet_sock_set_state: " + strings.ReplaceAll(stateFields, "43211", "43212"),
		"  c-1 [000] .....  1.000000: sched_switch: prev_comm=c prev_pid=1",
		"  c-1 [000] .....  1.000000: inet_sock_set_state: " + strings.ReplaceAll(stateFields, "IPPROTO_TCP", "IPPROTO_MPTCP"),
		"  c-1 [000] ..s1.  1.000000: tcp_send_reset: skbaddr=0 skaddr=0 src=127.0.0.1:1 dest=127.0.0.1:2 state=TCP_TIME_WAIT reason=TCP_TIMEWAIT_SOCKET",
	}, "\n")
	evs, err := Parse(strings.NewReader(trace), 43211)
	if err != nil || len(evs) != 0 {
		t.Errorf("got %v, %v; want no events, no error", evs, err)
	}
}

func TestParseErrors(t *testing.T) {
	ok := "  c-1 [000] .....  1.000000: inet_sock_set_state: " + stateFields + "\n"
	for _, tc := range []struct{ name, trace, want string }{
		{"not a trace", ok + "hello\n", `trace line 2: not a tracefs event line: "hello"`},
		{"counter clock", "  c-1 [000] .....  123456: inet_sock_set_state: " + stateFields, "trace_clock must be mono"},
		{"ten digits", "  c-1 [000] .....  1.0000000001: inet_sock_set_state: " + stateFields, "trace_clock must be mono"},
		{"no port", "  c-1 [000] .....  1.000000: inet_sock_set_state: " + strings.Replace(stateFields, "sport=43211 ", "", 1), "sport"},
		{"bad address", "  c-1 [000] .....  1.000000: tcp_send_reset: src=127.0.0.1 dest=127.0.0.1:1", "src"},
		{"no new state", "  c-1 [000] .....  1.000000: inet_sock_set_state: " + strings.Replace(stateFields, "newstate=TCP_FIN_WAIT1", "", 1), "newstate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tc.trace), 43211)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got error %v; want one saying %q", err, tc.want)
			}
		})
	}
	evs, err := Parse(strings.NewReader(ok+"hello\n"), 43211)
	if len(evs) != 1 || err == nil {
		t.Errorf("got %d events, error %v; want the 1 event before the bad line, and an error", len(evs), err)
	}
	for _, port := range []int{0, -1, 65536} {
		if _, err := Parse(strings.NewReader(ok), port); err == nil {
			t.Errorf("Parse(port %d): got no error; want one", port)
		}
	}
}

// FuzzParse: whatever the text, Parse returns, in time order, only events
// of the port, or an error; it never panics.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.trace*")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, trace []byte) {
		const port = 45111
		evs, _ := Parse(bytes.NewReader(trace), port)
		for i, ev := range evs {
			if i > 0 && ev.At < evs[i-1].At {
				t.Fatalf("event %d before event %d", i, i-1)
			}
			if ev.Kind != events.Note && ev.Local.Port() != port && ev.Remote.Port() != port {
				t.Fatalf("got %+v; want an event of port %d", ev, port)
			}
		}
	})
}
