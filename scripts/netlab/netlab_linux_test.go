package netlab

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestConnect: a Net's two hosts talk TCP over the link, each from its own
// address.
func TestConnect(t *testing.T) {
	t.Parallel()
	n := newTestNet(t)
	if want := netip.MustParsePrefix("10.251.0.0/16"); !want.Contains(n.Client.Addr) || !n.Subnet.Contains(n.Server.Addr) {
		t.Errorf("addresses %v, %v in %v; want both in %v and in the subnet", n.Client.Addr, n.Server.Addr, n.Subnet, want)
	}
	client, server := connected(t, n, lessonPort)
	client.want("send data1", "ok 5")
	server.want("read", "ok data1")
	server.want("send Hi, data1", "ok 9")
	client.want("read", "ok Hi, data1")
	for _, h := range []Host{n.Client, n.Server} {
		out, err := run("", "ip", "-n", h.Name, "-o", "link", "show", h.Iface)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"mtu 1500", "state UP", "LOWER_UP"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: %q; want %q in it", h.Iface, out, want)
			}
		}
	}
}

// TestCommand: a program run with Host.Command runs in the host's
// namespace and is the process started (ip netns exec replaces itself): its
// PID, its signals and its wait status are the program's.
func TestCommand(t *testing.T) {
	t.Parallel()
	n := newTestNet(t)
	argv := n.Server.Command("sh", "-c", "echo $$; exec cat")
	cmd := exec.Command(argv[0], argv[1:]...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var pid int
	if _, err := fmt.Fscan(stdout, &pid); err != nil || pid != cmd.Process.Pid {
		t.Fatalf("the program's PID: %d, %v; want %d, the process started", pid, err, cmd.Process.Pid)
	}
	if _, pids, err := pidsIn(n.Server.Name); err != nil || !slices.Contains(pids, pid) {
		t.Errorf("processes in %s: %v, %v; want %d among them", n.Server.Name, pids, err, pid)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err == nil || cmd.ProcessState.String() != "signal: terminated" {
		t.Errorf("after SIGTERM: %v; want signal: terminated", cmd.ProcessState)
	}
}

// TestCaptureSeesTheDroppedFIN: a capture on the receiving end shows the
// FIN the fault drops, then its retransmission: packet sockets see a frame
// before the ingress hook drops it.
func TestCaptureSeesTheDroppedFIN(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("tcpdump"); err != nil {
		t.Skip("tcpdump is not installed")
	}
	n := newTestNet(t)
	f, err := n.DropFirstFIN(n.Client)
	if err != nil {
		t.Fatal(err)
	}
	client, server := connected(t, n, lessonPort)
	filter := "src host " + n.Client.Addr.String() + " and tcp[tcpflags] & tcp-fin != 0"
	argv := n.Server.Command("tcpdump", "-l", "-n", "-i", n.Server.Iface, "-c", "2", filter)
	capture := exec.Command(argv[0], argv[1:]...)
	var out strings.Builder
	capture.Stdout = &out
	stderr, err := capture.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := capture.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- capture.Wait() }()
	defer func() {
		_ = capture.Process.Kill()
		<-done
	}()
	listening := make(chan bool, 1) // "tcpdump: ... listening on veth-server, ..."
	go func() {
		buf, seen := make([]byte, 256), ""
		for !strings.Contains(seen, "listening on") {
			k, err := stderr.Read(buf)
			if err != nil {
				listening <- false
				return
			}
			seen += string(buf[:k])
		}
		listening <- true
		_, _ = io.Copy(io.Discard, stderr)
	}()
	select {
	case ok := <-listening:
		if !ok {
			t.Fatal("tcpdump ended before listening")
		}
	case <-time.After(testTimeout):
		t.Fatalf("tcpdump not listening after %v", testTimeout)
	}
	client.want("shutdown", "ok")
	server.want("read", "eof")
	select {
	case err := <-done:
		done <- err // for the deferred wait
		if err != nil {
			t.Fatalf("tcpdump: %v", err)
		}
	case <-time.After(testTimeout):
		_ = capture.Process.Kill()
		done <- <-done
		t.Fatalf("tcpdump saw %q in %v; want 2 FINs", out.String(), testTimeout)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "Flags [F.]") || !strings.Contains(lines[1], "Flags [F.]") {
		t.Errorf("tcpdump on the server's end:\n%s\nwant the FIN twice", out.String())
	}
	if got, err := f.Dropped(); got != 1 || err != nil {
		t.Errorf("Dropped() = %d, %v; want 1", got, err)
	}
}

// TestDropFirstFIN: the client's first FIN is lost (the fault counts the
// drop), the client sends it again (a real retransmission: RetransSegs
// counts it, as it would not had the first been acknowledged), and that
// one passes: the server reads EOF; every connection loses its first FIN;
// without the fault, the FIN passes at once. (The server's socket stays
// ESTABLISHED until the retransmission, some 200 ms: logged, not checked,
// as a busy machine can take longer than that to look.)
func TestDropFirstFIN(t *testing.T) {
	t.Parallel()
	n := newTestNet(t)
	f, err := n.DropFirstFIN(n.Client)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s:\n%s", f, f.Rules())
	for i, port := range []int{lessonPort, lessonPort + 1} {
		client, server := connected(t, n, port)
		before := client.count("snmp Tcp RetransSegs")
		start := time.Now()
		client.want("shutdown", "ok")
		waitDropped(t, f, i+1)
		t.Logf("connection %d: the server's socket once the FIN was dropped: %s", i+1, server.ask("state"))
		server.want("read", "eof") // the retransmission arrived
		t.Logf("connection %d: the server read EOF %v after the client's shutdown", i+1, time.Since(start).Round(time.Millisecond))
		if got, err := f.Dropped(); err != nil || got != i+1 {
			t.Errorf("Dropped() = %d, %v; want %d: one FIN a connection, the retransmission passing", got, err, i+1)
		}
		if got := client.count("snmp Tcp RetransSegs") - before; got < 1 {
			t.Errorf("the client retransmitted %d segments; want the FIN retransmitted", got)
		}
	}
	if err := f.Remove(); err != nil {
		t.Fatal(err)
	}
	if err := f.Remove(); err != nil {
		t.Errorf("Remove again: %v; want nil", err)
	}
	client, server := connected(t, n, lessonPort+2)
	before := client.count("snmp Tcp RetransSegs")
	client.want("shutdown", "ok")
	server.want("read", "eof")
	if got := client.count("snmp Tcp RetransSegs") - before; got != 0 {
		t.Errorf("without the fault, the client retransmitted %d segments; want 0", got)
	}
}

// TestCrossFINs: with the fault, both ends send their FIN before they
// receive the other's, so both are active closers and both hosts keep a
// time-wait socket (a passive closer keeps none, after LAST_ACK): when the
// server shuts down long after the client (after the client's FIN was sent
// again), and when both shut down at once. Without it, the late server
// receives the client's FIN first (CLOSE_WAIT): the ordinary close.
func TestCrossFINs(t *testing.T) {
	t.Parallel()
	n := newTestNet(t)
	f, err := n.CrossFINs()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s:\n%s", f, f.Rules())
	bothTimeWait := func(what string, client, server *peer, k int) {
		t.Helper()
		for _, p := range []*peer{client, server} {
			waitFor(t, fmt.Sprintf("%s: %d time-wait socket(s) in %s's host", what, k, p.name),
				func() (bool, error) { return p.count("timewait") == k, nil })
		}
	}

	client, server := connected(t, n, lessonPort)
	client.want("shutdown", "ok")
	waitDropped(t, f, 2) // the client's FIN, and the same FIN sent again
	server.want("state", "ok ESTABLISHED")
	server.want("shutdown", "ok")
	server.want("read", "eof")
	client.want("read", "eof")
	bothTimeWait("the server late", client, server, 1)

	dropped, err := f.Dropped()
	if err != nil {
		t.Fatal(err)
	}
	client, server = connected(t, n, lessonPort+1)
	client.want("shutdown", "ok")
	server.want("shutdown", "ok")
	waitDropped(t, f, dropped+2) // each end's first FIN
	bothTimeWait("both at once", client, server, 2)

	if err := f.Remove(); err != nil {
		t.Fatal(err)
	}
	client, server = connected(t, n, lessonPort+2)
	client.want("shutdown", "ok")
	server.want("read", "eof")
	server.want("state", "ok CLOSE_WAIT")
	server.want("shutdown", "ok")
	client.want("read", "eof")
	waitFor(t, "without the fault, a time-wait socket on the client's host only", func() (bool, error) {
		return client.count("timewait") == 3 && server.count("timewait") == 2, nil
	})
}

// TestDropRST: the client closes with unread data, so its kernel sends a
// RST, which is lost: the server's socket stays ESTABLISHED and its next
// send succeeds (answered by another RST, lost too). Once the fault is
// removed, the next RST arrives.
func TestDropRST(t *testing.T) {
	t.Parallel()
	n := newTestNet(t)
	f, err := n.DropRST(n.Client)
	if err != nil {
		t.Fatal(err)
	}
	client, server := connected(t, n, lessonPort)
	server.want("send Hi, data1", "ok 9")
	waitFor(t, "the client's unread data", func() (bool, error) { return client.ask("unread") == "ok 9", nil })
	client.want("close", "ok") // unread data: a RST
	waitDropped(t, f, 1)
	server.want("state", "ok ESTABLISHED")
	server.want("send Hi, data2", "ok 9")
	waitDropped(t, f, 2) // the client's kernel answers it: a RST
	server.want("state", "ok ESTABLISHED")
	if err := f.Remove(); err != nil {
		t.Fatal(err)
	}
	// The retransmission of "Hi, data2" is answered by a RST that arrives.
	server.want("read", "err ECONNRESET")
}

// TestLinkDown: with the link down, no RST can come, and the server's send
// never leaves: with its interface down it has no route (IpOutNoRoutes),
// so nothing is retransmitted; TCP_USER_TIMEOUT (1 s) ends the connection
// with ETIMEDOUT. The client heard nothing. LinkUp puts the link back.
func TestLinkDown(t *testing.T) {
	t.Parallel()
	n := newTestNet(t)
	client, server := connected(t, n, lessonPort)
	server.want("usertimeout 1000", "ok")
	retrans, noRoutes := server.count("snmp Tcp RetransSegs"), server.count("snmp Ip OutNoRoutes")
	if err := n.LinkDown(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	server.want("send Hi, data1", "ok 9")
	server.want("read", "err ETIMEDOUT")
	t.Logf("link down: ETIMEDOUT %v after the send, with a user timeout of 1s", time.Since(start).Round(time.Millisecond))
	if got := server.count("snmp Tcp RetransSegs") - retrans; got != 0 {
		t.Errorf("the server retransmitted %d segments; want 0, with no route to send them", got)
	}
	if got := server.count("snmp Ip OutNoRoutes") - noRoutes; got < 1 {
		t.Errorf("IpOutNoRoutes grew by %d; want at least 1", got)
	}
	client.want("state", "ok ESTABLISHED")
	if err := n.LinkUp(); err != nil {
		t.Fatal(err)
	}
	client, server = connected(t, n, lessonPort+1)
	client.want("send data1", "ok 5")
	server.want("read", "ok data1")
}

// TestRemoveHost: the client's host vanishes: its processes are killed, its
// namespace is gone, and the server heard nothing (ESTABLISHED); its
// interface stays, without carrier. Only a send tells it: unanswered,
// then the user timeout ends it, ETIMEDOUT; if ARP has failed before it
// (3 probes 1 s apart by default, see RemoveHost), EHOSTUNREACH. The
// second case makes ARP give up within the timeout: probes 100 ms apart.
func TestRemoveHost(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		arpProbeMs string
		want       string
	}{
		{"", "err ETIMEDOUT"},
		{"100", "err EHOSTUNREACH"},
	} {
		t.Run("arp probes "+cmp.Or(tc.arpProbeMs, "1000")+"ms", func(t *testing.T) {
			t.Parallel()
			n := newTestNet(t)
			if tc.arpProbeMs != "" {
				knob := "/proc/sys/net/ipv4/neigh/" + n.Server.Iface + "/retrans_time_ms"
				if out, err := run("", "ip", "netns", "exec", n.Server.Name, "sh", "-c", "echo "+tc.arpProbeMs+" > "+knob); err != nil {
					t.Fatalf("%s: %v %s", knob, err, out)
				}
			}
			client, server := connected(t, n, lessonPort)
			server.want("usertimeout 1000", "ok")
			if err := n.RemoveHost(n.Client); err != nil {
				t.Fatal(err)
			}
			client.wantEnd("signal: killed")
			if nsExists(n.Client.Name) {
				t.Errorf("namespace %s still there; want it gone", n.Client.Name)
			}
			server.want("state", "ok ESTABLISHED")
			out, err := run("", "ip", "-n", n.Server.Name, "-o", "link", "show", n.Server.Iface)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out, "NO-CARRIER") || !strings.Contains(out, ",UP") {
				t.Errorf("the server's interface: %q; want it UP with NO-CARRIER", out)
			}
			if err := n.RemoveHost(n.Client); err != nil {
				t.Errorf("RemoveHost again: %v; want nil", err)
			}
			if _, err := n.DropRST(n.Server); err == nil {
				t.Errorf("DropRST(server) with the client gone: no error; want one")
			}
			if _, err := n.CrossFINs(); err == nil {
				t.Errorf("CrossFINs with the client gone: no error; want one")
			}
			if rules, _ := run("", "ip", "netns", "exec", n.Server.Name, "nft", "list", "ruleset"); strings.Contains(rules, "cross-fins") {
				t.Errorf("a CrossFINs that failed left on the server's host:\n%s", rules)
			}
			start := time.Now()
			server.want("send Hi, data1", "ok 9")
			server.want("read", tc.want)
			t.Logf("host removed: %s %v after the send", tc.want, time.Since(start).Round(time.Millisecond))
		})
	}
}

