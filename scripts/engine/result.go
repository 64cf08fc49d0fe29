package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"graceclose/scripts/events"
	"graceclose/scripts/lang"
	"graceclose/scripts/scenario"
)

// Result is what happened in one run of a scenario.
type Result struct {
	Scenario *scenario.Scenario
	Params   map[string]string // every {name}'s value, port included
	Port     int
	Started  events.Mono
	Events   []events.Event // in time order
	Programs []*Outcome     // in the order they were started

	// Failed says which step did not happen (a line that never came, a
	// program that did not end): the run stopped there. "" if none.
	Failed string
	// Late lists the lines typed (or signals sent) after something the
	// scenario expects only after them: the run then tested another
	// order of events than the scenario's.
	Late []string
	// StatesFrom says where the TCP states come from and how far to trust
	// their times; NotSeen what the lab could not see in this run, and why.
	StatesFrom string
	NotSeen    []string
	// Interrupted: the run was cut short (Ctrl-C).
	Interrupted bool

	lang *lang.Printer // the Lab's: Differences says them in it
}

// Outcome is how one program ran.
type Outcome struct {
	Name    string // "client"
	Command string // as a learner types it: "build/graceclient -port 4000 127.0.0.1"
	Stdout  []byte
	Stderr  []byte
	Ending  string // "exit 1", "killed by SIGPIPE", "stopped by the lab"
	Status  int    // as a shell shows it: 141 for SIGPIPE; -1 stopped
	Pid     int
}

// Program returns the outcome of the program called name, or nil.
func (res *Result) Program(name string) *Outcome {
	for _, o := range res.Programs {
		if o.Name == name {
			return o
		}
	}
	return nil
}

// EndingWords is how a program ended, for a learner: "exit 1", "killed by
// SIGPIPE (status 141)", "stopped by the lab".
func (o *Outcome) EndingWords() string {
	if strings.HasPrefix(o.Ending, "killed by ") {
		return fmt.Sprintf("%s (status %d)", o.Ending, o.Status)
	}
	return o.Ending
}

// Lines returns a program's output on a stream as lines, without the
// newlines.
func (o *Outcome) Lines(stream string) []string {
	text := string(o.Stdout)
	if stream == "stderr" {
		text = string(o.Stderr)
	}
	if text == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(text, "\n"), "\n")
}

// finish stops what still runs and gathers the run's events and outcomes.
func (r *run) finish(ctx context.Context) *Result {
	r.stopAll()
	r.stopWatching()
	res := &Result{Scenario: r.sc, Params: r.params, Port: r.port, Started: r.started,
		Failed: r.failed, StatesFrom: r.statesFrom, NotSeen: r.notSeen, Interrupted: ctx.Err() != nil, lang: r.lab.printer()}
	r.mu.Lock()
	res.Events = append(res.Events, r.events...)
	r.mu.Unlock()
	for _, name := range r.order {
		p := r.programs[name]
		o := &Outcome{Name: name, Command: p.display, Stdout: p.output("stdout"), Stderr: p.output("stderr"),
			Ending: p.ending, Status: p.status, Pid: p.cmd.Process.Pid}
		if p.stopped {
			o.Ending, o.Status = "stopped by the lab", -1
		}
		res.Programs = append(res.Programs, o)
		stamped, err := p.stampedEvents(filepath.Join(r.dir, name+".events"))
		if err != nil {
			res.NotSeen = append(res.NotSeen, err.Error())
		}
		res.Events = append(res.Events, stamped...)
	}
	events.Sort(res.Events)
	assignEnds(res.Events, r.port)
	res.Late = r.late(res.Events)
	return res
}

// assignEnds names the client's end of each connection after the program
// that holds it, when there are several clients: the kernel's events and
// the segments only know the end by its port, and the programs' own logs
// say which port is whose (Connection).
func assignEnds(evs []events.Event, serverPort int) {
	owners := map[uint16]string{}
	for _, e := range evs {
		if e.Kind == events.Connection && e.Who != "server" {
			owners[e.Local.Port()] = e.Who
		}
	}
	for i, e := range evs {
		if e.Who != "client" {
			continue
		}
		port := e.Local.Port()
		if e.Kind == events.Segment && int(port) == serverPort {
			port = e.Remote.Port()
		}
		switch e.Kind {
		case events.StateChanged, events.ResetSent, events.ResetReceived, events.Retransmitted, events.Segment:
			if name, ok := owners[port]; ok {
				evs[i].Who = name
			}
		}
	}
}

