package common

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// TracePrefix starts every -trace line, "[tcp +1.203456s] " with the time
// since the program started, to the microsecond: loopback segments are
// microseconds apart, and scripts/seqdiagram sets the lines beside them. The
// lesson's own output never starts with it.
const TracePrefix = "[tcp "

// StateArrow separates a trace line's event from the socket's TCP state
// after it: "[tcp +0.512034s] read 9 bytes -> FIN_WAIT2".
const StateArrow = " -> "

// traceStart is when the program started, as far as the trace is concerned.
var traceStart = time.Now()

// traceOnAt starts the first trace line, which gives the start time.
const traceOnAt = "trace on at "

// Tracer writes the -trace lines: one line on stderr per socket event
// (connect, accept, each read and write with its byte count, the peer's FIN
// and RST, EPIPE and SIGPIPE, shutdown, close, exit), each followed by the
// kernel's TCP state of the socket after it, read with getsockopt(TCP_INFO)
// where the system offers it (tcpinfo_*.go).
//
// Standard output is flushed before each trace line, so a terminal or a
// file holding both streams shows them in the order they happened. A
// disabled Tracer does nothing, so the lesson's output is unchanged.
type Tracer struct {
	mu      sync.Mutex
	on      bool
	started bool          // the first line is written
	last    time.Duration // the time of the last line
	w       io.Writer
	peer    string // "server" or "client": whose FIN and RST a read meets

	// The connection, once connected or accepted: its descriptor and
	// both addresses, which still identify it in the kernel's table
	// after the descriptor is closed.
	fd            int
	closed        bool
	local, remote unix.Sockaddr

	readShut string // "SHUT_RD" or "SHUT_RDWR" once reading is shut down here

	// callAt is when the call being made began (calling): the line that
	// traces it, written once it has returned, is stamped with the
	// moment it was made, not the moment it ended.
	callAt     time.Duration
	callAtSet  bool
	closeSends string // what the close(2) being made sends (see closing)
	copies     []int  // other descriptors of the connection's socket (Duplicated)

	caught   string        // a signal that is ending the process (Caught)
	caughtAt time.Duration // when it came
}

// Trace is the programs' tracer, off until Enable.
var Trace = &Tracer{w: stderrWriter{}, fd: -1}

// TraceFlag returns the value of a -trace flag (a boolean flag): setting it
// turns Trace on, with peer naming the other side ("server" or "client").
func TraceFlag(peer string) flag.Value { return &traceFlag{peer: peer} }

// TraceUsage is the -trace flag's help text.
const TraceUsage = "print one line on stderr per socket event (connect, accept, read, write, the peer's FIN and RST, EPIPE, SIGPIPE, shutdown, close, exit), " +
	"prefixed \"[tcp +<seconds since start>]\" and followed by the socket's TCP state in the kernel (TCP_INFO)"

type traceFlag struct{ peer string }

func (f *traceFlag) String() string   { return "false" }
func (f *traceFlag) IsBoolFlag() bool { return true }

func (f *traceFlag) Set(text string) error {
	on, err := strconv.ParseBool(text)
	if err != nil {
		return err
	}
	if on {
		Trace.Enable(f.peer)
	}
	return nil
}

// Enable turns tracing on; peer names the other side ("server" or
// "client"), whose FIN and RST reads meet.
func (t *Tracer) Enable(peer string) {
	t.on = true
	t.peer = peer
}

// Listening traces a listening socket.
func (t *Tracer) Listening(fd int) {
	if !t.on {
		return
	}
	sa, _ := unix.Getsockname(fd)
	t.event(fd, "listening on %s", formatAddr(sa))
}

// Connected traces the client's connected socket, with both addresses.
func (t *Tracer) Connected(fd int) {
	if !t.on {
		return
	}
	t.remember(fd)
	t.event(fd, "connected %s to %s", formatAddr(t.local), formatAddr(t.remote))
}

// Accepted traces the server's accepted socket, with both addresses.
func (t *Tracer) Accepted(fd int) {
	if !t.on {
		return
	}
	t.remember(fd)
	t.event(fd, "accepted %s on %s", formatAddr(t.remote), formatAddr(t.local))
}

// Read traces a read(2) on the connection: its byte count, EOF (the peer's
// FIN), or its error (ECONNRESET: the peer's RST).
func (t *Tracer) Read(fd, n int, err error) {
	if !t.on {
		return
	}
	t.mu.Lock()
	shut := t.readShut
	t.mu.Unlock()
	switch {
	case err != nil:
		t.event(fd, "read: %s", t.describe(err))
	case n == 0 && shut != "":
		// After SHUT_RD a read returns EOF once the queue is empty,
		// whether or not the peer has sent its FIN.
		t.event(fd, "read EOF: our %s, not necessarily the %s's FIN", shut, t.peer)
	case n == 0:
		t.event(fd, "read EOF: the %s's FIN", t.peer)
	default:
		t.event(fd, "read %d bytes", n)
	}
}

