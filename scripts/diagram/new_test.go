package diagram

import (
	"net/netip"
	"strings"
	"testing"

	"graceclose/scripts/events"
)

// New picks the connection the first SYN opens (to the port asked for, if
// any), leaves the others out and counts their segments, and shows only
// the events of its own sockets and programs.
func TestNewPicksTheConnection(t *testing.T) {
	closeRun, shutdownRun := closeStory(t), newStory(t, "shutdown.pcap")
	evs := append(append([]events.Event(nil), shutdownRun.evs...), closeRun.evs...)
	// The shutdown run's kernel and another program's events, which
	// the close run's diagram must not show.
	evs = append(evs,
		events.Event{At: closeRun.at(7, 1), Kind: events.StateChanged, Who: "server", Local: shutdownRun.server, Remote: shutdownRun.client,
			From: "TCP_ESTABLISHED", State: "TCP_CLOSE_WAIT"},
		events.Event{At: closeRun.at(7, 1), Kind: events.Printed, Who: "client2", Text: "not this client's"})

	d, err := New(evs, 0)
	if err != nil {
		t.Fatal(err)
	}
	if d.Client != closeRun.client || d.Server != closeRun.server || len(d.Segments) != 11 || d.Others != 15 {
		t.Errorf("New(both runs, 0): got %v to %v, %d segments, %d others; want the close run's (it starts first): %v to %v, 11, 15",
			d.Client, d.Server, len(d.Segments), d.Others, closeRun.client, closeRun.server)
	}
	for _, r := range d.Rows {
		if !r.Lane.IsArrow() && r.At == closeRun.at(7, 1) {
			t.Errorf("row %q: another connection's event shown", r.Text)
		}
	}
	if want := len(closeRun.evs); len(d.Rows) != want {
		// Each of the close run's events makes a row (its one Called
		// never returned), and none of the rest.
		t.Errorf("got %d rows; want %d", len(d.Rows), want)
	}

	d, err = New(evs, int(shutdownRun.server.Port()))
	if err != nil {
		t.Fatal(err)
	}
	if d.Client != shutdownRun.client || len(d.Segments) != 15 || d.Others != 11 {
		t.Errorf("New(both runs, %d): got %v, %d segments, %d others; want %v, 15, 11", shutdownRun.server.Port(), d.Client, len(d.Segments), d.Others, shutdownRun.client)
	}

	if _, err := New(evs, 1); err == nil || !strings.Contains(err.Error(), "no SYN to port 1") {
		t.Errorf("New(both runs, 1): got %v; want no SYN to port 1", err)
	}
	if _, err := New(closeRun.evs[1:], 0); err == nil || !strings.Contains(err.Error(), "no SYN") {
		t.Errorf("New without the SYN: got %v; want an error saying so", err)
	}
}

// The kernel's events go beside the end whose socket they concern, by its
// addresses, whoever the event says it is: an IPv4-mapped address is the
// IPv4 one, the listening socket is the server's.
func TestNewPlacesKernelEvents(t *testing.T) {
	s := newStory(t, "close.pcap")
	mapped := netip.AddrPortFrom(netip.AddrFrom16(s.client.Addr().As16()), s.client.Port())
	s.add(0, 1, events.Event{Kind: events.ResetSent, Local: mapped, Remote: s.server, Reason: "NOT_SPECIFIED"})
	s.add(0, 2, events.Event{Kind: events.Retransmitted, Who: "client", Local: s.server, Remote: s.client, State: "TCP_SYN_RECV"})
	s.add(0, 3, events.Event{Kind: events.StateChanged, Local: netip.MustParseAddrPort("0.0.0.0:" + portOf(s.server)),
		Remote: netip.MustParseAddrPort("0.0.0.0:0"), From: "TCP_LISTEN", State: "TCP_CLOSE"})
	s.add(0, 4, events.Event{Kind: events.Snapshot, Client: "SYN_SENT", Server: "LISTEN", Text: "before the reply"})
	d := newDiagram(t, s.evs)
	var got []string
	for _, r := range d.Rows {
		if !r.Lane.IsArrow() {
			got = append(got, []string{"client", "", "", "server"}[r.Lane]+": "+r.Text)
		}
	}
	want := []string{
		"client: tcp: RST sent (NOT_SPECIFIED)",
		"server: tcp: retransmission (SYN_RECV)",
		"server: tcp: LISTEN -> CLOSE",
		"client: tcp: SYN_SENT (before the reply)",
		"server: tcp: LISTEN (before the reply)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func portOf(ap netip.AddrPort) string { return strings.TrimPrefix(ap.String(), ap.Addr().String()+":") }