// TestDropAll: nothing passes either way, the links stay up: the server's
// send is retransmitted (for real: RetransSegs) until the user timeout.
func TestDropAll(t *testing.T) {
	t.Parallel()
	n := newTestNet(t)
	client, server := connected(t, n, lessonPort)
	f, err := n.DropAll()
	if err != nil {
		t.Fatal(err)
	}
	server.want("usertimeout 1000", "ok")
	retrans := server.count("snmp Tcp RetransSegs")
	client.want("send data1", "ok 5")
	server.want("send Hi, data1", "ok 9")
	waitDropped(t, f, 2)
	start := time.Now()
	server.want("read", "err ETIMEDOUT")
	t.Logf("everything dropped: ETIMEDOUT %v after the send, with a user timeout of 1s", time.Since(start).Round(time.Millisecond))
	if got := server.count("snmp Tcp RetransSegs") - retrans; got < 1 {
		t.Errorf("the server retransmitted %d segments; want at least 1: on the wire, they are lost", got)
	}
	client.want("unread", "ok 0")
	if err := f.Remove(); err != nil {
		t.Fatal(err)
	}
	// The client's data1, retransmitted, gets through now; the server's
	// socket is gone: a RST.
	client.want("read", "err ECONNRESET")
}

// TestClose: Close kills what runs in the hosts, deletes everything, and
// can be called again; the Net is unusable after.
func TestClose(t *testing.T) {
	t.Parallel()
	n := newTestNet(t)
	client, server := connected(t, n, lessonPort)
	f, err := n.DropFirstFIN(n.Client)
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Remove(); err != nil {
		t.Errorf("Remove after Close: %v; want nil", err)
	}
	if _, err := f.Dropped(); err == nil {
		t.Errorf("Dropped after Close: no error; want one")
	}
	client.wantEnd("signal: killed")
	server.wantEnd("signal: killed")
	wantGone(t, n)
	if err := n.Close(); err != nil {
		t.Errorf("Close again: %v; want nil", err)
	}
	if err := n.LinkDown(); err == nil {
		t.Errorf("LinkDown after Close: no error; want one")
	}
}

