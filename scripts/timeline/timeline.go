// Package timeline draws an experiment's events side by side, in time
// order: the client's column on the left, the server's on the right, the
// wire between them when packets were captured, each row with its time
// since the run began. Every line says what happened in words a learner
// reads at a glance: what was typed and printed, the kernel's state changes
// and resets with their reasons, each end's TCP state.
package timeline

import (
	"fmt"
	"io"
	"strings"
	"time"

	"graceclose/scripts/engine"
	"graceclose/scripts/events"
	"graceclose/scripts/lang"
)

// Options say how to draw.
type Options struct {
	Width int           // the whole width in columns (0: 100)
	Lang  *lang.Printer // the lab's words (nil: English)
	Calls bool          // also the programs' system calls, each at its call
}

// Column is where a row's text goes.
type Column int

// The columns, from left to right.
const (
	ClientColumn Column = iota
	WireColumn
	ServerColumn
	BothColumns // a snapshot: one cell each side
)

// Row is one line of the timeline, before it is drawn: the text drawings
// of every kind (this package's, the page's) share it.
type Row struct {
	At    events.Mono
	Col   Column
	Text  string
	Right string      // BothColumns: the server's cell
	Kind  events.Kind // the event it shows
	Event events.Event
}

// Rows returns the timeline's rows, in time order.
func Rows(res *engine.Result, opts Options) []Row {
	p := opts.Lang
	if p == nil {
		p = lang.English
	}
	var rows []Row
	for i, e := range res.Events {
		if r, ok := describe(e, p, opts.Calls); ok {
			if abortedAt(res.Events, i) {
				r.Text = "tcp: " + e.From + " -> " + e.State + ": " + p.Words("reset: this end is gone")
			} else if timedOutAt(res.Events, i) {
				r.Text = "tcp: " + e.From + " -> " + e.State + ": " + p.Words("timed out: what this end sent again went unanswered, and the kernel gave up")
			}
			rows = append(rows, r)
		}
	}
	return rows
}

// abortedAt tells whether events[i] is a closing end's move to CLOSE that
// is an abort, not a time-wait socket taking over: the same end sends a
// RST of its own at that instant (its host removed, SO_LINGER {on, 0}...).
// A RST sent by the time-wait socket comes later, for a later segment.
func abortedAt(evs []events.Event, i int) bool {
	e := evs[i]
	if e.Kind != events.StateChanged || e.State != "CLOSE" {
		return false
	}
	switch e.From {
	case "FIN_WAIT1", "FIN_WAIT2", "CLOSING":
	default:
		return false
	}
	for _, o := range evs {
		d := o.At.Sub(e.At)
		if o.Kind == events.ResetSent && o.Who == e.Who && d > -5*time.Millisecond && d < 5*time.Millisecond &&
			o.Reason != "TCP_TIMEWAIT_SOCKET" && o.Reason != "NO_SOCKET" {
			return true
		}
	}
	return false
}

// timedOutAt tells whether events[i] is a connected end's move to CLOSE
// that is a timeout, not a reset: no RST came or left at that instant
// (within 5 ms), and the end had been sending a segment again, unanswered
// (TCP_USER_TIMEOUT, or tcp_retries2 run out). Read only where the
// kernel's events are: its RSTs are among them.
func timedOutAt(evs []events.Event, i int) bool {
	e := evs[i]
	if e.Kind != events.StateChanged || e.State != "CLOSE" || (e.From != "ESTABLISHED" && e.From != "CLOSE_WAIT") {
		return false
	}
	resent := false
	for _, o := range evs {
		if o.Who != e.Who {
			continue
		}
		d := o.At.Sub(e.At)
		switch {
		case (o.Kind == events.ResetReceived || o.Kind == events.ResetSent) && d > -5*time.Millisecond && d < 5*time.Millisecond:
			return false
		case o.Kind == events.Retransmitted && d < 0:
			resent = true
		}
	}
	return resent
}

