package kernel

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"graceclose/common/proctest"
	"graceclose/scripts/events"
)

// helperEnv makes the test binary a helper process: "watch PORT" watches
// a port, prints its instance's directory and stops at SIGINT, as the lab
// does on Ctrl-C (TestStaleInstances); "mount PORT" does the same in a
// mount namespace of its own where it has unmounted tracefs first
// (TestWatchMountsTracefs).
const helperEnv = "GRACECLOSE_KERNEL_HELPER"

func TestMain(m *testing.M) {
	if mode, port, ok := strings.Cut(os.Getenv(helperEnv), " "); ok {
		os.Exit(helperProcess(mode, port))
	}
	proctest.Parallel(8) // the tests wait on the programs and the kernel's events
	code := m.Run()
	if err := RemoveIdle(); err != nil {
		fmt.Fprintln(os.Stderr, "RemoveIdle:", err)
		code = 1
	}
	os.Exit(code)
}

// helperProcess is the helper process's life; it returns its exit status.
func helperProcess(mode, port string) int {
	if mode == "mount" {
		if err := unix.Unmount(tracefsDir, unix.MNT_DETACH); err != nil {
			fmt.Println("error: umount:", err)
			return 1
		}
		if _, err := os.Stat(filepath.Join(tracefsDir, "instances")); !errors.Is(err, fs.ErrNotExist) {
			fmt.Println("error: tracefs still there after umount:", err)
			return 1
		}
	}
	interrupt := make(chan os.Signal, 1)
	signal.Notify(interrupt, os.Interrupt)
	p, _ := strconv.Atoi(port)
	w, err := Watch(p)
	if err != nil {
		fmt.Println("error:", err)
		return 1
	}
	fmt.Println(w.inst.dir)
	<-interrupt
	if _, err := w.Stop(); err != nil {
		fmt.Println("error:", err)
		return 1
	}
	if err := RemoveIdle(); err != nil {
		fmt.Println("error:", err)
		return 1
	}
	return 0
}

// requireTracefs skips a test that needs the kernel's events where they
// cannot be read (no root, no tracefs), saying why.
func requireTracefs(t *testing.T) {
	t.Helper()
	if ok, why := Available(); !ok {
		t.Skip("the kernel's events cannot be read here: " + why)
	}
}

// TestAvailableWithoutRoot: a learner without root is told, in one line,
// that reading the kernel's events needs root, and Watch says the same.
func TestAvailableWithoutRoot(t *testing.T) {
	if _, err := os.Stat(filepath.Join(tracefsDir, "instances")); !errors.Is(err, fs.ErrPermission) {
		t.Skipf("this user (uid %d) is not refused tracefs (%v): no learner's message to check", os.Geteuid(), err)
	}
	ok, why := Available()
	if ok || why != errNeedsRoot.Error() {
		t.Errorf("Available() = %v, %q; want false, %q", ok, why, errNeedsRoot)
	}
	if _, err := Watch(43211); err == nil || err.Error() != errNeedsRoot.Error() {
		t.Errorf("Watch: got error %v; want %q", err, errNeedsRoot)
	}
}

// boundListener returns a TCP socket bound to a free loopback port, not
// yet listening (so that a watch can start before its first state
// change), the port, and a function that closes the socket, once however
// often it is called (the test's end calls it too): a second close could
// close a descriptor a parallel test has opened since.
func boundListener(t *testing.T) (fd, port int, closeFD func()) {
	t.Helper()
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(os.NewSyscallError("socket", err))
	}
	closeFD = sync.OnceFunc(func() { unix.Close(fd) })
	t.Cleanup(closeFD)
	if err := unix.Bind(fd, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(os.NewSyscallError("bind", err))
	}
	sa, err := unix.Getsockname(fd)
	if err != nil {
		t.Fatal(os.NewSyscallError("getsockname", err))
	}
	return fd, sa.(*unix.SockaddrInet4).Port, closeFD
}

// conversation is what resetConversation did, and when.
type conversation struct {
	before, after events.Mono // CLOCK_MONOTONIC around the conversation
	clientPort    int
}