// TestNewFails: New failing at any step, or panicking, leaves nothing.
// (Not parallel: newStep is the package's; parallel tests make their Nets
// after this one has ended.)
func TestNewFails(t *testing.T) {
	if ok, why := Available(); !ok {
		t.Skip(why)
	}
	defer func() { newStep = nil }()
	failure := errors.New("a simulated failure")
	var made *Net
	steps := len((&Net{}).setup())
	for at := 1; at <= steps; at++ {
		newStep = func(n *Net, done int) error {
			made = n
			if done == at {
				return failure
			}
			return nil
		}
		if n, err := New(); !errors.Is(err, failure) || n != nil {
			t.Fatalf("New failing after step %d: %v, %v; want nil, the failure", at, n, err)
		}
		wantGone(t, made)
	}
	newStep = func(n *Net, done int) error {
		made = n
		if done == steps/2 {
			panic("a simulated panic")
		}
		return nil
	}
	func() {
		defer func() {
			if r := recover(); r != "a simulated panic" {
				t.Fatalf("recovered %v; want the simulated panic", r)
			}
		}()
		_, _ = New()
	}()
	wantGone(t, made)
}

// TestStale: what a process killed with SIGKILL left (its namespaces, a
// process running in one) goes with the next New; a live process's Net
// stays, and keeps its subnet to itself. (Not parallel, so that no other
// removal of stale namespaces is under way in this process when New makes
// its own.)
func TestStale(t *testing.T) {
	if ok, why := Available(); !ok {
		t.Skip(why)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	hold := exec.Command(exe, "-test.run=^$")
	hold.Env = append(os.Environ(), helperEnv+"=hold")
	hold.Stderr = os.Stderr
	stdout, err := hold.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := hold.Start(); err != nil {
		t.Fatal(err)
	}
	defer hold.Process.Kill()
	var line string
	buf := make([]byte, 512)
	for !strings.HasSuffix(line, "\n") {
		k, err := stdout.Read(buf)
		if err != nil {
			t.Fatalf("the holding process: %q, %v", line, err)
		}
		line += string(buf[:k])
	}
	var word, clientNS, serverNS, subnet string
	var idlePID int
	if _, err := fmt.Sscan(line, &word, &clientNS, &serverNS, &subnet, &idlePID); err != nil || word != "net" {
		t.Fatalf("the holding process printed %q: %v", line, err)
	}

	// Alive, its Net stays and its subnet is its own.
	n := newTestNet(t)
	if n.Subnet.String() == subnet {
		t.Errorf("two Nets of two processes share %s", subnet)
	}
	if !nsExists(clientNS) || !nsExists(serverNS) {
		t.Fatalf("a live process's namespaces %s, %s were removed", clientNS, serverNS)
	}
	left, err := Leftovers()
	if err != nil || !slices.Contains(left, "netns "+clientNS) || !slices.Contains(left, "netns "+serverNS) {
		t.Errorf("Leftovers() = %q, %v; want %s and %s in it", left, err, clientNS, serverNS)
	}

	if err := hold.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = hold.Wait()
	if !nsExists(clientNS) {
		t.Fatalf("%s gone before any cleanup; want it left behind by SIGKILL", clientNS)
	}
	n2, err := New()
	if err != nil {
		t.Fatal(err)
	}
	defer n2.Close()
	// Another process's removal may have been under way (go test runs
	// packages at once): then this one's New left it the work.
	waitFor(t, "the stale namespaces removed", func() (bool, error) {
		if !nsExists(clientNS) && !nsExists(serverNS) {
			return true, nil
		}
		return false, removeStale()
	})
	if state := processState(idlePID); state != "" && state != "Z" {
		t.Errorf("the process left running in %s: state %q; want it killed", clientNS, state)
	}
}

// TestTwoNetsAtOnce: Nets made at the same time have their own names and
// subnets, and both carry a connection on the same port at once.
func TestTwoNetsAtOnce(t *testing.T) {
	t.Parallel()
	if ok, why := Available(); !ok {
		t.Skip(why)
	}
	var nets [2]*Net
	var errs [2]error
	var wg sync.WaitGroup
	for i := range nets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			nets[i], errs[i] = New()
		}()
	}
	wg.Wait()
	for i, n := range nets {
		if n != nil {
			t.Cleanup(func() {
				if err := n.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
				wantGone(t, n)
			})
		}
		if errs[i] != nil {
			t.Fatalf("New: %v", errs[i])
		}
	}
	a, b := nets[0], nets[1]
	if a.Subnet == b.Subnet || a.Client.Name == b.Client.Name || a.Server.Name == b.Server.Name {
		t.Fatalf("two Nets at once: %v %s %s and %v %s %s; want different subnets and names",
			a.Subnet, a.Client.Name, a.Server.Name, b.Subnet, b.Client.Name, b.Server.Name)
	}
	clientA, serverA := connected(t, a, lessonPort)
	clientB, serverB := connected(t, b, lessonPort)
	clientA.want("send data1", "ok 5")
	clientB.want("send data2", "ok 5")
	serverA.want("read", "ok data1")
	serverB.want("read", "ok data2")
}