// Render writes the timeline of res.
func Render(w io.Writer, res *engine.Result, opts Options) {
	p := opts.Lang
	if p == nil {
		p = lang.English
	}
	width := opts.Width
	if width <= 0 {
		width = 100
	}
	rows := Rows(res, opts)
	wire := false
	for _, r := range rows {
		wire = wire || r.Col == WireColumn
	}
	const timeWidth = 8
	wireWidth := 0
	if wire {
		wireWidth = 16
	}
	side := (width - timeWidth - 2 - wireWidth - 2) / 2
	fmt.Fprintln(w)
	timeWord := p.Words("time")
	header := strings.Repeat(" ", max(0, timeWidth-lang.Width(timeWord))) + timeWord + "  " + pad(p.Words("client"), side)
	if wire {
		header += pad(" "+p.Words("wire"), wireWidth)
	}
	header += "  " + p.Words("server")
	fmt.Fprintln(w, header)
	for _, r := range rows {
		t := fmt.Sprintf("%*.3f", timeWidth, r.At.Sub(res.Started).Seconds())
		var left, mid, right []string
		switch r.Col {
		case ClientColumn:
			left = wrap(r.Text, side)
		case ServerColumn:
			right = wrap(r.Text, side)
		case WireColumn:
			mid = []string{r.Text}
		case BothColumns:
			left, right = wrap(r.Text, side), wrap(r.Right, side)
		}
		n := max(len(left), len(mid), len(right))
		for i := range n {
			line := fmt.Sprintf("%*s  %s", timeWidth, t, pad(at(left, i), side))
			if wire {
				line += pad(at(mid, i), wireWidth)
			}
			line += "  " + at(right, i)
			fmt.Fprintln(w, strings.TrimRight(line, " "))
			t = ""
		}
	}
	legend := p.Words("(> typed, ! stderr, * a system call, [ ] seen by the lab; tcp: the kernel's TCP state of that end)")
	fmt.Fprintln(w, legend)
	if res.StatesFrom != "" {
		fmt.Fprintln(w, p.T("(tcp states: %s)", res.StatesFrom))
	}
	for _, why := range res.NotSeen {
		fmt.Fprintln(w, p.T("(not seen: %s)", why))
	}
}

func at(cells []string, i int) string {
	if i < len(cells) {
		return cells[i]
	}
	return ""
}

// pad fills text with spaces to width columns (a Chinese character takes
// two).
func pad(text string, width int) string { return lang.Pad(text, width) }

// wrap cuts text into lines of at most width columns: first after a colon
// (an event, then its explanation), else at spaces, else beside a Chinese
// character (Chinese has no spaces), else anywhere; continuation lines are
// indented two spaces.
func wrap(text string, width int) []string {
	if width < 10 || lang.Width(text) <= width {
		return []string{text}
	}
	var out []string
	indent := ""
	for lang.Width(indent+text) > width {
		runes := []rune(indent + text)
		fit := fitting(runes, width)
		cut := -1
		for i := fit - 1; i > len(indent)+fit/3; i-- {
			if runes[i] == ' ' && runes[i-1] == ':' {
				cut = i
				break
			}
		}
		for i := fit; cut < 0 && i > len(indent)+fit/2; i-- {
			if runes[i] == ' ' {
				cut = i
			}
		}
		for i := fit; cut < 0 && i > len(indent)+1; i-- {
			if lang.CanBreak(runes[i-1], runes[i]) {
				cut = i
			}
		}
		if cut < 0 {
			cut = fit
		}
		out = append(out, strings.TrimRight(string(runes[:cut]), " "))
		text = strings.TrimLeft(string(runes[cut:]), " ")
		indent = "  "
	}
	return append(out, indent+text)
}

// fitting is how many of the runes fit in width columns.
func fitting(runes []rune, width int) int {
	n, w := 0, 0
	for n < len(runes) && w+lang.RuneWidth(runes[n]) <= width {
		w += lang.RuneWidth(runes[n])
		n++
	}
	return n
}