// resetConversation makes one connection to the listener and ends it
// with a RST from the server's end: a close with data left unread, or,
// with linger, a close with SO_LINGER 0. It returns once the client's end
// has taken the RST (its read fails with ECONNRESET), so every event of
// the conversation happened between before and after. (It returns errors
// rather than failing the test: TestWatchParallel runs it in goroutines.)
func resetConversation(ln, port int, linger bool) (c conversation, err error) {
	c.before = events.Now()
	if err := unix.Listen(ln, 1); err != nil {
		return c, os.NewSyscallError("listen", err)
	}
	client, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return c, os.NewSyscallError("socket", err)
	}
	defer unix.Close(client)
	// A RST that never comes fails the test instead of hanging it.
	if err := unix.SetsockoptTimeval(client, unix.SOL_SOCKET, unix.SO_RCVTIMEO, &unix.Timeval{Sec: 5}); err != nil {
		return c, os.NewSyscallError("setsockopt", err)
	}
	if err := unix.Connect(client, &unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: port}); err != nil {
		return c, os.NewSyscallError("connect", err)
	}
	sa, err := unix.Getsockname(client)
	if err != nil {
		return c, os.NewSyscallError("getsockname", err)
	}
	c.clientPort = sa.(*unix.SockaddrInet4).Port
	server, _, err := unix.Accept4(ln, unix.SOCK_CLOEXEC)
	if err != nil {
		return c, os.NewSyscallError("accept", err)
	}
	if linger {
		err = os.NewSyscallError("setsockopt", unix.SetsockoptLinger(server, unix.SOL_SOCKET, unix.SO_LINGER, &unix.Linger{Onoff: 1, Linger: 0}))
	} else if _, err = unix.Write(client, []byte("data1")); err == nil {
		// The data must be in the server's receive queue when it closes.
		_, err = unix.Poll([]unix.PollFd{{Fd: int32(server), Events: unix.POLLIN}}, 5000)
	}
	if err := errors.Join(err, unix.Close(server)); err != nil {
		return c, err
	}
	if _, err := unix.Read(client, make([]byte, 16)); err != unix.ECONNRESET {
		return c, fmt.Errorf("client's read after the server's close: got %v; want ECONNRESET", err)
	}
	c.after = events.Now()
	return c, nil
}

// resetWatched has a conversation reset on the listener w watches (see
// resetConversation), closes the listener, waits for the kernel's event of
// its close, and returns the conversation and every event w saw.
func resetWatched(t *testing.T, w *Watcher, ln, port int, linger bool, closeListener func()) (conversation, []events.Event) {
	t.Helper()
	c, err := resetConversation(ln, port, linger)
	if err != nil {
		t.Fatal(err)
	}
	closeListener()
	waitFor(t, w, "the listener's close", listenerClosed)
	evs, err := w.Stop()
	if err != nil {
		t.Fatal(err)
	}
	return c, evs
}

