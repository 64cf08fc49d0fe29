package engine

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"graceclose/common"
	"graceclose/common/freeport"
	"graceclose/scripts/events"
	"graceclose/scripts/lang"
	"graceclose/scripts/scenario"
)

// KernelWatch is a watch on the kernel's own events for one port (package
// kernel: tracefs).
type KernelWatch interface {
	Events() []events.Event
	Stop() ([]events.Event, error)
}

// Capture is a capture of one port's packets (package capture: tcpdump).
type Capture interface {
	Stop() ([]events.Event, error)
}

// run is one run of a scenario.
type run struct {
	lab      *Lab
	sc       *scenario.Scenario
	params   map[string]string
	port     int
	programs map[string]*program
	order    []string

	mu     sync.Mutex
	events []events.Event // the lab's own: typed, signaled, notes, snapshots

	tables     tables // the kernel's TCP tables of the programs' namespaces
	kernel     KernelWatch
	capture    Capture
	statesFrom string
	notSeen    []string
	pollStop   chan struct{}
	pollDone   chan struct{}

	dir     string       // the run's files
	tempDir bool         // dir is the run's own, removed at the end
	matched map[int]line // Print steps, by index, and the line that met them
	// connection is the client's end of the run's connection (its local
	// address), once seen (ends).
	connection netip.AddrPort
	failed     string
	started    events.Mono
}

func newRun(l *Lab, sc *scenario.Scenario) *run {
	return &run{lab: l, sc: sc, programs: map[string]*program{}, matched: map[int]line{}}
}

// T says a message in the lab's language.
func (r *run) T(format string, args ...any) string { return r.lab.printer().T(format, args...) }

// reword says an error from a package without a Printer in the lab's
// language, where its words are the catalog's (lang's Reword).
func (r *run) reword(err error) string { return r.lab.printer().Reword(err.Error()) }

// who names a program in the lab's language: "the %s" of "client".
func (r *run) who(name string) string { return r.lab.printer().Words(name) }

func (r *run) note(who, text string) {
	r.add(events.Event{At: events.Now(), Kind: events.Note, Who: who, Text: text, Source: "lab"})
}

func (r *run) add(e events.Event) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
	r.progress(e)
}

// progress tells the Lab's Progress of an event.
func (r *run) progress(e events.Event) {
	if r.lab.Progress != nil {
		r.lab.Progress(e)
	}
}

// run carries out every step in order.
func (r *run) run(ctx context.Context) (*Result, error) {
	r.started = events.Now()
	r.dir = r.lab.Dir
	if r.dir == "" {
		dir, err := os.MkdirTemp("", "graceclose-run.")
		if err != nil {
			return nil, err
		}
		r.dir, r.tempDir = dir, true
	}
	if err := r.choosePort(); err != nil {
		return nil, err
	}
	for i, st := range r.sc.Steps {
		if ctx.Err() != nil {
			break
		}
		if err := r.step(ctx, i, st); err != nil {
			var notRun *cannotRun
			if errors.As(err, &notRun) {
				return nil, notRun.err
			}
			r.failed = err.Error()
			break
		}
	}
	if ctx.Err() == nil && r.failed == "" {
		// Whatever is still expected, and the programs' ends.
		if err := r.waitPrinted(ctx, len(r.sc.Steps)); err != nil {
			r.failed = err.Error()
		}
		for _, name := range r.order {
			if ctx.Err() != nil || r.failed != "" {
				break
			}
			if r.sc.Ended(name) {
				if err := r.waitEnded(ctx, r.programs[name]); err != nil {
					r.failed = err.Error()
				}
			}
		}
	}
	return r.finish(ctx), nil
}

// cannotRun marks an error that means the experiment could not run at all.
type cannotRun struct{ err error }

func (c *cannotRun) Error() string { return c.err.Error() }

// choosePort sets the run's port: the Lab's, or one the kernel picks now.
func (r *run) choosePort() error {
	r.port = r.lab.Port
	if r.port == 0 {
		// Picked on loopback: a port free there is free on the hosts of
		// a link too, which the lab cannot bind in.
		port, err := FreePort("127.0.0.1")
		if err != nil {
			return err
		}
		r.port = port
	}
	r.params = r.lab.params(r.port)
	return nil
}

