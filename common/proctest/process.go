package proctest

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Timeout bounds every wait for a process: output that does not come, or a
// process that does not end, fails the test instead of hanging it.
var Timeout = durationFromEnv("GRACE_TEST_TIMEOUT", 20*time.Second)

// Proc is a running program with its standard streams in hand.
type Proc struct {
	t      testing.TB
	name   string
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *output
	stderr *output
	done   chan struct{}
	state  *os.ProcessState
}

// Start runs the program at path with args. Its standard input is a pipe
// for Type and CloseStdin; it is killed when the test ends if still running.
func Start(t testing.TB, path string, args ...string) *Proc {
	t.Helper()
	return StartWith(t, Options{}, path, args...)
}

// Options change how StartWith runs a program.
type Options struct {
	// Stdin, if set, is the program's standard input (a file, or a pipe
	// the test fills), instead of a pipe for Type and CloseStdin.
	Stdin *os.File
	// Stdout, if set, is the program's standard output, instead of what
	// Stdout and WaitStdout read.
	Stdout *os.File
	// Stderr, if set, is the program's standard error (a terminal, say),
	// instead of what Stderr and WaitStderr read.
	Stderr *os.File
	// ExtraFiles are the program's descriptors 3, 4, ...
	ExtraFiles []*os.File
	// Wrapper, if set, runs the program: a command and its arguments,
	// followed by the program's path and arguments (see Ulimit).
	Wrapper []string
}

// Ulimit is a Wrapper that runs the program with at most n descriptors
// open (ulimit -n n), as a person would from a shell.
func Ulimit(n int) []string {
	return []string{"/bin/sh", "-c", fmt.Sprintf(`ulimit -n %d && exec "$@"`, n), "sh"}
}

// StartWith is Start with opts.
func StartWith(t testing.TB, opts Options, path string, args ...string) *Proc {
	t.Helper()
	command := append(append(opts.Wrapper[:len(opts.Wrapper):len(opts.Wrapper)], path), args...)
	p := &Proc{t: t, name: baseName(path), cmd: exec.Command(command[0], command[1:]...),
		stdout: newOutput(), stderr: newOutput(), done: make(chan struct{})}
	p.cmd.Stdout = p.stdout
	if opts.Stdout != nil {
		p.cmd.Stdout = opts.Stdout
	}
	p.cmd.Stderr = p.stderr
	if opts.Stderr != nil {
		p.cmd.Stderr = opts.Stderr
	}
	p.cmd.ExtraFiles = opts.ExtraFiles
	if opts.Stdin != nil {
		p.cmd.Stdin = opts.Stdin
		p.stdin = nopCloser{}
	} else {
		stdin, err := p.cmd.StdinPipe()
		if err != nil {
			t.Fatal(err)
		}
		p.stdin = stdin
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		_ = p.cmd.Wait()
		p.state = p.cmd.ProcessState
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// nopCloser stands for the stdin pipe of a program given its own.
type nopCloser struct{}

func (nopCloser) Write(p []byte) (int, error) { return 0, os.ErrInvalid }
func (nopCloser) Close() error                { return nil }

// Pid is the process ID.
func (p *Proc) Pid() int { return p.cmd.Process.Pid }

// Type writes text to the program's standard input, as a person typing it.
func (p *Proc) Type(text string) {
	p.t.Helper()
	if _, err := io.WriteString(p.stdin, text); err != nil {
		p.t.Fatalf("%s: writing %q to stdin: %v", p.name, text, err)
	}
}

// CloseStdin ends the program's standard input (EOF).
func (p *Proc) CloseStdin() { _ = p.stdin.Close() }

// Signal sends sig to the program.
func (p *Proc) Signal(sig syscall.Signal) {
	p.t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		p.t.Fatalf("%s: sending %v: %v", p.name, sig, err)
	}
}

// Stdout returns everything the program has written to standard output.
func (p *Proc) Stdout() string { return p.stdout.String() }

// Stderr returns everything the program has written to standard error.
func (p *Proc) Stderr() string { return p.stderr.String() }

// WaitStdout waits until standard output contains want n times.
func (p *Proc) WaitStdout(want string, n int) {
	p.t.Helper()
	if !p.stdout.waitFor(want, n, p.done) {
		p.t.Fatalf("%s: waited %v for %d × %q on stdout; got stdout %q, stderr %q, exited: %v",
			p.name, Timeout, n, want, p.Stdout(), p.Stderr(), p.exited())
	}
}

// WaitStderr waits until standard error contains want.
func (p *Proc) WaitStderr(want string) {
	p.t.Helper()
	if !p.stderr.waitFor(want, 1, p.done) {
		p.t.Fatalf("%s: waited %v for %q on stderr; got stdout %q, stderr %q, exited: %v",
			p.name, Timeout, want, p.Stdout(), p.Stderr(), p.exited())
	}
}

// Wait waits for the program to end and returns how it ended.
func (p *Proc) Wait() Exit {
	p.t.Helper()
	select {
	case <-p.done:
	case <-time.After(Timeout):
		_ = p.cmd.Process.Kill()
		<-p.done
		p.t.Fatalf("%s: still running after %v; killed. stdout %q, stderr %q", p.name, Timeout, p.Stdout(), p.Stderr())
	}
	return exitOf(p.state)
}

// Done is closed when the program has ended.
func (p *Proc) Done() <-chan struct{} { return p.done }

// State is how the program ended; call it after Wait.
func (p *Proc) State() *os.ProcessState { return p.state }

func (p *Proc) exited() string {
	select {
	case <-p.done:
		return exitOf(p.state).String()
	default:
		return "no"
	}
}

// output collects a stream and lets a test wait for text in it.
type output struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{} // closed and replaced on every write
}

func newOutput() *output { return &output{changed: make(chan struct{})} }

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.buf.Write(p)
	close(o.changed)
	o.changed = make(chan struct{})
	return len(p), nil
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// waitFor waits until the stream holds want n times, or the process has
// ended without it, or Timeout.
func (o *output) waitFor(want string, n int, done <-chan struct{}) bool {
	deadline := time.After(Timeout)
	for {
		o.mu.Lock()
		found := strings.Count(o.buf.String(), want) >= n
		changed := o.changed
		o.mu.Unlock()
		if found {
			return true
		}
		select {
		case <-changed:
		case <-done:
			// The process is gone; exec has copied all it wrote by now.
			return strings.Count(o.String(), want) >= n
		case <-deadline:
			return false
		}
	}
}

func baseName(path string) string {
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		return path[i+1:]
	}
	return path
}

func durationFromEnv(name string, def time.Duration) time.Duration {
	if v := os.Getenv(name); v != "" {
		if d, err := time.ParseDuration(v); err == nil {
			return d
		}
	}
	return def
}