// waitFor polls the watcher's events until cond holds, or fails the test
// after a generous deadline, showing what came.
func waitFor(t *testing.T, w *Watcher, what string, cond func([]events.Event) bool) []events.Event {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		evs := w.Events()
		if cond(evs) {
			return evs
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: got events\n%s", what, dump(evs))
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// dump shows events one a line, for failure messages.
func dump(evs []events.Event) string {
	var b strings.Builder
	for _, ev := range evs {
		fmt.Fprintf(&b, "\t%d %s [%v > %v] %q\n", ev.At, summary(ev), ev.Local, ev.Remote, ev.Text)
	}
	return b.String()
}

// listenerClosed is the last event of a conversation's trace: the
// listener's end, which the test closes after the conversation.
func listenerClosed(evs []events.Event) bool {
	return slices.ContainsFunc(evs, func(ev events.Event) bool {
		return ev.Kind == events.StateChanged && ev.From == "LISTEN" && ev.State == "CLOSE"
	})
}

// resetWant is a conversation of resetConversation as the kernel tells
// it, each end's events in order (the listener's close last).
//
// Across the ends only causal order holds: the kernel logs a RST it sends
// on its own initiative (tcp_send_active_reset) after transmitting it,
// and on loopback the client's end has usually taken it by then, so the
// client's "RST received" comes before the server's "RST sent".
func resetWant(reason string) (server, client []string) {
	return []string{
			"server CLOSE -> LISTEN",
			"server LISTEN -> SYN_RECV",
			"server SYN_RECV -> ESTABLISHED",
			"server ESTABLISHED -> CLOSE",
			`server RST sent, state "CLOSE", reason "` + reason + `"`,
			"server LISTEN -> CLOSE",
		}, []string{
			"client CLOSE -> SYN_SENT",
			"client SYN_SENT -> ESTABLISHED",
			"client RST received",
			"client ESTABLISHED -> CLOSE",
		}
}

// checkReset checks a reset conversation's events: each end's sequence,
// the causal order across them, and what every event must hold.
func checkReset(t *testing.T, evs []events.Event, port int, reason string) {
	t.Helper()
	server, client := resetWant(reason)
	var ends = map[string][]events.Event{}
	for _, ev := range evs {
		ends[ev.Who] = append(ends[ev.Who], ev)
	}
	checkSequence(t, ends["server"], port, server)
	checkSequence(t, ends["client"], port, client)
	if len(evs) != len(server)+len(client) {
		t.Errorf("got %d events; want %d:\n%s", len(evs), len(server)+len(client), dump(evs))
	}
	at := func(s string) events.Mono {
		i := slices.IndexFunc(evs, func(ev events.Event) bool { return summary(ev) == s })
		if i < 0 {
			return -1
		}
		return evs[i].At
	}
	for _, cause := range [][2]string{
		{"client SYN_SENT -> ESTABLISHED", "server LISTEN -> SYN_RECV"}, // the client's ACK makes the server's socket
		{"server ESTABLISHED -> CLOSE", "client RST received"},
	} {
		if a, b := at(cause[0]), at(cause[1]); a < 0 || b < 0 || a > b {
			t.Errorf("got %q at %d, %q at %d; want the first no later", cause[0], a, cause[1], b)
		}
	}
}

// TestWatchOneClock: a real connection reset by the server's end comes out
// of Watch as the kernel's events, each end's in order, the RST with the
// kernel's reason, all stamped on CLOCK_MONOTONIC: between two readings of
// it the test takes around the conversation, and the listener's close,
// which the test does after the second reading, after it.
func TestWatchOneClock(t *testing.T) {
	requireTracefs(t)
	for _, tc := range []struct {
		name   string
		linger bool
		reason string
	}{
		{"close with unread data", false, "TCP_ABORT_ON_CLOSE"},
		{"close with SO_LINGER 0", true, "TCP_STATE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ln, port, closeListener := boundListener(t)
			w, err := Watch(port)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { w.Stop() })
			c, evs := resetWatched(t, w, ln, port, tc.linger, closeListener)
			checkReset(t, evs, port, tc.reason)
			// Trace times are whole microseconds, rounded down.
			before := c.before / 1000 * 1000
			for _, ev := range evs[:len(evs)-1] {
				if ev.At < before || ev.At > c.after {
					t.Errorf("%s at %d: got it outside the conversation; want between %d and %d", summary(ev), ev.At, before, c.after)
				}
			}
			if last := evs[len(evs)-1]; last.At < c.after/1000*1000 {
				t.Errorf("%s at %d: got it before %d; want it after (the listener closed then)", summary(last), last.At, c.after)
			}
			for _, ev := range evs {
				if ev.Kind == events.ResetSent && (ev.Local.Port() != uint16(port) || ev.Remote.Port() != uint16(c.clientPort)) {
					t.Errorf("RST: got %v > %v; want from port %d to %d", ev.Local, ev.Remote, port, c.clientPort)
				}
			}
		})
	}
}