// step carries out one step.
func (r *run) step(ctx context.Context, i int, st scenario.Step) error {
	switch st.Op {
	case scenario.Start:
		return r.start(ctx, i, st)
	case scenario.Print:
		return nil // waited for by the next step that acts
	}
	if err := r.waitPrinted(ctx, i); err != nil {
		return err
	}
	p := r.programs[st.Who]
	switch st.Op {
	case scenario.Type:
		if !Sleep(ctx, r.lab.Pace) {
			return nil
		}
		r.add(events.Event{At: events.Now(), Kind: events.Typed, Who: st.Who, Text: st.Text, Source: "lab"})
		if err := p.typeLine(st.Text); err != nil {
			return errors.New(r.T("could not type %q into the %s: %v", st.Text, r.who(st.Who), err))
		}
	case scenario.Signal:
		if !st.Now && !Sleep(ctx, r.lab.Pace) {
			return nil
		}
		r.add(events.Event{At: events.Now(), Kind: events.Signaled, Who: st.Who, Text: st.Signal, Source: "lab"})
		if err := p.signal(st.Signal); err != nil {
			return errors.New(r.T("could not send %s to the %s: %v", st.Signal, r.who(st.Who), err))
		}
	case scenario.CloseStdin:
		r.add(events.Event{At: events.Now(), Kind: events.Typed, Who: st.Who, Text: "^D", Source: "lab"})
		p.stdin.Close()
	case scenario.Ends:
		return r.waitEnded(ctx, p)
	case scenario.Quiet:
		window := r.lab.quiet()
		if text, err := scenario.Fill(st.Text, r.params); err == nil && text != "" {
			if d, err := time.ParseDuration(text); err == nil {
				window = d
			}
		}
		r.add(events.Event{At: events.Now(), Kind: events.Note, Text: fmt.Sprintf("quiet: watching for %v", window), Source: "lab"})
		Sleep(ctx, window)
		r.add(events.Event{At: events.Now(), Kind: events.Note, Text: "quiet: done", Source: "lab"})
	case scenario.States:
		r.snapshot(st.Text)
	case scenario.Queued:
		return r.waitQueued(ctx, st)
	case scenario.Fault:
		if r.lab.Fault == nil {
			return &cannotRun{fmt.Errorf("%s line %d: a fault needs two hosts (scripts/link.sh)", r.sc.Name, st.Line)}
		}
		words := st.Text
		if st.Host != "" {
			words += " (" + st.Host + ")"
		}
		r.add(events.Event{At: events.Now(), Kind: events.Note, Text: "fault: " + words, Source: "lab"})
		if err := r.lab.Fault(st.Text, st.Host); err != nil {
			return errors.New(r.T("the fault %s could not be made: %v", words, err))
		}
	}
	return nil
}

// start starts a program. A server is waited for until it listens; if its
// port was taken meanwhile by another program, the run moves to another
// port (only before anything else has run).
func (r *run) start(ctx context.Context, i int, st scenario.Step) error {
	for attempt := 1; ; attempt++ {
		command, err := scenario.Fill(st.Text, r.params)
		if err != nil {
			return &cannotRun{fmt.Errorf("%s line %d: %v", r.sc.Name, st.Line, err)}
		}
		argv, display, err := r.lab.argv(command)
		if err != nil {
			return &cannotRun{err}
		}
		if r.lab.Command != nil {
			argv = r.lab.Command(st.Who, argv)
		}
		eventLog := filepath.Join(r.dir, st.Who+".events")
		_ = os.Remove(eventLog) // a server started again on another port
		p, err := startProgram(st.Who, display, argv, []string{common.EventsVariable + "=" + eventLog}, r.progress)
		if err != nil {
			return &cannotRun{errors.New(r.T("cannot start %s: %v", display, err))}
		}
		r.mu.Lock() // the states' watch reads the programs too
		r.programs[st.Who] = p
		r.mu.Unlock()
		if len(r.order) == 0 || r.order[len(r.order)-1] != st.Who {
			r.order = append(r.order, st.Who)
		}
		if !strings.HasPrefix(command, "graceserver") {
			return nil
		}
		err = r.waitListening(ctx, p)
		if err == nil || ctx.Err() != nil {
			return nil
		}
		inUse := strings.Contains(string(p.output("stderr")), "Address already in use")
		if inUse && r.lab.Port == 0 && i == 0 && attempt < 5 {
			if err := r.choosePort(); err != nil {
				return &cannotRun{err}
			}
			continue
		}
		if inUse {
			return &cannotRun{errors.New(r.T("port %d is in use (by another program, or a connection in TIME_WAIT from an earlier run): pick another --port, or leave it out", r.port))}
		}
		return &cannotRun{errors.New(r.T("the server did not start listening on port %d: %v", r.port, err))}
	}
}

