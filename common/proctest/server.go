package proctest

import (
	"strings"
	"testing"
	"time"
)

// pollInterval is how often a readiness check looks again.
const pollInterval = 5 * time.Millisecond

// StartServer starts graceserver listening on host ("127.0.0.1", "::1") at a
// free port, with the extra args, and returns once it listens, with the port.
// If another program took the port first, it tries another.
func StartServer(t testing.TB, host string, args ...string) (*Proc, int) {
	t.Helper()
	return StartServerCommand(t, []string{Server(t)}, host, args...)
}

// StartServerCommand is StartServer with the command that runs the server
// given: its path, or a wrapper and its arguments followed by the path.
func StartServerCommand(t testing.TB, command []string, host string, args ...string) (*Proc, int) {
	t.Helper()
	for attempt := 0; ; attempt++ {
		port := FreePort(t, host)
		args := append(append(command[1:len(command):len(command)], "-addr", host, "-port", PortArg(port)), args...)
		p := Start(t, command[0], args...)
		if p.waitListening(port) {
			return p, port
		}
		p.Wait()
		if !strings.Contains(p.Stderr(), "Address already in use") || attempt == 5 {
			t.Fatalf("%s did not start listening on port %d: stderr %q, %v", p.name, port, p.Stderr(), exitOf(p.state))
		}
	}
}

// WaitListening waits until the program listens on port.
func (p *Proc) WaitListening(port int) {
	p.t.Helper()
	if !p.waitListening(port) {
		p.t.Fatalf("%s: not listening on port %d: stderr %q, exited: %v", p.name, port, p.Stderr(), p.exited())
	}
}

func (p *Proc) waitListening(port int) bool {
	deadline := time.Now().Add(Timeout)
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			return false
		default:
		}
		if listening(p.Pid(), port) {
			return true
		}
		time.Sleep(pollInterval)
	}
	return false
}
