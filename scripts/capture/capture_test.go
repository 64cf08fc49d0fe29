package capture

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"graceclose/scripts/events"
)

// needCapture skips a test where packets cannot be captured, saying why; as
// root with tcpdump installed, capturing must work.
func needCapture(t *testing.T) {
	t.Helper()
	ok, why := Available(LoopbackInterface())
	if ok {
		return
	}
	if _, err := exec.LookPath("tcpdump"); err == nil && os.Geteuid() == 0 {
		t.Fatalf("Available(%s) as root: got false, %q; want true", LoopbackInterface(), why)
	}
	t.Skip("no packet capture here: " + why)
}

// Available says in one line what to do when capturing is not possible.
func TestAvailable(t *testing.T) {
	ok, why := Available(LoopbackInterface())
	switch {
	case ok && why != "":
		t.Errorf("Available: got true with a reason %q; want no reason", why)
	case ok:
		return
	case strings.Contains(why, "\n"):
		t.Errorf("Available: got a reason of several lines %q; want one", why)
	case os.Geteuid() != 0 && !strings.Contains(why, "sudo"):
		t.Errorf("Available as uid %d: got %q; want it to say to run with sudo", os.Geteuid(), why)
	}
	t.Logf("Available(%s): false, %s", LoopbackInterface(), why)
}

func TestAvailableNoSuchInterface(t *testing.T) {
	needCapture(t)
	ok, why := Available("graceclose-none0")
	if ok || !strings.Contains(why, "graceclose-none0") {
		t.Errorf("Available on a missing interface: got %v, %q; want false naming it", ok, why)
	}
}

func TestStartBadOptions(t *testing.T) {
	for _, opts := range []Options{
		{Port: 1, Path: "x.pcap"},
		{Iface: "lo", Port: 0, Path: "x.pcap"},
		{Iface: "lo", Port: 65536, Path: "x.pcap"},
		{Iface: "lo", Port: 1},
	} {
		if c, err := Start(opts); err == nil {
			c.Stop()
			t.Errorf("Start(%+v): got no error; want one", opts)
		}
	}
}

// segmentsOf keeps the segments of one connection: the test's own, where
// another program on the machine might use the port too.
func segmentsOf(evs []events.Event, a, b net.Addr) []events.Event {
	var out []events.Event
	for _, e := range evs {
		if e.Local.String() == a.String() && e.Remote.String() == b.String() || e.Local.String() == b.String() && e.Remote.String() == a.String() {
			out = append(out, e)
		}
	}
	return out
}

