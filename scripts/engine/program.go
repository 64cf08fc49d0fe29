package engine

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"

	"graceclose/scripts/events"
	"graceclose/scripts/explain"
	"graceclose/scripts/lang"
)

// program is one program of an experiment, running or ended: its
// standard input in the lab's hands, what it prints collected line by line.
type program struct {
	name    string
	display string // its command line as a learner types it
	cmd     *exec.Cmd
	stdin   io.WriteCloser

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced whenever a line arrives or it ends
	out, err stream
	done     chan struct{} // closed once it has ended and its output is in
	ending   string        // "exit 1", "killed by SIGPIPE"
	status   int           // as a shell shows it: 141 for SIGPIPE
	endedAt  events.Mono
	stopped  bool // the lab had to end it

	progress func(events.Event) // told of each line and of the end
}

// stream is what a program wrote on one of its outputs.
type stream struct {
	name    string // "stdout" or "stderr"
	raw     bytes.Buffer
	lines   []line
	partial []byte
	at      events.Mono // when the partial line's first bytes arrived
}

// line is a line a program printed, stamped when the lab read it from the
// pipe (the program's own stamp replaces it later, when there is one).
type line struct {
	text string
	at   events.Mono
}

// startProgram starts argv with env added, in a process group of its own
// (a Ctrl-C at the lab's terminal is the lab's to handle, not the
// programs').
func startProgram(name, display string, argv, env []string, progress func(events.Event)) (*program, error) {
	p := &program{name: name, display: display, changed: make(chan struct{}), done: make(chan struct{}), progress: progress}
	p.cmd = exec.Command(argv[0], argv[1:]...)
	p.cmd.Env = append(os.Environ(), env...)
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	p.out.name, p.err.name = "stdout", "stderr"
	p.cmd.Stdout = writerFunc(func(b []byte) { p.add(&p.out, b) })
	p.cmd.Stderr = writerFunc(func(b []byte) { p.add(&p.err, b) })
	// A process that outlives the program holding its output open.
	p.cmd.WaitDelay = 2 * time.Second
	stdin, err := p.cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	p.stdin = stdin
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	go p.wait()
	return p, nil
}

type writerFunc func([]byte)

func (f writerFunc) Write(b []byte) (int, error) { f(b); return len(b), nil }

// add takes bytes the program wrote: complete lines are stamped now.
func (p *program) add(s *stream, b []byte) {
	now := events.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	before := len(s.lines)
	defer func() {
		for _, l := range s.lines[before:] {
			p.tell(events.Event{At: l.at, Kind: events.Printed, Who: p.name, Stream: s.name, Text: l.text, Source: "pipe"})
		}
	}()
	s.raw.Write(b)
	if len(s.partial) == 0 {
		s.at = now
	}
	s.partial = append(s.partial, b...)
	for {
		i := bytes.IndexByte(s.partial, '\n')
		if i < 0 {
			break
		}
		s.lines = append(s.lines, line{text: string(s.partial[:i]), at: now})
		s.partial = s.partial[i+1:]
	}
	p.notify()
}

func (p *program) notify() {
	close(p.changed)
	p.changed = make(chan struct{})
}

// wait reaps the program and records how it ended.
func (p *program) wait() {
	err := p.cmd.Wait()
	now := events.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.endedAt = now
	p.ending, p.status = describeWait(p.cmd.ProcessState, err)
	for _, s := range []*stream{&p.out, &p.err} {
		if len(s.partial) > 0 { // a last line without its newline
			s.lines = append(s.lines, line{text: string(s.partial), at: s.at})
			s.partial = nil
		}
	}
	close(p.done)
	p.notify()
	p.tell(events.Event{At: now, Kind: events.Exited, Who: p.name, Text: p.ending, Status: p.status, Source: "lab"})
}

// tell passes an event to the Lab's Progress.
func (p *program) tell(e events.Event) {
	if p.progress != nil {
		p.progress(e)
	}
}

// describeWait says how a process ended, in the words of the scenarios
// ("exit 1", "killed by SIGPIPE"), and its status as a shell shows it.
func describeWait(state *os.ProcessState, err error) (string, int) {
	if state == nil {
		return fmt.Sprintf("not started: %v", err), -1
	}
	if ws, ok := state.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return "killed by " + signalName(ws.Signal()), 128 + int(ws.Signal())
	}
	return fmt.Sprintf("exit %d", state.ExitCode()), state.ExitCode()
}

// signalName is "SIGPIPE" for syscall.SIGPIPE.
func signalName(sig syscall.Signal) string {
	for name, s := range signalsByName {
		if s == sig {
			return name
		}
	}
	return fmt.Sprintf("signal %d", int(sig))
}

var signalsByName = map[string]syscall.Signal{
	"SIGHUP": syscall.SIGHUP, "SIGINT": syscall.SIGINT, "SIGQUIT": syscall.SIGQUIT,
	"SIGKILL": syscall.SIGKILL, "SIGPIPE": syscall.SIGPIPE, "SIGTERM": syscall.SIGTERM,
	"SIGSEGV": syscall.SIGSEGV, "SIGABRT": syscall.SIGABRT, "SIGUSR1": syscall.SIGUSR1,
	"SIGUSR2": syscall.SIGUSR2, "SIGTSTP": syscall.SIGTSTP, "SIGCONT": syscall.SIGCONT,
}

// typeLine writes text and a newline to the program's standard input.
func (p *program) typeLine(text string) error {
	_, err := io.WriteString(p.stdin, text+"\n")
	return err
}

// signal sends sig to the program.
func (p *program) signal(name string) error {
	sig, ok := signalsByName[name]
	if !ok {
		return fmt.Errorf("unknown signal %s", name)
	}
	return p.cmd.Process.Signal(sig)
}

// stop ends the program if it still runs (SIGKILL to its process group),
// and waits for it.
func (p *program) stop() {
	p.kill()
	<-p.done
}

// kill sends SIGKILL to the program's process group if it still runs,
// without waiting: the lab kills them all first, so that none sees
// another's end before its own.
func (p *program) kill() {
	select {
	case <-p.done:
		return
	default:
	}
	p.mu.Lock()
	p.stopped = true
	p.mu.Unlock()
	_ = syscall.Kill(-p.cmd.Process.Pid, syscall.SIGKILL)
}

// ended reports whether the program has ended.
func (p *program) ended() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// snapshot returns the lines printed on a stream so far, and a channel
// closed at the next change.
func (p *program) snapshot(streamName string) ([]line, <-chan struct{}, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := &p.out
	if streamName == "stderr" {
		s = &p.err
	}
	return append([]line(nil), s.lines...), p.changed, p.ended()
}

// output returns everything the program wrote on a stream.
func (p *program) output(streamName string) []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	if streamName == "stderr" {
		return bytes.Clone(p.err.raw.Bytes())
	}
	return bytes.Clone(p.out.raw.Bytes())
}

// endingWords is how the program ended, in the lab's language: "exit 1",
// "killed by SIGPIPE (status 141)", "stopped by the lab".
func (p *program) endingWords(lp *lang.Printer) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stopped {
		return lp.Words("stopped by the lab")
	}
	return explain.Ending(lp, p.ending, p.status)
}