// Sending traces a write or send about to be made (call is "write" or
// "send"). It comes before the call, because a send on a reset connection
// may kill the process with SIGPIPE before it returns.
func (t *Tracer) Sending(call string, fd, n int) {
	if !t.on {
		return
	}
	if call == "send" && noSIGPIPE != "" {
		t.event(fd, "%s %d bytes: calling %s(2) %s", call, n, call, noSIGPIPE)
		return
	}
	t.event(fd, "%s %d bytes: calling %s(2)", call, n, call)
}

// Sent traces how a write or send ended: the byte count, or the error
// (EPIPE: the connection was reset and SIGPIPE was raised).
func (t *Tracer) Sent(call string, fd, n int, err error) {
	if !t.on {
		return
	}
	if err != nil {
		t.event(fd, "%s: %s", call, t.describe(err))
		return
	}
	t.event(fd, "%s %d bytes: done", call, n)
}

// Shutdown traces a successful shutdown(2).
func (t *Tracer) Shutdown(fd, how int) {
	if !t.on {
		return
	}
	name := map[int]string{unix.SHUT_RD: "SHUT_RD", unix.SHUT_WR: "SHUT_WR", unix.SHUT_RDWR: "SHUT_RDWR"}[how]
	if how != unix.SHUT_WR {
		t.mu.Lock()
		t.readShut = name
		t.mu.Unlock()
	}
	switch how {
	case unix.SHUT_WR:
		t.event(fd, "shutdown(%s): our FIN is queued, replies can still be read", name)
	case unix.SHUT_RDWR:
		t.event(fd, "shutdown(%s): our FIN is queued, reads return EOF", name)
	default:
		t.event(fd, "shutdown(%s): reads return EOF, nothing is sent", name)
	}
}

// Dup traces dup(2) of the connection's descriptor followed by close(2) of
// the old one: the connection is now reached through newFD.
func (t *Tracer) Dup(oldFD, newFD int) {
	if !t.on {
		return
	}
	t.mu.Lock()
	if oldFD == t.fd {
		t.fd = newFD
	}
	t.mu.Unlock()
	t.event(newFD, "dup(%d) = %d, close(%d): the socket is still open through %d, no FIN", oldFD, newFD, oldFD, newFD)
}

// Closed traces a successful close(2) of the connection. The descriptor is
// gone: the state can no longer be read through it, only looked up by the
// connection's addresses where the system lists its connections.
func (t *Tracer) Closed(fd int) {
	if !t.on {
		return
	}
	t.mu.Lock()
	what := fmt.Sprintf("close(%d): both directions closed, our FIN is queued", fd)
	stateFD := fd
	if fd == t.fd {
		if t.closeSends != "" {
			what = fmt.Sprintf("close(%d): both directions closed, %s", fd, t.closeSends)
		}
		if len(t.copies) > 0 {
			// Only a reference is gone: the socket lives on through
			// its copy, which is the connection from now on.
			t.fd, t.copies = t.copies[0], t.copies[1:]
			stateFD = t.fd
			what = fmt.Sprintf("close(%d): one of the socket's descriptors; it stays open through %d, nothing is sent", fd, t.fd)
		} else {
			t.closed = true
		}
	}
	t.mu.Unlock()
	t.event(stateFD, "%s", what)
}

// Lingered traces how long a close(2) made with SO_LINGER {on, N s} took,
// and why it returned: the peer acknowledged our data and FIN, or the time
// ran out first. Then close returns 0 all the same, and nothing is lost or
// reset: the kernel, the socket orphaned, goes on sending what is queued
// and our FIN (the state after it, FIN_WAIT1, says so).
func (t *Tracer) Lingered(fd int, took time.Duration) {
	if !t.on {
		return
	}
	state := t.state(fd)
	why := ""
	switch first, _, _ := strings.Cut(state, " "); first {
	case "FIN_WAIT1", "CLOSING", "LAST_ACK":
		why = ": the linger time ran out before the " + t.peer + " acknowledged our data and FIN; close returns 0 all the same, and the kernel goes on sending them"
	case "FIN_WAIT2", "TIME_WAIT":
		why = ": the " + t.peer + " acknowledged our data and FIN"
	case "CLOSE", "gone":
		why = ": nothing was left to wait for"
	}
	t.write(time.Since(traceStart), fmt.Sprintf("close(%d) returned after %.6fs%s", fd, took.Seconds(), why), state)
}

