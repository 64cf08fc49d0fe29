package diagram

import (
	"errors"
	"strings"

	"graceclose/scripts/events"
	"graceclose/scripts/lang"
)

// LessonSays is what the lesson's diagram of each experiment shows, in a
// line (its Chinese: lang's Words).
var LessonSays = map[string]string{
	"close":    lang.Mark(`the client's FIN, the server's "Hi, data1" answered by the client's RST, nothing after (SIGPIPE)`),
	"shutdown": lang.Mark(`the client's FIN, both replies, the server's FIN, the client's last ACK`),
}

// step is one arrow the lesson's diagram has.
type step struct {
	what  string
	match func(d *Diagram, s events.Event) bool
	same  bool // may be the same segment as the step before (the server's FIN may ride on its last reply)
}

func fromClient(d *Diagram, s events.Event) bool { return unmap(s.Local) == d.Client }
func fromServer(d *Diagram, s events.Event) bool { return unmap(s.Local) == d.Server }

func hasFlag(s events.Event, c string) bool { return strings.Contains(s.Packet.Flags, c) }

func clientFIN(d *Diagram, s events.Event) bool { return fromClient(d, s) && hasFlag(s, "F") }

func carries(text string) func(d *Diagram, s events.Event) bool {
	return func(d *Diagram, s events.Event) bool { return fromServer(d, s) && string(s.Packet.Payload) == text }
}

var lessonSteps = map[string][]step{
	"close": {
		{what: lang.Mark("the client's FIN"), match: clientFIN},
		{what: lang.Mark(`the server's "Hi, data1"`), match: carries("Hi, data1")},
		{what: lang.Mark("the client's RST"), match: func(d *Diagram, s events.Event) bool { return fromClient(d, s) && hasFlag(s, "R") }},
	},
	"shutdown": {
		{what: lang.Mark("the client's FIN"), match: clientFIN},
		{what: lang.Mark(`the server's "Hi, data1"`), match: carries("Hi, data1")},
		{what: lang.Mark(`the server's "Hi, data2"`), match: carries("Hi, data2")},
		{what: lang.Mark("the server's FIN"), same: true, match: func(d *Diagram, s events.Event) bool { return fromServer(d, s) && hasFlag(s, "F") }},
		{what: lang.Mark("the client's last ACK"), match: func(d *Diagram, s events.Event) bool { return fromClient(d, s) && s.Packet.Flags == "." }},
	},
}

// Check compares the connection's segments with the lesson's diagram of an
// experiment, "close" or "shutdown": its arrows, in order (others may come
// between them: handshake, data, ACKs), and nothing after the last (close:
// no segment after the RST; shutdown: none after the last ACK, and no RST
// anywhere). The error says which arrow is missing or what is too much.
func (d *Diagram) Check(kind string) error {
	steps, ok := lessonSteps[kind]
	if !ok {
		return errors.New(d.T("no lesson diagram for %q (want close or shutdown)", kind))
	}
	i := -1
	for n, st := range steps {
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
			if n == 0 {
				return errors.New(d.T("no arrow for %s", d.Words(st.what)))
			}
			return errors.New(d.T("no arrow for %s after %s", d.Words(st.what), d.Words(steps[n-1].what)))
		}
		i = found
	}
	if rest := d.Segments[i+1:]; len(rest) > 0 {
		return errors.New(d.T("%d segments after %s, the first %s", len(rest), d.Words(steps[len(steps)-1].what), label(rest[0])))
	}
	if kind == "shutdown" {
		for _, s := range d.Segments {
			if hasFlag(s, "R") {
				side := "server"
				if fromClient(d, s) {
					side = "client"
				}
				return errors.New(d.T("a RST from the %s, which the lesson's shutdown diagram does not have", d.Words(side)))
			}
		}
	}
	return nil
}