// TestStartStop captures a connection the test makes on loopback, and
// checks the one-clock property: each segment's At, tcpdump's wall-clock
// stamp moved onto CLOCK_MONOTONIC, lies between the monotonic readings the
// test took around the call that sent it, and the segments come in the
// order the calls made them. Then no tcpdump is left.
func TestStartStop(t *testing.T) {
	needCapture(t)
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	path := filepath.Join(t.TempDir(), "run.pcap")
	c, err := Start(Options{Iface: LoopbackInterface(), Port: port, Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()

	var mark [9]events.Mono
	mark[0] = events.Now()
	conn, err := net.Dial("tcp4", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	mark[1] = events.Now()
	srv, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	mark[2] = events.Now()
	if _, err := conn.Write([]byte("data1")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	if n, err := srv.Read(buf); err != nil || string(buf[:n]) != "data1" {
		t.Fatalf("the server read %q, %v; want data1", buf[:n], err)
	}
	mark[3] = events.Now()
	if err := conn.(*net.TCPConn).CloseWrite(); err != nil {
		t.Fatal(err)
	}
	if n, err := srv.Read(buf); err != io.EOF {
		t.Fatalf("the server read %d bytes, %v; want EOF (the client's FIN)", n, err)
	}
	mark[4] = events.Now()
	srv.Close()
	if n, err := conn.Read(buf); err != io.EOF {
		t.Fatalf("the client read %d bytes, %v; want EOF (the server's FIN)", n, err)
	}
	mark[5] = events.Now()
	segs, err := c.Stop()
	if err != nil {
		t.Fatalf("Stop: %v", err)
	}
	mark[6] = events.Now()
	again, err := c.Stop()
	if err != nil || len(again) != len(segs) {
		t.Errorf("Stop again: got %d segments, %v; want the same %d, no error", len(again), err, len(segs))
	}
	segs = segmentsOf(segs, conn.LocalAddr(), conn.RemoteAddr())
	client := conn.LocalAddr().String()

	// Each segment the test caused, found by what it is, with the
	// readings it must lie between.
	type want struct {
		what     string
		match    func(e events.Event) bool
		from, to int // indexes into mark
	}
	fromClient := func(e events.Event) bool { return e.Local.String() == client }
	wants := []want{
		{"the SYN", func(e events.Event) bool { return e.Packet.Flags == "S" }, 0, 1},
		{"the SYN ACK", func(e events.Event) bool { return e.Packet.Flags == "S." }, 0, 1},
		{"the handshake's ACK", func(e events.Event) bool { return fromClient(e) && e.Packet.Flags == "." }, 0, 2},
		{"data1", func(e events.Event) bool { return fromClient(e) && string(e.Packet.Payload) == "data1" }, 2, 3},
		{"the client's FIN", func(e events.Event) bool { return fromClient(e) && strings.Contains(e.Packet.Flags, "F") }, 3, 4},
		{"the server's FIN", func(e events.Event) bool { return !fromClient(e) && strings.Contains(e.Packet.Flags, "F") }, 4, 5},
		{"the last ACK", func(e events.Event) bool { return fromClient(e) && e.Packet.Flags == "." }, 4, 6},
	}
	t.Logf("the capture's Clock measured the wall clock's offset to within %v", c.clock.Width)
	next := 0
	for _, w := range wants {
		i := next
		for i < len(segs) && !w.match(segs[i]) {
			i++
		}
		if i == len(segs) {
			t.Fatalf("no %s after the segments before it in:\n%s", w.what, summaries(segs))
		}
		// The conversion is exact up to the width of the Clock's
		// measurement of the offset (a fraction of a microsecond).
		at, slack := segs[i].At, events.Mono(c.clock.Width)
		if at < mark[w.from]-slack || at > mark[w.to]+slack {
			t.Errorf("%s at %d; want between the test's readings %d and %d (±%v)", w.what, at, mark[w.from], mark[w.to], c.clock.Width)
		}
		t.Logf("%-20s %+9.1fµs after the reading before it, %+9.1fµs before the reading after it", w.what,
			float64(at.Sub(mark[w.from]))/1e3, float64(mark[w.to].Sub(at))/1e3)
		next = i + 1
	}
	for i := 1; i < len(segs); i++ {
		if segs[i].At < segs[i-1].At {
			t.Errorf("segment %d at %d, before segment %d at %d", i, segs[i].At, i-1, segs[i-1].At)
		}
		if summary(segs[i]) == summary(segs[i-1]) {
			t.Errorf("segment %d is segment %d again: %s", i, i-1, summary(segs[i]))
		}
	}
	if left := processesWith(t, path); len(left) > 0 {
		t.Errorf("after Stop: got processes %q; want no tcpdump left", left)
	}
}

func summaries(evs []events.Event) string {
	var b strings.Builder
	for _, e := range evs {
		b.WriteString(summary(e) + "\n")
	}
	return b.String()
}

// Stop after tcpdump has ended on its own (a Ctrl-C in the terminal reaches
// it too) returns what it wrote.
func TestStopAfterTcpdumpEnded(t *testing.T) {
	needCapture(t)
	path := filepath.Join(t.TempDir(), "run.pcap")
	c, err := Start(Options{Iface: LoopbackInterface(), Port: 9, Path: path})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	<-c.exited
	segs, err := c.Stop()
	if err != nil || len(segs) != 0 {
		t.Errorf("Stop: got %d segments, %v; want none, no error", len(segs), err)
	}
}

// A Start that fails says what tcpdump said.
func TestStartNoSuchInterface(t *testing.T) {
	needCapture(t)
	c, err := Start(Options{Iface: "graceclose-none0", Port: 9, Path: filepath.Join(t.TempDir(), "x.pcap")})
	if err == nil {
		c.Stop()
		t.Fatal("Start on a missing interface: got no error; want one")
	}
	if !strings.Contains(err.Error(), "graceclose-none0") || !strings.Contains(err.Error(), "tcpdump") {
		t.Errorf("Start on a missing interface: got %q; want tcpdump's message, naming the interface", err)
	}
}

// processesWith lists the processes whose command line holds arg.
func processesWith(t *testing.T, arg string) []string {
	t.Helper()
	if entries, err := os.ReadDir("/proc"); err == nil {
		var out []string
		for _, e := range entries {
			if _, err := strconv.Atoi(e.Name()); err != nil {
				continue
			}
			cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
			if err == nil && bytes.Contains(cmdline, []byte(arg)) {
				out = append(out, e.Name()+": "+string(bytes.ReplaceAll(cmdline, []byte{0}, []byte{' '})))
			}
		}
		return out
	}
	out, err := exec.Command("pgrep", "-f", arg).Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 1 {
		return nil // pgrep found nothing
	}
	if err != nil {
		t.Fatalf("pgrep: %v", err)
	}
	return strings.Fields(string(out))
}
