// Package events is the experiments' one stream of what happened: what the
// programs printed and which system calls they made, what the lab typed and
// which signals it sent, what the kernel did to each end of the connection
// (state changes, resets and their reasons, retransmissions) and which
// segments went on the wire, each at its instant on one clock,
// CLOCK_MONOTONIC.
//
// Every source stamps its own events: the programs at the moment they print
// or call (their side channel, see common/eventlog.go), the lab when it
// types or signals, the kernel through tracefs with trace_clock "mono", and
// the capture with the wall clock, moved onto the monotonic one by the
// offset measured at the start (Clock). Sorting by time is then causal
// order, up to the clocks' resolution.
package events

import (
	"net/netip"
	"sort"
	"time"
)

// Mono is a reading of CLOCK_MONOTONIC: the time since an arbitrary moment
// (the machine's boot on Linux), the clock tracefs calls "mono".
type Mono time.Duration

// Sub returns m - o as a duration.
func (m Mono) Sub(o Mono) time.Duration { return time.Duration(m - o) }

// Kind says what an event is.
type Kind int

const (
	// Printed: a line a program printed, at the moment it printed it
	// (Stream says stdout or stderr; Text is the line without its
	// newline).
	Printed Kind = iota
	// Typed: a line the lab typed into a program's standard input (Text,
	// without the newline).
	Typed
	// Signaled: a signal the lab sent to a program (Text: "SIGINT").
	Signaled
	// Called: a program entered a system call (Call, FD; Text describes
	// the arguments).
	Called
	// Returned: the system call returned (Call, FD, Result; State is the
	// socket's TCP state right after, when the program could read it).
	Returned
	// Exited: a program ended (Text: "exit 1", "killed by SIGPIPE"; Status
	// is the wait status as a shell shows it, 141 for SIGPIPE).
	Exited
	// StateChanged: the kernel moved one end of the connection from From
	// to State (tracefs: sock:inet_sock_set_state).
	StateChanged
	// ResetSent: the kernel sent a RST from Local to Remote, for Reason
	// (tracefs: tcp:tcp_send_reset); State is the sending socket's state.
	ResetSent
	// ResetReceived: the kernel took a RST on the socket at Local
	// (tracefs: tcp:tcp_receive_reset).
	ResetReceived
	// Retransmitted: the kernel sent a segment again from Local (tracefs:
	// tcp:tcp_retransmit_skb); State is the socket's state.
	Retransmitted
	// Segment: a TCP segment on the wire, from Local to Remote (the
	// capture); see Packet.
	Segment
	// Snapshot: both ends' states read at a moment the lab chose (Text
	// says which; without tracefs, from /proc/net/tcp or netstat):
	// Client and Server hold them.
	Snapshot
	// Note: something the lab saw or did, in words (a program started
	// listening; a fault was injected).
	Note
	// Connection: a program's connected socket (FD) and its two
	// addresses, Local and Remote: which end of which connection is whose.
	Connection
)

var kindNames = [...]string{"printed", "typed", "signaled", "called", "returned", "exited",
	"state", "reset-sent", "reset-received", "retransmitted", "segment", "snapshot", "note", "connection"}

// String names the kind.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind?"
}

// Event is one thing that happened. Which fields are set depends on Kind.
type Event struct {
	At   Mono
	Kind Kind
	// Who is whose event: a program's name ("client", "server",
	// "client2"), the end of the connection a kernel event concerns
	// ("client" or "server", found by its ports), or "" for the wire and
	// the lab's notes about the whole run.
	Who  string
	Text string

	Stream string // Printed: "stdout" or "stderr"
	Call   string // Called, Returned: "read", "shutdown"...
	FD     int    // Called, Returned: the descriptor
	Result string // Returned: a byte count, "EOF", "0", or an errno name ("ECONNRESET")
	Status int    // Exited: as a shell shows it (141: killed by SIGPIPE)

	From   string // StateChanged: the old state ("ESTABLISHED")
	State  string // StateChanged: the new state; Returned, ResetSent, Retransmitted: the socket's state
	Reason string // ResetSent: the kernel's reason ("TCP_TIMEWAIT_SOCKET")

	Local, Remote netip.AddrPort // kernel events and segments: this end, and the other
	Packet        *Packet        // Segment

	Client, Server string    // Snapshot: each end's state, "none" when gone
	Sockets        []Socket  // Snapshot: every socket using the port, as the kernel's table lists them
	Ends           [2]Socket // Snapshot: the run's connection, the client's end then the server's

	// Source says where the event came from, so that a reader knows how
	// much to trust its time: "program" (stamped by the program itself),
	// "lab", "tracefs", "capture", "proc" (a look at the kernel's table).
	Source string
}

// Socket is a socket as the kernel's table lists it at a Snapshot.
type Socket struct {
	Local, Remote netip.AddrPort
	State         string // "ESTABLISHED", "SYN_SENT", "LISTEN"...
	Unread        int    // bytes received and not read (Recv-Q); for a listening socket, connections waiting for accept()
}

// Packet is a TCP segment as captured.
type Packet struct {
	Flags   string // tcpdump's letters: "S", "S.", "P.", "F.", "R", "R."
	Seq     uint32
	Ack     uint32
	Window  uint16
	Payload []byte
}

// Sort puts events in time order. Events with the same time keep the
// order they were given in: a program's events stay in the order it made
// them.
func Sort(evs []Event) {
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].At < evs[j].At })
}