// events are a program's lines and its end, as events.
func (p *program) events() []events.Event {
	p.mu.Lock()
	defer p.mu.Unlock()
	var evs []events.Event
	for _, s := range []struct {
		name string
		s    *stream
	}{{"stdout", &p.out}, {"stderr", &p.err}} {
		for _, l := range s.s.lines {
			evs = append(evs, events.Event{At: l.at, Kind: events.Printed, Who: p.name, Stream: s.name, Text: l.text, Source: "pipe"})
		}
	}
	ending := p.ending
	if p.stopped {
		ending = "stopped by the lab"
	}
	evs = append(evs, events.Event{At: p.endedAt, Kind: events.Exited, Who: p.name, Text: ending, Status: p.status, Source: "lab"})
	return evs
}

// late finds the lines typed (or keys pressed) after a line of another
// program that the scenario expects only after them: "close" typed once the
// server had already sent its first reply.
func (r *run) late(evs []events.Event) []string {
	var out []string
	acted := 0 // the how-manieth action of each kind, to find its event
	var actions []events.Event
	for _, e := range evs {
		if e.Kind == events.Typed || e.Kind == events.Signaled {
			actions = append(actions, e)
		}
	}
	for i, st := range r.sc.Steps {
		if st.Op != scenario.Type && st.Op != scenario.Signal && st.Op != scenario.CloseStdin {
			continue
		}
		if acted >= len(actions) {
			break
		}
		at := actions[acted].At
		acted++
		for j := i + 1; j < len(r.sc.Steps); j++ {
			later := r.sc.Steps[j]
			l, ok := r.matched[j]
			if later.Op != scenario.Print || later.Who == st.Who || !ok || l.at >= at {
				continue
			}
			out = append(out, r.lateWords(st, later))
			break
		}
	}
	return out
}

// lateWords says that step st came after the line of step later.
func (r *run) lateWords(st, later scenario.Step) string {
	switch st.Op {
	case scenario.Signal:
		return r.T("%s to the %s was sent after the %s printed %q, which the scenario expects only after it",
			st.Signal, r.who(st.Who), r.who(later.Who), later.Text)
	case scenario.CloseStdin:
		return r.T("^D (end of input) to the %s was sent after the %s printed %q, which the scenario expects only after it",
			r.who(st.Who), r.who(later.Who), later.Text)
	}
	return r.T("%q was typed after the %s printed %q, which the scenario expects only after it", st.Text, r.who(later.Who), later.Text)
}

// Differences compares each program whose transcript the scenario states
// in full with what it printed and how it ended: one line per difference,
// "server stdout: got ...; want ...". None: the transcript held.
func (res *Result) Differences() []string {
	p := res.lang
	if p == nil {
		p = lang.English
	}
	var out []string
	if res.Failed != "" {
		out = append(out, res.Failed)
	}
	for _, o := range res.Programs {
		want, full := res.Scenario.Transcript(o.Name)
		if !full {
			continue
		}
		who := p.Words(o.Name)
		out = append(out, compareLines(p, who, "stdout", o.Lines("stdout"), want.Stdout)...)
		out = append(out, compareLines(p, who, "stderr", o.Lines("stderr"), want.Stderr)...)
		if got, want := shellStatus(o.Ending, o.Status), shellStatus(want.Ends, -1); got != want {
			out = append(out, p.T("%s exit status: got %q; want %q", who, got, want))
		}
	}
	return append(out, res.Late...)
}

// compareLines says how got differs from want on a stream, in one line.
func compareLines(p *lang.Printer, who, stream string, got, want []string) []string {
	if strings.Join(got, "\n") == strings.Join(want, "\n") && len(got) == len(want) {
		return nil
	}
	return []string{p.T("%s %s: got %s; want %s", who, stream, quoteLines(got), quoteLines(want))}
}

// quoteLines quotes lines joined with newlines, as the shell scripts did:
// "a\nb", with every other byte as it is.
func quoteLines(lines []string) string {
	return `"` + strings.Join(lines, `\n`) + `"`
}

// shellStatus is an ending as a shell's $? shows it: "1" for "exit 1",
// "141" for "killed by SIGPIPE"; "stopped" when the lab had to end it.
func shellStatus(ending string, status int) string {
	if code, ok := strings.CutPrefix(ending, "exit "); ok {
		return code
	}
	if name, ok := strings.CutPrefix(ending, "killed by "); ok {
		if sig, ok := signalsByName[name]; ok {
			return strconv.Itoa(128 + int(sig))
		}
	}
	if status >= 0 && ending != "stopped by the lab" {
		return strconv.Itoa(status)
	}
	return "stopped"
}
