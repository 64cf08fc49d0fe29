package bench

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// proc is a program the bench started, and how it ended.
type proc struct {
	name    string // "client", "server"
	process *os.Process
	errPath string // where its standard error goes

	done    chan struct{} // closed once it has ended and been waited for
	state   *os.ProcessState
	err     error
	stopped atomic.Bool // the bench killed it
}

// starter starts a command as the program name.
type starter func(name string, cmd *exec.Cmd) (*proc, error)

// startDirect starts cmd as a child of the bench: the time from its start
// to its end is the program's own (with the fork and exec).
func startDirect(name string, cmd *exec.Cmd) (*proc, error) {
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return watch(name, cmd.Process, func() (*os.ProcessState, error) {
		err := cmd.Wait() // an exit status other than 0 is an error too
		return cmd.ProcessState, err
	}), nil
}

// watch waits for a started process in the background.
func watch(name string, process *os.Process, wait func() (*os.ProcessState, error)) *proc {
	p := &proc{name: name, process: process, done: make(chan struct{})}
	go func() {
		p.state, p.err = wait()
		close(p.done)
	}()
	return p
}

// kill ends the program if it still runs.
func (p *proc) kill() {
	select {
	case <-p.done:
	default:
		p.stopped.Store(true)
		_ = p.process.Kill()
	}
}

// stop kills the program if it still runs and waits for it.
func (p *proc) stop() {
	p.kill()
	<-p.done
}

// ended reports whether the program has ended.
func (p *proc) ended() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// waitFor waits for the program to end, at most bound: false if it had
// to be stopped.
func (p *proc) waitFor(bound time.Duration) bool {
	select {
	case <-p.done:
		return true
	case <-time.After(bound):
		p.stop()
		return false
	}
}

// ending says how the program ended: "exit 1", "killed by SIGPIPE
// (status 141)", "stopped by the bench".
func (p *proc) ending() string {
	<-p.done
	switch {
	case p.stopped.Load():
		return "stopped by the bench"
	case p.state == nil:
		return fmt.Sprintf("not waited for: %v", p.err)
	}
	if ws, ok := p.state.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return fmt.Sprintf("killed by %s (status %d)", unix.SignalName(ws.Signal()), 128+int(ws.Signal()))
	}
	return fmt.Sprintf("exit %d", p.state.ExitCode())
}

// stderr is what the program wrote on its standard error, on one line.
func (p *proc) stderr() string {
	b, _ := os.ReadFile(p.errPath)
	return strings.Join(strings.Fields(strings.ReplaceAll(string(b), "\n", " ")), " ")
}

// checkEnd checks that the program exited 1 after saying words on its
// standard error, as both do at the end of the lesson's shutdown
// experiment ("client closed", "server terminated").
func (p *proc) checkEnd(words string) error {
	ending, said := p.ending(), p.stderr()
	if ending == "exit 1" && strings.Contains(said, words) {
		return nil
	}
	if said != "" {
		ending += fmt.Sprintf(" after %q", said)
	}
	return fmt.Errorf("%s %s; want exit 1 after %q", p.name, ending, words)
}
