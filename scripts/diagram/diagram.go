// Package diagram draws one TCP connection of an experiment as the lesson
// draws it, a sequence diagram: the client's lifeline on the left, the
// server's on the right, one arrow per segment in time order, and beside
// each lifeline, at their times, what was typed into that program, what it
// printed, its system calls with the socket's TCP state after them, and
// what the kernel did to that end of the connection (state changes, RSTs
// and their reasons). Check then says whether the arrows are the lesson's.
//
// A Diagram is a list of rows (Row: a time, a lane, a text), built once
// from the events; Render draws them as ASCII text, and other drawings
// (HTML, SVG) can be made from the same rows.
package diagram

import (
	"errors"
	"fmt"
	"net/netip"

	"graceclose/scripts/capture"
	"graceclose/scripts/events"
	"graceclose/scripts/lang"
)

// Lane is where a row goes.
type Lane int

// The lanes, from left to right.
const (
	ClientNote Lane = iota // beside the client's lifeline
	ToServer               // an arrow from the client to the server
	ToClient               // an arrow from the server to the client
	ServerNote             // beside the server's lifeline
)

// IsArrow tells whether a row in the lane is a segment.
func (l Lane) IsArrow() bool { return l == ToServer || l == ToClient }

// Row is one line of the diagram.
type Row struct {
	At   events.Mono
	Lane Lane
	Text string
	// Kind is the kind of the event the row shows (Segment for an arrow),
	// so that a drawing can tell typed lines from output, calls and the
	// kernel's doings.
	Kind events.Kind
	// Event is the event itself: its state, its reason, its packet.
	Event events.Event
}

// Diagram is one connection: its two ends, its segments, and the rows that
// draw it.
type Diagram struct {
	Client, Server netip.AddrPort
	Segments       []events.Event // the connection's segments, in time order
	Rows           []Row          // in time order; at equal times, in the order the events were given
	Others         int            // segments of other connections, left out
	// Lang is the language of the diagram's own words (its legend, its
	// heads, what Check says); nil: English.
	Lang *lang.Printer
}

// T says a message in the diagram's language.
func (d *Diagram) T(format string, args ...any) string { return d.printer().T(format, args...) }

// Words is text in the diagram's language.
func (d *Diagram) Words(text string) string { return d.printer().Words(text) }

func (d *Diagram) printer() *lang.Printer {
	if d.Lang == nil {
		return lang.English
	}
	return d.Lang
}

// New picks the connection out of an experiment's events, as the lesson's
// diagram shows one: the one the first SYN (without ACK) opens, to
// serverPort if it is not 0. The events need not be sorted. Segments of
// other connections are left out and counted; the programs' events are
// placed by whose they are (Who: "client" or "server"), the kernel's by the
// addresses of the socket they concern.
func New(evs []events.Event, serverPort int) (*Diagram, error) {
	sorted := append([]events.Event(nil), evs...)
	events.Sort(sorted)
	d := &Diagram{}
	for _, e := range sorted {
		if e.Kind == events.Segment && e.Packet != nil && e.Packet.Flags == "S" && (serverPort == 0 || int(e.Remote.Port()) == serverPort) {
			d.Client, d.Server = unmap(e.Local), unmap(e.Remote)
			break
		}
	}
	if !d.Client.IsValid() {
		if serverPort != 0 {
			return nil, fmt.Errorf("no SYN to port %d: the capture does not hold the start of the connection", serverPort)
		}
		return nil, errors.New("no SYN: the capture does not hold the start of a connection")
	}
	for i, e := range sorted {
		if e.Kind == events.Segment {
			d.addSegment(e)
			continue
		}
		if lane, ok := d.laneOf(e); ok {
			if text, shown := noteText(sorted, i); shown {
				d.Rows = append(d.Rows, Row{At: e.At, Lane: lane, Text: text, Kind: e.Kind, Event: e})
			}
		} else if e.Kind == events.Snapshot {
			d.Rows = append(d.Rows,
				Row{At: e.At, Lane: ClientNote, Text: snapshotText(e.Client, e.Text), Kind: e.Kind, Event: e},
				Row{At: e.At, Lane: ServerNote, Text: snapshotText(e.Server, e.Text), Kind: e.Kind, Event: e})
		}
	}
	return d, nil
}

// addSegment draws a segment of the connection as an arrow, or counts one
// of another connection.
func (d *Diagram) addSegment(e events.Event) {
	from, to := unmap(e.Local), unmap(e.Remote)
	var lane Lane
	switch {
	case e.Packet == nil:
		return
	case from == d.Client && to == d.Server:
		lane = ToServer
	case from == d.Server && to == d.Client:
		lane = ToClient
	default:
		d.Others++
		return
	}
	d.Segments = append(d.Segments, e)
	d.Rows = append(d.Rows, Row{At: e.At, Lane: lane, Text: label(e), Kind: e.Kind, Event: e})
}

// label is what a segment's arrow says: the capture's label, or one made
// from the packet for a segment that came without it.
func label(e events.Event) string {
	if e.Text != "" {
		return e.Text
	}
	return capture.Label(*e.Packet, len(e.Packet.Payload))
}

// laneOf says beside which lifeline an event goes, if it concerns this
// connection: the kernel's events by their socket's addresses when they
// have them, the others by whose they are.
func (d *Diagram) laneOf(e events.Event) (Lane, bool) {
	switch e.Kind {
	case events.StateChanged, events.ResetSent, events.ResetReceived, events.Retransmitted:
		if e.Local.IsValid() {
			return d.socketLane(unmap(e.Local), unmap(e.Remote))
		}
	case events.Snapshot:
		return 0, false
	}
	switch e.Who {
	case "client":
		return ClientNote, true
	case "server":
		return ServerNote, true
	}
	return 0, false
}

// socketLane places a kernel event by its socket: either end of the
// connection, the client's socket before its port is chosen (the state
// change to SYN_SENT has port 0), or the server's listening socket.
func (d *Diagram) socketLane(local, remote netip.AddrPort) (Lane, bool) {
	switch {
	case local == d.Client && (remote == d.Server || !remote.IsValid()):
		return ClientNote, true
	case local == d.Server && (remote == d.Client || !remote.IsValid()):
		return ServerNote, true
	case remote == d.Server && local.Port() == 0 && local.Addr() == d.Client.Addr():
		return ClientNote, true
	case local.Port() == d.Server.Port() && remote.Port() == 0 &&
		(local.Addr() == d.Server.Addr() || local.Addr().IsUnspecified()):
		return ServerNote, true
	}
	return 0, false
}

// unmap writes an IPv4-mapped IPv6 address as IPv4, as the wire carries it.
func unmap(ap netip.AddrPort) netip.AddrPort {
	if !ap.IsValid() {
		return ap
	}
	return netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port())
}
