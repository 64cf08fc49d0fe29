package kernel

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"graceclose/scripts/events"
)

// Parse reads trace text (lines of a tracefs trace or trace_pipe file,
// comments allowed) and returns the events that concern port, in order. It
// is what Watch uses, and what the tests use on recorded text.
//
// Lines of other events are skipped; a line that is no trace line at all
// is an error, returned with the events read before it. Where the kernel
// says it lost events ("CPU:1 [LOST 1908 EVENTS]"), a Note says so.
func Parse(r io.Reader, port int) ([]events.Event, error) {
	if err := checkPort(port); err != nil {
		return nil, err
	}
	p := parser{port: port}
	var evs []events.Event
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		ev, ok, err := p.line(sc.Text())
		if err != nil {
			events.Sort(evs)
			return evs, fmt.Errorf("trace line %d: %w", n, err)
		}
		if ok {
			evs = append(evs, ev)
		}
	}
	// A trace is in time order, but trace_pipe read live can print an
	// event of one CPU after a later one of another.
	events.Sort(evs)
	return evs, sc.Err()
}

// checkPort refuses what cannot be a TCP port.
func checkPort(port int) error {
	if port < 1 || port > 65535 {
		return fmt.Errorf("kernel events: port %d is not 1 to 65535", port)
	}
	return nil
}

// parser turns trace lines into events for one port, a line at a time;
// Parse and the watcher's reader share it.
type parser struct {
	port int
	last events.Mono // the time of the last event line, to place a lost-events note
}

// line returns the event a line holds; ok is false when it holds none for
// the port (a comment, another event, another connection).
func (p *parser) line(s string) (ev events.Event, ok bool, err error) {
	s = strings.TrimRight(s, "\r")
	if strings.TrimSpace(s) == "" || strings.HasPrefix(s, "#") {
		return events.Event{}, false, nil
	}
	if m := lostLine.FindStringSubmatch(s); m != nil {
		count := "events"
		if m[2] != "" {
			count = m[2] + " events"
		}
		// The lost events came after the line before this one.
		return events.Event{At: p.last, Kind: events.Note, Source: "tracefs",
			Text: "the kernel lost " + count + " (CPU " + m[1] + "'s trace buffer was full): what follows is incomplete"}, true, nil
	}
	l, err := splitLine(s)
	if err != nil {
		return events.Event{}, false, err
	}
	p.last = l.at
	return toEvent(l, p.port)
}