// TestNetem adds a delay where the kernel has netem.
func TestNetem(t *testing.T) {
	t.Parallel()
	if ok, why := NetemAvailable(); !ok {
		t.Skip(why)
	}
	n := newTestNet(t)
	client, server := connected(t, n, lessonPort)
	f, err := n.Netem(n.Client, "delay", "100ms")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	client.want("send data1", "ok 5")
	server.want("read", "ok data1")
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("data1 arrived after %v; want at least the 100ms delay", d)
	}
	if err := f.Remove(); err != nil {
		t.Fatal(err)
	}
}

// TestFaultErrors: a fault on a host of another Net, or an expression that
// is not one, is refused; an nft error names the command and says nft's
// message.
func TestFaultErrors(t *testing.T) {
	t.Parallel()
	n := newTestNet(t)
	if _, err := n.DropRST(Host{Name: "graceclose-0-0-client"}); err == nil {
		t.Errorf("DropRST(a foreign host): no error; want one")
	}
	if _, err := n.Drop(n.Client, "tcp flags syn\ndrop"); err == nil {
		t.Errorf("Drop with a newline: no error; want one")
	}
	_, err := n.Drop(n.Client, "tcp flags & nonsense == nonsense")
	var ce *CommandError
	if !errors.As(err, &ce) || !strings.Contains(ce.Command, "nft -f -") || !strings.Contains(ce.Stderr, "Error:") {
		t.Errorf("Drop(nonsense): %v; want a CommandError with the nft command and its message", err)
	}
}

// processState is the state letter of process pid ("R", "S", "Z"...), ""
// if there is no such process.
func processState(pid int) string {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return ""
	}
	// "PID (COMM) STATE ...": COMM may hold spaces and parentheses.
	rest := string(data[strings.LastIndexByte(string(data), ')')+1:])
	if f := strings.Fields(rest); len(f) > 0 {
		return f[0]
	}
	return ""
}