// behind says how many bytes our FIN is queued behind, not yet
// acknowledged by the peer, where the system tells.
func behind(fd int) string {
	if n, err := unackedBytes(fd); err == nil && n > 0 {
		return fmt.Sprintf(" behind %d bytes not yet acknowledged", n)
	}
	return ""
}

// Duplicated traces dup(2) of the connection's descriptor, both kept open
// (/dup): a close(2) of one of them then only drops a reference, and sends
// nothing (the lesson's point about fork(2)ed children); the process's exit
// closes the other.
func (t *Tracer) Duplicated(fd, copyFD int) {
	if !t.on {
		return
	}
	t.mu.Lock()
	if fd == t.fd {
		t.copies = append(t.copies, copyFD)
	}
	t.mu.Unlock()
	t.event(fd, "dup(%d) = %d: two descriptors, one socket", fd, copyFD)
}

// closing is called by Close just before close(2): if fd is the
// connection, it reads from the socket what the close will send, which the
// state after it cannot always tell (a LAST_ACK that ends at once looks like
// a reset). Data left unread makes close send a RST instead of a FIN (RFC
// 2525, 2.17: the lesson's close with the replies not read yet), as does
// SO_LINGER {on, 0} (/abort); a reset connection sends nothing; after
// shutdown(SHUT_WR) the FIN has already gone.
func (t *Tracer) closing(fd int) {
	if !t.on {
		return
	}
	t.mu.Lock()
	isConn, copied := fd == t.fd, len(t.copies) > 0
	t.mu.Unlock()
	if !isConn || copied {
		return // not the connection, or not its last descriptor (Closed says so)
	}
	sends := "our FIN is queued"
	state, _ := tcpState(fd)
	linger, lingerErr := unix.GetsockoptLinger(fd, unix.SOL_SOCKET, unix.SO_LINGER)
	unread, unreadErr := unreadBytes(fd)
	switch {
	case state == "CLOSE":
		sends = "nothing is sent: the connection was already reset"
		t.mu.Lock()
		local, remote := t.local, t.remote
		t.mu.Unlock()
		if tw, _, err := connState(local, remote); err == nil && tw == "TIME_WAIT" {
			// Both FINs went and came: a time-wait socket holds the
			// connection now, and the descriptor's socket has nothing
			// to send, RST or FIN, whatever SO_LINGER says.
			sends = "nothing is sent: both FINs were already exchanged (the connection lives on in TIME_WAIT)"
		}
	case unreadErr == nil && unread > 0:
		sends = fmt.Sprintf("%d bytes were left unread, so the kernel sends a RST, not a FIN", unread)
	case lingerErr == nil && linger.Onoff != 0 && linger.Linger == 0:
		sends = "SO_LINGER is {on, 0}, so the kernel sends a RST, not a FIN"
	case lingerErr == nil && linger.Onoff != 0 && (state == "ESTABLISHED" || state == "CLOSE_WAIT"):
		sends = fmt.Sprintf("our FIN is queued%s; SO_LINGER is {on, %d}: close(2) waits until the %s acknowledges them, or %d s",
			behind(fd), linger.Linger, t.peer, linger.Linger)
	case state == "FIN_WAIT1" || state == "FIN_WAIT2" || state == "CLOSING" || state == "LAST_ACK" || state == "TIME_WAIT":
		sends = "our FIN was already sent (shutdown)"
	}
	t.mu.Lock()
	t.closeSends = sends
	t.mu.Unlock()
}

// Note traces something that is not a socket call (a signal), with the
// connection's state.
func (t *Tracer) Note(format string, args ...any) {
	if !t.on {
		return
	}
	t.mu.Lock()
	fd := t.fd
	t.mu.Unlock()
	t.event(fd, format, args...)
}

