package engine

import (
	"fmt"
	"os"

	"graceclose/scripts/events"
)

// stampedEvents returns the program's events with each line at the instant
// the program printed it, from its event log (common.EventLog), and its
// system calls. Where the log is missing (a program that does not write
// one), the lines keep the time the lab read them from the pipe, which is
// later (buffered output reaches the pipe when it is flushed) and says so.
func (p *program) stampedEvents(logPath string) ([]events.Event, error) {
	piped := p.events()
	f, err := os.Open(logPath)
	if err != nil {
		return piped, fmt.Errorf("the %s's own stamps: %v (its lines are stamped when the lab read them)", p.name, err)
	}
	defer f.Close()
	logged, err := events.ReadProgramLog(f, p.name)
	if err != nil {
		return piped, fmt.Errorf("the %s's own stamps: %v", p.name, err)
	}
	var out []events.Event
	byStream := map[string][]events.Event{}
	for _, stream := range []string{"stdout", "stderr"} {
		byStream[stream] = events.Lines(logged, stream)
	}
	next := map[string]int{}
	for _, e := range piped {
		if e.Kind == events.Printed {
			lines := byStream[e.Stream]
			i := next[e.Stream]
			if i < len(lines) && lines[i].Text == e.Text {
				e.At, e.Source = lines[i].At, "program"
				next[e.Stream] = i + 1
			}
		}
		out = append(out, e)
	}
	// Lines printed that never reached the pipe: lost in a death.
	for stream, lines := range byStream {
		for _, l := range lines[next[stream]:] {
			out = append(out, events.Event{At: l.At, Kind: events.Note, Who: p.name, Source: "program",
				Text: fmt.Sprintf("printed %q on %s, which never reached it", l.Text, stream)})
		}
	}
	for _, e := range logged {
		if e.Kind != events.Printed {
			out = append(out, e)
		}
	}
	return out, nil
}
