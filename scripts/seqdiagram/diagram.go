package main

import (
	"errors"
	"fmt"
	"io"
	"net/netip"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"graceclose/common"
)

// Diagram is one connection drawn as a sequence diagram: the client's
// lifeline on the left, the server's on the right, one arrow per segment in
// time order, and what each program wrote (its output, its -trace lines
// with the socket's TCP state, what was typed into it) beside its lifeline
// at the time it wrote it.
type Diagram struct {
	Title          string
	Client, Server netip.AddrPort
	Segments       []Segment // the connection's segments
	Others         int       // segments of other connections, left out
	ClientLines    []LogLine
	ServerLines    []LogLine
}

// NewDiagram picks the connection out of the capture: the one the first
// SYN (without ACK) opens, to serverPort if it is not 0.
func NewDiagram(segs []Segment, serverPort int, client, server []LogLine) (*Diagram, error) {
	d := &Diagram{ClientLines: client, ServerLines: server}
	for _, s := range segs {
		if s.Flags == "S" && (serverPort == 0 || int(s.Dst.Port()) == serverPort) {
			d.Client, d.Server = s.Src, s.Dst
			break
		}
	}
	if !d.Client.IsValid() {
		return nil, errors.New("the capture has no SYN opening a connection")
	}
	for _, s := range segs {
		if s.Src == d.Client && s.Dst == d.Server || s.Src == d.Server && s.Dst == d.Client {
			d.Segments = append(d.Segments, s)
		} else {
			d.Others++
		}
	}
	return d, nil
}

// rowKind says where a row's text goes.
type rowKind int

const (
	clientNote rowKind = iota // beside the client's lifeline
	toServer                  // an arrow from the client
	toClient                  // an arrow from the server
	serverNote                // beside the server's lifeline
)

// Row is one line of the diagram.
type Row struct {
	Time time.Time
	Kind rowKind
	Text string
}

// Rows returns the diagram's rows in time order. At equal times, segments
// come first, then the client's lines, then the server's, each in its own
// order.
func (d *Diagram) Rows() []Row {
	var rows []Row
	for _, s := range d.Segments {
		kind := toServer
		if s.Src == d.Server {
			kind = toClient
		}
		rows = append(rows, Row{s.Time, kind, s.Label()})
	}
	for _, side := range []struct {
		lines []LogLine
		kind  rowKind
	}{{d.ClientLines, clientNote}, {d.ServerLines, serverNote}} {
		for i, l := range side.lines {
			if text, ok := noteText(side.lines, i); ok {
				rows = append(rows, Row{l.Time, side.kind, text})
			}
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Time.Before(rows[j].Time) })
	return rows
}

// sortByTime sorts lines by time, keeping the order of lines at equal times.
func sortByTime(lines []LogLine) {
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].Time.Before(lines[j].Time) })
}

// noteText is how line i of a program's log is shown, if at all.
func noteText(lines []LogLine, i int) (string, bool) {
	l := lines[i]
	if l.Trace == nil {
		return l.Text, true
	}
	event := l.Trace.Event
	if strings.HasPrefix(event, "trace on") {
		return "", false
	}
	if strings.HasSuffix(event, "(2)") && strings.Contains(event, ": calling ") {
		// A send about to be made: shown only when nothing was traced
		// after it, because the send never returned (SIGPIPE).
		for _, later := range lines[i+1:] {
			if later.Trace != nil {
				return "", false
			}
		}
		event, _, _ = strings.Cut(event, ":")
		event += "..."
	} else {
		event = shortEvent(event)
	}
	text := "* " + event
	if l.Trace.State != "" {
		text += common.StateArrow + shortState(*l.Trace)
	}
	return text, true
}