// Caught notes a signal whose handler is ending the process. The line is
// written with the end (exiting, killed), after standard output, which the
// handler writes out itself: tracing it now would mean waiting for a write
// of standard output that may never end (a full pipe).
func (t *Tracer) Caught(sig unix.Signal, what string) {
	if !t.on {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.caught == "" {
		t.caught = unix.SignalName(sig) + " caught: " + what
		t.caughtAt = time.Since(traceStart)
	}
}

// exiting traces the end of the process. It is called from Exit with
// standard output already flushed and locked, so it must not flush it.
func (t *Tracer) exiting(status int) { t.ending(fmt.Sprintf("exit(%d)", status)) }

// calling notes that an action's call begins now (shutdown, close): its
// trace line, written once the call has returned, is stamped now.
func (t *Tracer) calling() {
	if !t.on {
		return
	}
	at := time.Since(traceStart)
	t.mu.Lock()
	t.callAt, t.callAtSet = at, true
	t.mu.Unlock()
}

// killed traces a death by sig, the way exiting traces an exit.
func (t *Tracer) killed(sig unix.Signal) { t.ending("killed by " + unix.SignalName(sig)) }

func (t *Tracer) ending(what string) {
	if !t.on {
		return
	}
	t.mu.Lock()
	fd, closed := t.fd, t.closed
	caught, caughtAt := t.caught, t.caughtAt
	t.mu.Unlock()
	if caught != "" {
		t.write(caughtAt, caught, t.state(fd))
	}
	at := time.Since(traceStart)
	state := t.state(fd)
	if fd >= 0 && !closed {
		// The trace cannot look after the process is gone: it says
		// the state the kernel's close moves the socket to (the lab's
		// tracefs timeline shows the move itself).
		before, _, _ := strings.Cut(state, " ")
		sends, after := exitCloses(fd, before)
		what += fmt.Sprintf(": the kernel closes fd %d%s", fd, sends)
		if after != before {
			state = after + " (the kernel's close, as the process ends: " + before + " until then)"
		}
	}
	t.write(at, what, state)
}

// exitCloses says what the kernel's close of fd, in state, sends as the
// process ends, and the state it leaves the socket in: a RST when data was
// left unread or SO_LINGER is {on, 0} (CLOSE), else our FIN from
// ESTABLISHED (FIN_WAIT1) or CLOSE_WAIT (LAST_ACK), else nothing new.
func exitCloses(fd int, state string) (sends, after string) {
	linger, lingerErr := unix.GetsockoptLinger(fd, unix.SOL_SOCKET, unix.SO_LINGER)
	unread, unreadErr := unreadBytes(fd)
	open := state == "ESTABLISHED" || state == "CLOSE_WAIT"
	switch {
	case open && unreadErr == nil && unread > 0:
		return fmt.Sprintf(" and sends a RST (%d bytes were left unread)", unread), "CLOSE"
	case open && lingerErr == nil && linger.Onoff != 0 && linger.Linger == 0:
		return " and sends a RST (SO_LINGER {on, 0})", "CLOSE"
	case state == "ESTABLISHED":
		return " and sends our FIN", "FIN_WAIT1"
	case state == "CLOSE_WAIT":
		return " and sends our FIN", "LAST_ACK"
	}
	return "", state
}

func (t *Tracer) remember(fd int) {
	local, _ := unix.Getsockname(fd)
	remote, _ := unix.Getpeername(fd)
	t.mu.Lock()
	t.fd, t.closed, t.local, t.remote = fd, false, local, remote
	t.mu.Unlock()
}

// event writes one line: what happened, then the state of fd.
func (t *Tracer) event(fd int, format string, args ...any) {
	at := time.Since(traceStart) // the event's time, before the state is read
	t.mu.Lock()
	if t.callAtSet {
		at, t.callAtSet = t.callAt, false
	}
	t.mu.Unlock()
	state := t.state(fd)
	Stdout.Flush()
	t.write(at, fmt.Sprintf(format, args...), state)
}

func (t *Tracer) write(at time.Duration, text, state string) {
	if state != "" {
		text += StateArrow + state
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	// Two goroutines (the main loop, a signal handler) may trace at once:
	// the lines keep the order they are written in.
	at = max(at, t.last)
	t.last = at
	elapsed := at.Seconds()
	if !t.started {
		// The first line says when the program started, so that the
		// times can be set beside a packet capture's, and where the
		// states come from.
		t.started = true
		about := "one line per socket event, then \"-> STATE\", the socket's TCP state after it (" + stateSource + ")"
		if stateSource == "" {
			about = "the socket's TCP state cannot be read on this system, events only"
		}
		fmt.Fprintf(t.w, "%s+%.6fs] %s%d.%06d (Unix time): %s\n", TracePrefix, 0.0, traceOnAt,
			traceStart.Unix(), traceStart.Nanosecond()/1000, about)
	}
	fmt.Fprintf(t.w, "%s+%.6fs] %s\n", TracePrefix, elapsed, text)
}

// state describes the TCP state of fd, or of the connection once its
// descriptor is closed, or "" where states cannot be read.
func (t *Tracer) state(fd int) string {
	if stateSource == "" || fd < 0 {
		return ""
	}
	t.mu.Lock()
	closed := fd == t.fd && t.closed
	isConn := fd == t.fd
	local, remote := t.local, t.remote
	t.mu.Unlock()
	if closed {
		s, where, err := connState(local, remote)
		switch {
		case err != nil:
			return "? (the descriptor is closed: TCP_INFO cannot reach the socket any more)"
		case s == "":
			return "gone (the descriptor is closed; " + where + " no longer lists the connection)"
		default:
			return s + " (the descriptor is closed; read from " + where + ")"
		}
	}
	s, err := tcpState(fd)
	if err != nil {
		return "? (" + err.Error() + ")"
	}
	if s == "CLOSE" && isConn {
		// After the peer's FIN in FIN_WAIT2, the socket is closed and a
		// TIME_WAIT mini-socket holds the connection's addresses.
		if tw, where, err := connState(local, remote); err == nil && tw != "" && tw != s {
			return s + " (the connection lives on in " + tw + ", read from " + where + ")"
		}
	}
	return s
}

// describe names an errno the way a learner looks it up, "ECONNRESET
// (Connection reset by peer)", and says what it means on the wire.
func (t *Tracer) describe(err error) string {
	var errno unix.Errno
	if !errors.As(err, &errno) {
		return err.Error()
	}
	text := fmt.Sprintf("%s (%s)", unix.ErrnoName(errno), Strerror(errno))
	switch errno {
	case unix.ECONNRESET:
		t.mu.Lock()
		shut := t.readShut
		t.mu.Unlock()
		if shut == "SHUT_RDWR" {
			// Linux answers data that arrives after SHUT_RDWR with a
			// RST of its own, and reports it here as a reset.
			text += ": the connection was reset, by the " + t.peer + "'s RST or, for data that arrived after our SHUT_RDWR, by this kernel's"
		} else {
			text += ": the " + t.peer + "'s RST"
		}
	case unix.EPIPE:
		if noSIGPIPE != "" {
			text += ": the connection was reset; no SIGPIPE, the send was made " + noSIGPIPE
		} else {
			text += ": the connection was reset, SIGPIPE raised"
		}
	}
	return text
}

func formatAddr(sa unix.Sockaddr) string {
	if sa == nil {
		return "?"
	}
	return FormatSockaddr(sa)
}

// ParseTraceStart reads the time the program started from the event of its
// first trace line: "trace on at 1732384321.123456 (Unix time): ...".
func ParseTraceStart(event string) (time.Time, bool) {
	rest, ok := strings.CutPrefix(event, traceOnAt)
	if !ok {
		return time.Time{}, false
	}
	stamp, _, _ := strings.Cut(rest, " ")
	return ParseUnixTime(stamp)
}

// ParseUnixTime parses seconds since 1970 with up to nine decimals,
// "1732384321.123456", as tcpdump -tt prints them, exactly.
func ParseUnixTime(text string) (time.Time, bool) {
	secText, fracText, _ := strings.Cut(text, ".")
	sec, err := strconv.ParseInt(secText, 10, 64)
	if err != nil || sec < 0 || len(fracText) > 9 {
		return time.Time{}, false
	}
	nsec := int64(0)
	if fracText != "" {
		frac, err := strconv.ParseUint(fracText, 10, 32)
		if err != nil {
			return time.Time{}, false
		}
		nsec = int64(frac)
		for range 9 - len(fracText) {
			nsec *= 10
		}
	}
	return time.Unix(sec, nsec), true
}

// TraceLine is one -trace line, parsed.
type TraceLine struct {
	At    time.Duration // since the program started
	Event string        // what happened: "read 9 bytes"
	State string        // the TCP state after it: "FIN_WAIT2", "gone", "?"; "" when not traced
	About string        // what follows the state, in parentheses, if anything
}

// ParseTraceLine parses a line written by a Tracer (without its newline),
// and reports whether it is one.
func ParseTraceLine(line string) (TraceLine, bool) {
	rest, ok := strings.CutPrefix(line, TracePrefix+"+")
	if !ok {
		return TraceLine{}, false
	}
	secs, text, ok := strings.Cut(rest, "s] ")
	if !ok {
		return TraceLine{}, false
	}
	f, err := strconv.ParseFloat(secs, 64)
	if err != nil || f < 0 {
		return TraceLine{}, false
	}
	tl := TraceLine{At: time.Duration(f * float64(time.Second)), Event: text}
	if i := strings.LastIndex(text, StateArrow); i >= 0 {
		tl.Event = text[:i]
		tl.State, tl.About, _ = strings.Cut(text[i+len(StateArrow):], " ")
	}
	return tl, true
}
