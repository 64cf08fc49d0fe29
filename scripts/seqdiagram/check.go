package main

import (
	"fmt"
	"strings"
)

// lessonSays is what the lesson's diagram of each experiment shows.
var lessonSays = map[string]string{
	"close":    `the client's FIN, the server's "Hi, data1" answered by the client's RST, nothing after (SIGPIPE)`,
	"shutdown": `the client's FIN, both replies, the server's FIN, the client's last ACK`,
}

// step is one arrow the lesson's diagram has.
type step struct {
	what  string
	match func(d *Diagram, s Segment) bool
	same  bool // may be the same segment as the step before
}

func fromClient(d *Diagram, s Segment) bool { return s.Src == d.Client }
func fromServer(d *Diagram, s Segment) bool { return s.Src == d.Server }

func hasFlag(s Segment, c string) bool { return strings.Contains(s.Flags, c) }

func carries(text string) func(d *Diagram, s Segment) bool {
	return func(d *Diagram, s Segment) bool { return fromServer(d, s) && string(s.Payload) == text }
}

var lessonSteps = map[string][]step{
	"close": {
		{what: "the client's FIN", match: func(d *Diagram, s Segment) bool { return fromClient(d, s) && hasFlag(s, "F") }},
		{what: `the server's "Hi, data1"`, match: carries("Hi, data1")},
		{what: "the client's RST", match: func(d *Diagram, s Segment) bool { return fromClient(d, s) && hasFlag(s, "R") }},
	},
	"shutdown": {
		{what: "the client's FIN", match: func(d *Diagram, s Segment) bool { return fromClient(d, s) && hasFlag(s, "F") }},
		{what: `the server's "Hi, data1"`, match: carries("Hi, data1")},
		{what: `the server's "Hi, data2"`, match: carries("Hi, data2")},
		{what: "the server's FIN", same: true, match: func(d *Diagram, s Segment) bool { return fromServer(d, s) && hasFlag(s, "F") }},
		{what: "the client's last ACK", match: func(d *Diagram, s Segment) bool { return fromClient(d, s) && s.Flags == "." }},
	},
}

// Check compares the connection's segments with the lesson's diagram of
// experiment ("close" or "shutdown"): its arrows, in order, and nothing
// after the last (close: no segment after the RST; shutdown: none after the
// last ACK, and no RST at all).
func (d *Diagram) Check(experiment string) error {
	steps, ok := lessonSteps[experiment]
	if !ok {
		return fmt.Errorf("no lesson diagram for %q", experiment)
	}
	i := -1
	for _, st := range steps {
		from := i + 1
		if st.same && i >= 0 {
			from = i
		}
		found := -1
		for j := from; j < len(d.Segments); j++ {
			if st.match(d, d.Segments[j]) {
				found = j
				break
			}
		}
		if found < 0 {
			return fmt.Errorf("no arrow for %s after the ones before it", st.what)
		}
		i = found
	}
	if rest := d.Segments[i+1:]; len(rest) > 0 {
		return fmt.Errorf("%d segments after %s, the first %s", len(rest), steps[len(steps)-1].what, rest[0].Label())
	}
	if experiment == "shutdown" {
		for _, s := range d.Segments {
			if hasFlag(s, "R") {
				return fmt.Errorf("a RST: %s", s.Label())
			}
		}
	}
	return nil
}