// shortEvent keeps what a trace line's event says in a few words:
// "connected A to B" is "connect", "read: ECONNRESET (...): ..." is "read:
// ECONNRESET", "shutdown(SHUT_WR): our FIN ..." is "shutdown(SHUT_WR)".
func shortEvent(event string) string {
	for long, short := range map[string]string{"connected ": "connect", "accepted ": "accept", "listening on ": "listen"} {
		if strings.HasPrefix(event, long) {
			return short
		}
	}
	if strings.HasPrefix(event, "exit(") && strings.HasSuffix(event, "sends our FIN") {
		call, _, _ := strings.Cut(event, ":")
		return call + ": the kernel sends our FIN"
	}
	call, rest, found := strings.Cut(event, ": ")
	if !found {
		return event
	}
	if errno, _, _ := strings.Cut(rest, " "); strings.HasPrefix(errno, "E") && strings.ToUpper(errno) == errno {
		return call + ": " + errno
	}
	return call
}

// shortState is the state as the diagram shows it.
func shortState(tl common.TraceLine) string {
	if strings.Contains(tl.About, "lives on in TIME_WAIT") {
		return "TIME_WAIT (fd: " + tl.State + ")"
	}
	return tl.State
}

// legend says how to read a diagram.
const legend = `(arrows: the segments captured, in time order; ACK is named alone, and left out beside PSH, FIN, RST.
 beside each lifeline: > typed, the program's output, [seen by the script], * a -trace event -> the TCP state after it.
 time: seconds since the first line)
`

// Layout limits.
const (
	maxNote      = 44 // the widest note beside the client's lifeline
	minArrow     = 28 // the narrowest arrow
	arrowPadding = 10 // dashes around the widest label
)

// Render draws the diagram.
func (d *Diagram) Render(w io.Writer) error {
	rows := d.Rows()
	if len(rows) == 0 {
		return errors.New("nothing to draw")
	}
	t0 := rows[0].Time
	clientHead := "client " + d.Client.String()
	serverHead := "server " + d.Server.String()
	left, arrow := len(clientHead), minArrow
	for _, r := range rows {
		switch r.Kind {
		case clientNote:
			left = max(left, min(width(r.Text), maxNote))
		case toServer, toClient:
			arrow = max(arrow, width(r.Text)+arrowPadding)
		}
	}
	var b strings.Builder
	if d.Title != "" {
		fmt.Fprintf(&b, "%s\n", d.Title)
	}
	b.WriteString(legend + "\n")
	const timeHead = "   time  "
	lifelines := "|" + strings.Repeat(" ", arrow) + "|"
	line := func(at, note, middle, right string) {
		b.WriteString(strings.TrimRight(at+pad(clip(note, left), left)+" "+middle+"  "+right, " ") + "\n")
	}
	line(timeHead, clientHead, lifelines, serverHead)
	line(strings.Repeat(" ", len(timeHead)), "", lifelines, "")
	for _, r := range rows {
		at := fmt.Sprintf("%7.3f  ", r.Time.Sub(t0).Seconds())
		switch r.Kind {
		case clientNote:
			line(at, r.Text, lifelines, "")
		case serverNote:
			line(at, "", lifelines, r.Text)
		default:
			line(at, "", drawArrow(r.Text, arrow, r.Kind == toServer), "")
		}
	}
	line(strings.Repeat(" ", len(timeHead)), "", lifelines, "")
	if d.Others > 0 {
		fmt.Fprintf(&b, "\n(%d segments of other connections left out)\n", d.Others)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// drawArrow draws "|----- label ----->|" (or "|<---- label -----|"), width
// wide between the lifelines.
func drawArrow(label string, wide int, right bool) string {
	label = " " + label + " "
	dashes := wide - utf8.RuneCountInString(label) - 1
	before := dashes / 2
	after := dashes - before
	if right {
		return "|" + strings.Repeat("-", before) + label + strings.Repeat("-", after) + ">|"
	}
	return "|<" + strings.Repeat("-", before) + label + strings.Repeat("-", after) + "|"
}

// width is how many columns text takes, a rune a column.
func width(text string) int { return utf8.RuneCountInString(text) }

// clip cuts text to wide columns, marking the cut with "...".
func clip(text string, wide int) string {
	if width(text) <= wide {
		return text
	}
	return string([]rune(text)[:wide-3]) + "..."
}

// pad fills text with spaces to wide columns.
func pad(text string, wide int) string {
	return text + strings.Repeat(" ", max(0, wide-width(text)))
}