// TestWatchParallel: two watches at once, each on its own port, each see
// their own connection and nothing of the other's, though the kernel
// cannot filter the RSTs by port.
func TestWatchParallel(t *testing.T) {
	requireTracefs(t)
	type run struct {
		ln, port      int
		w             *Watcher
		c             conversation
		err           error
		closeListener func()
	}
	runs := make([]run, 2)
	for i := range runs {
		r := &runs[i]
		r.ln, r.port, r.closeListener = boundListener(t)
		var err error
		if r.w, err = Watch(r.port); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { r.w.Stop() })
	}
	var wg sync.WaitGroup
	for i := range runs {
		wg.Add(1)
		go func(r *run) {
			defer wg.Done()
			r.c, r.err = resetConversation(r.ln, r.port, false)
			r.closeListener()
		}(&runs[i])
	}
	wg.Wait()
	for _, r := range runs {
		if r.err != nil {
			t.Fatal(r.err)
		}
		waitFor(t, r.w, fmt.Sprintf("port %d's listener's close", r.port), listenerClosed)
		evs, err := r.w.Stop()
		if err != nil {
			t.Fatal(err)
		}
		checkReset(t, evs, r.port, "TCP_ABORT_ON_CLOSE")
	}
}

// instanceExists says whether an instance's directory is there.
func instanceExists(t *testing.T, dir string) bool {
	t.Helper()
	_, err := os.Stat(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return err == nil
}

// TestStopKeepsInstanceIdle: Stop, with nothing to read (the reader
// waiting in poll), called twice at once as a Ctrl-C path might, returns in
// both callers and leaves the instance idle: tracing off, no event
// enabled. The next Watch, on another port, takes it and sees that port's
// events and no other; RemoveIdle then removes it.
func TestStopKeepsInstanceIdle(t *testing.T) {
	requireTracefs(t)
	if err := RemoveIdle(); err != nil {
		t.Fatal(err)
	}
	_, port, _ := boundListener(t)
	w, err := Watch(port)
	if err != nil {
		t.Fatal(err)
	}
	dir := w.inst.dir
	if !instanceExists(t, dir) || !strings.HasPrefix(filepath.Base(dir), fmt.Sprintf("graceclose-%d-", os.Getpid())) {
		t.Fatalf("got instance %s; want an existing graceclose-%d-N", dir, os.Getpid())
	}
	clock, err := os.ReadFile(filepath.Join(dir, "trace_clock"))
	if err != nil || !strings.Contains(string(clock), "[mono]") {
		t.Errorf("trace_clock: got %q, %v; want mono chosen", clock, err)
	}
	if kb := w.inst.bufferKB(); kb < minBufferKB {
		t.Errorf("buffer_size_kb: got %d; want at least %d", kb, minBufferKB)
	}
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			evs, err := w.Stop()
			if err == nil && len(evs) != 0 {
				err = fmt.Errorf("got events %v; want none", evs)
			}
			errs <- err
		}()
	}
	for range 2 {
		select {
		case err := <-errs:
			if err != nil {
				t.Error(err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Stop has not returned after 10 s")
		}
	}
	if _, err := w.Stop(); err != nil {
		t.Errorf("a third Stop: got %v; want nil", err)
	}
	for file, want := range map[string]string{"tracing_on": "0", "events/enable": "0"} {
		if got, err := os.ReadFile(filepath.Join(dir, file)); err != nil || strings.TrimSpace(string(got)) != want {
			t.Errorf("%s after Stop: got %q, %v; want %s", file, got, err, want)
		}
	}

	ln, port2, closeListener := boundListener(t)
	w2, err := Watch(port2)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w2.Stop() })
	if w2.inst.dir != dir {
		t.Errorf("the next Watch: got instance %s; want the idle %s", w2.inst.dir, dir)
	}
	_, evs := resetWatched(t, w2, ln, port2, false, closeListener)
	checkReset(t, evs, port2, "TCP_ABORT_ON_CLOSE")

	if err := RemoveIdle(); err != nil {
		t.Fatal(err)
	}
	if instanceExists(t, dir) {
		t.Errorf("got %s after RemoveIdle; want it removed", dir)
	}
}

