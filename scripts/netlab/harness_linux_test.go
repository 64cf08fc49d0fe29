package netlab

import (
	"bufio"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// testTimeout bounds every wait of the tests: an answer that does not come
// fails the test instead of hanging it.
const testTimeout = 10 * time.Second

// lessonPort is the lesson's port: each Net is a private network, so every
// test can use it, two Nets at once included.
const lessonPort = 43211

// newTestNet makes a Net for t, closed (and checked gone) when t ends; it
// skips t, saying why, where two hosts cannot be made.
func newTestNet(t *testing.T) *Net {
	t.Helper()
	if ok, why := Available(); !ok {
		t.Skip(why)
	}
	n, err := New()
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() {
		if err := n.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
		wantGone(t, n)
	})
	return n
}

// wantGone checks that nothing of n is left: no namespace of its names.
func wantGone(t *testing.T, n *Net) {
	t.Helper()
	left, err := Leftovers()
	if err != nil {
		t.Fatalf("Leftovers: %v", err)
	}
	for _, ns := range []string{n.Client.Name, n.Server.Name, n.void} {
		if ns != "" && slices.Contains(left, "netns "+ns) {
			t.Errorf("after Close, Leftovers() has netns %s; want it gone", ns)
		}
	}
}

// peer is the peer helper (see peerMain) running in a host.
type peer struct {
	t       *testing.T
	name    string
	cmd     *exec.Cmd
	stdin   io.Writer
	answers chan string
	done    chan struct{}
}

// startPeer runs a peer helper in host h.
func startPeer(t *testing.T, h Host) *peer {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	argv := h.Command(exe, "-test.run=^$")
	p := &peer{t: t, name: h.Name, cmd: exec.Command(argv[0], argv[1:]...),
		answers: make(chan string, 16), done: make(chan struct{})}
	p.cmd.Env = append(os.Environ(), helperEnv+"=peer")
	p.cmd.Stderr = os.Stderr
	stdin, err := p.cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p.stdin = stdin
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			p.answers <- sc.Text()
		}
		_ = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		<-p.done
	})
	return p
}

// tell sends a command and does not wait for its answer.
func (p *peer) tell(command string) {
	p.t.Helper()
	if _, err := fmt.Fprintln(p.stdin, command); err != nil {
		p.t.Fatalf("%s: %s: %v", p.name, command, err)
	}
}

// answer waits for the next answer.
func (p *peer) answer(command string) string {
	p.t.Helper()
	select {
	case a := <-p.answers:
		return a
	case <-p.done:
		select { // all it printed is in answers by now
		case a := <-p.answers:
			return a
		default:
		}
		p.t.Fatalf("%s: %s: the helper ended (%v) without answering", p.name, command, p.cmd.ProcessState)
	case <-time.After(testTimeout):
		p.t.Fatalf("%s: %s: no answer after %v", p.name, command, testTimeout)
	}
	return ""
}

// ask sends a command and returns its answer.
func (p *peer) ask(command string) string {
	p.t.Helper()
	p.tell(command)
	return p.answer(command)
}

// want asks and checks the answer.
func (p *peer) want(command, want string) {
	p.t.Helper()
	if got := p.ask(command); got != want {
		p.t.Fatalf("%s: %s: got %q; want %q", p.name, command, got, want)
	}
}

// count asks for a number ("retrans", "timewait").
func (p *peer) count(command string) int {
	p.t.Helper()
	a := p.ask(command)
	k, err := strconv.Atoi(strings.TrimPrefix(a, "ok "))
	if err != nil {
		p.t.Fatalf("%s: %s: got %q; want ok and a number", p.name, command, a)
	}
	return k
}

// wantEnd waits for the helper to end and checks how.
func (p *peer) wantEnd(want string) {
	p.t.Helper()
	select {
	case <-p.done:
	case <-time.After(testTimeout):
		p.t.Fatalf("%s: still running after %v", p.name, testTimeout)
	}
	if got := p.cmd.ProcessState.String(); got != want {
		p.t.Fatalf("%s: ended %s; want %s", p.name, got, want)
	}
}

// connected returns the two ends of a TCP connection from the client's host
// to the server's, on port.
func connected(t *testing.T, n *Net, port int) (client, server *peer) {
	t.Helper()
	server = startPeer(t, n.Server)
	client = startPeer(t, n.Client)
	to := netip.AddrPortFrom(n.Server.Addr, uint16(port))
	server.want("listen "+to.String(), "ok")
	client.want("connect "+to.String(), "ok")
	if got := server.ask("accept"); !strings.HasPrefix(got, "ok "+n.Client.Addr.String()+":") {
		t.Fatalf("accept: got %q; want ok and the client's address %s", got, n.Client.Addr)
	}
	return client, server
}

// waitFor waits until cond holds, failing t after testTimeout.
func waitFor(t *testing.T, what string, cond func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(testTimeout)
	for {
		ok, err := cond()
		if err != nil {
			t.Fatalf("waiting for %s: %v", what, err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not after %v", what, testTimeout)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// waitDropped waits until f has dropped at least k packets.
func waitDropped(t *testing.T, f *Fault, k int) {
	t.Helper()
	waitFor(t, fmt.Sprintf("%s: %d dropped", f, k), func() (bool, error) {
		got, err := f.Dropped()
		return got >= k, err
	})
}