// waitListening waits until a socket listens on the run's port, then starts
// watching the connection's states.
func (r *run) waitListening(ctx context.Context, p *program) error {
	deadline := time.Now().Add(r.lab.bound())
	// Reading the kernel's table costs the kernel milliseconds (it walks
	// every TCP socket on the machine), and dozens of runs at once (the
	// tests) would keep both CPUs busy with it. A program that keeps an
	// event log says when its listen() returned; one that does not is
	// looked for in the table every 20 ms.
	logPath := filepath.Join(r.dir, p.name+".events")
	for i := 1; ; i++ {
		listening := logsListening(logPath)
		if !listening && i%10 == 0 {
			sockets, err := r.sockets()
			listening = err == nil && listensFor(sockets, r.port, p.cmd.Process.Pid)
		}
		if listening {
			r.trackTables()
			r.note(p.name, fmt.Sprintf("listening on %s", net.JoinHostPort(r.params["host"], strconv.Itoa(r.port))))
			r.watchStates()
			if r.lab.Listening != nil {
				r.lab.Listening(r.params)
			}
			return nil
		}
		if p.ended() {
			return errors.New(r.T("it ended: %s %s", p.endingWords(r.lab.printer()), strings.TrimSpace(string(p.output("stderr")))))
		}
		if time.Now().After(deadline) {
			return errors.New(r.T("still not listening after %v", r.lab.bound()))
		}
		if !Sleep(ctx, 2*time.Millisecond) {
			return ctx.Err()
		}
	}
}

// logsListening tells whether a program's event log says its listen()
// returned 0. A line still being written may not read yet: the ones
// before it do.
func logsListening(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	logged, _ := events.ReadProgramLog(f, "")
	for _, e := range logged {
		if e.Kind == events.Returned && e.Call == "listen" && e.Result == "0" {
			return true
		}
	}
	return false
}

// waitEnded waits for a program to end, at most Bound.
func (r *run) waitEnded(ctx context.Context, p *program) error {
	select {
	case <-p.done:
		return nil
	case <-ctx.Done():
		return nil
	case <-time.After(r.lab.bound()):
		return errors.New(r.T("the %s was still running after %v", r.who(p.name), r.lab.bound()))
	}
}

// cleanup ends whatever still runs, on every way out.
func (r *run) cleanup() {
	r.stopAll()
	r.stopWatching()
	r.tables.close()
	if r.tempDir {
		os.RemoveAll(r.dir)
	}
}

// stopAll kills every program still running, then waits for each.
func (r *run) stopAll() {
	for _, p := range r.programs {
		p.kill()
	}
	for _, p := range r.programs {
		p.stop()
	}
}

// FreePort is a TCP port nothing on host listens on now, from below the
// ports the kernel gives connections (freeport.Pick). Another program may
// take it meanwhile: a server that finds it taken is started again on
// another.
func FreePort(host string) (int, error) {
	port, err := freeport.Pick(host)
	if err != nil {
		return 0, fmt.Errorf(lang.Mark("no free port on %s: %v"), host, err)
	}
	return port, nil
}

// sockets lists the sockets using the run's port, in the namespaces of its
// programs: those of the programs running now are opened if they were not
// (a program run with ip netns exec is in its namespace only once it
// runs), those of the programs that have ended are still read.
func (r *run) sockets() ([]Socket, error) {
	r.trackTables()
	return r.tables.read(r.port)
}

// trackTables adds the table of each running program's network namespace
// to those read.
func (r *run) trackTables() {
	r.mu.Lock()
	var running []int
	for _, p := range r.programs {
		if !p.ended() {
			running = append(running, p.cmd.Process.Pid)
		}
	}
	r.mu.Unlock()
	for _, pid := range running {
		r.tables.add(pid)
	}
}