// helper starts a helper process (see helperEnv) watching a port; it
// returns the process and its instance's directory.
func helper(t *testing.T, mode string, port int, attr *syscall.SysProcAttr) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s %d", helperEnv, mode, port),
		// Under -race, a process waits a second at exit for late reports.
		"GORACE="+strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	cmd.SysProcAttr = attr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	dir := strings.TrimSpace(line)
	if err != nil || !strings.HasPrefix(filepath.Base(dir), fmt.Sprintf("graceclose-%d-", cmd.Process.Pid)) {
		t.Fatalf("helper: got %q, %v; want its instance's directory", line, err)
	}
	return cmd, dir
}

// interrupt ends a helper as Ctrl-C would, and checks it stopped cleanly.
func interrupt(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("helper after SIGINT: got %v; want exit 0", err)
	}
}

// TestStaleInstances: the instance of a watcher killed with SIGKILL stays
// in tracefs until the next Watch removes it; a live watcher's stays, and
// goes when its Ctrl-C path (SIGINT, then Stop) ends it.
func TestStaleInstances(t *testing.T) {
	requireTracefs(t)
	_, port, _ := boundListener(t)
	killed, killedDir := helper(t, "watch", port, nil)
	live, liveDir := helper(t, "watch", port, nil)
	if err := killed.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	killed.Wait()
	if !instanceExists(t, killedDir) {
		t.Fatalf("got %s gone with its SIGKILLed process; want it left behind (else this test proves nothing)", killedDir)
	}
	w, err := Watch(port)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Stop(); err != nil {
		t.Fatal(err)
	}
	if instanceExists(t, killedDir) {
		t.Errorf("got %s after the next Watch; want the dead process's instance removed", killedDir)
	}
	if !instanceExists(t, liveDir) {
		t.Errorf("got %s removed; want a live process's instance kept", liveDir)
	}
	interrupt(t, live)
	if instanceExists(t, liveDir) {
		t.Errorf("got %s after its process's Ctrl-C path; want it removed", liveDir)
	}
}

// TestWatchMountsTracefs: where tracefs is not mounted, Watch mounts it.
// The helper unmounts it in a mount namespace of its own, so the rest of
// the machine keeps its tracefs.
func TestWatchMountsTracefs(t *testing.T) {
	requireTracefs(t)
	_, port, _ := boundListener(t)
	cmd, dir := helper(t, "mount", port, &syscall.SysProcAttr{Unshareflags: syscall.CLONE_NEWNS})
	// tracefs is one file system wherever it is mounted: the helper's
	// instance is seen here too.
	if !instanceExists(t, dir) {
		t.Errorf("got no %s; want the helper's instance, in the tracefs it mounted", dir)
	}
	interrupt(t, cmd)
	if instanceExists(t, dir) {
		t.Errorf("got %s after the helper's Stop; want it removed", dir)
	}
}

// TestWatchReplacesLeftover: an instance with this process's pid and the
// next number can only be an earlier process's with the same pid: Watch
// takes its place rather than fail.
func TestWatchReplacesLeftover(t *testing.T) {
	requireTracefs(t)
	if err := RemoveIdle(); err != nil { // else Watch takes an idle one
		t.Fatal(err)
	}
	dir := filepath.Join(tracefsDir, "instances", fmt.Sprintf("graceclose-%d-%d", os.Getpid(), instances.Load()+1))
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(dir) })
	_, port, _ := boundListener(t)
	w, err := Watch(port)
	if err != nil {
		t.Fatalf("Watch with a leftover %s: %v", dir, err)
	}
	if w.inst.dir != dir {
		t.Errorf("got instance %s; want %s", w.inst.dir, dir)
	}
	if _, err := w.Stop(); err != nil {
		t.Fatal(err)
	}
	if err := RemoveIdle(); err != nil {
		t.Fatal(err)
	}
	if instanceExists(t, dir) {
		t.Errorf("got %s after Stop and RemoveIdle; want it removed", dir)
	}
}
