package main

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"graceclose/common/proctest"
)

// stream sends the server messages of n bytes of b, without end, until the
// connection fails (the test ends, or the server).
func stream(conn net.Conn, n int, b byte) {
	msg := []byte(strings.Repeat(string(b), n))
	go func() {
		for {
			if _, err := conn.Write(msg); err != nil {
				return
			}
		}
	}()
}

// drain reads and drops the server's replies until the connection fails.
func drain(conn net.Conn) {
	go func() { _, _ = io.Copy(io.Discard, conn) }()
}

// receivedLine is the server's line for a message it read.
var receivedLine = regexp.MustCompile(`(?m)^received \d+ bytes: `)

// TestSigintWithStdoutBlocked: the server's standard output is a pipe that
// nobody reads, full, and the server is stuck writing to it; Ctrl-C must
// end it at once all the same, as sig_int's exit(0) ends the C program. What
// reaches the pipe is the server's lines, in order, unmangled; the count
// cannot follow them into a full pipe.
func TestSigintWithStdoutBlocked(t *testing.T) {
	t.Parallel()
	server, r := stuckOnOutput(t, 4096, 'm')
	server.Signal(syscall.SIGINT)
	wantExit(t, server, proctest.Exited(0))
	out, err := readAll(r)
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`^(received \d+ bytes: m+|send bytes: \d+ )$`)
	lines := strings.Split(string(out), "\n")
	for i, l := range lines[:len(lines)-1] { // the last one may be cut short
		if !line.MatchString(l) {
			t.Fatalf("line %d of the server's output is %q...; want its lines in order, unmangled", i+1, l[:min(len(l), 60)])
		}
	}
	if len(lines) < 10 {
		t.Errorf("the pipe holds %d lines; want it full", len(lines))
	}
}

// TestSigintCountMatchesLines: Ctrl-C in a stream of messages answered at
// once (-delay 0), while the server is stuck writing its output to a pipe
// that a reader then empties. The count sig_int prints must be the number
// of "received" lines printed before it, exactly: the count is read when
// the handler holds the output, not before, while the main loop can still
// print another message. Repeated, since a race need not show every time.
func TestSigintCountMatchesLines(t *testing.T) {
	t.Parallel()
	for i := range 6 {
		t.Run(strconv.Itoa(i), func(t *testing.T) {
			t.Parallel()
			server, r := stuckOnOutput(t, 100, 'c')
			server.Signal(syscall.SIGINT)
			out, err := readAll(r) // the reader is back: the server's output flows again
			if err != nil {
				t.Fatal(err)
			}
			wantExit(t, server, proctest.Exited(0))
			lines := len(receivedLine.FindAll(out, -1))
			if want := fmt.Sprintf("\nreceived %d datagrams\n", lines); !bytes.HasSuffix(out, []byte(want)) {
				t.Errorf("stdout ends %q; want %q, the number of messages printed", out[max(0, len(out)-80):], want)
			}
		})
	}
}

// stuckOnOutput starts a server answering at once (-delay 0) whose standard
// output is a pipe nobody reads, and streams it messages of n bytes of b
// until the pipe is full and the server is stuck writing to it. It returns
// the server and the pipe's read end.
func stuckOnOutput(t *testing.T, n int, b byte) (*proctest.Proc, *os.File) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	port := proctest.FreePort(t, "127.0.0.1")
	server := proctest.StartWith(t, proctest.Options{Stdout: w}, proctest.Server(t), "-addr", "127.0.0.1", "-port", proctest.PortArg(port), "-delay", "0")
	w.Close()
	server.WaitListening(port)
	conn := dial(t, port)
	drain(conn)
	stream(conn, n, b)
	server.WaitBlockedIn(1, "write")
	return server, r
}

func readAll(r *os.File) ([]byte, error) {
	var b bytes.Buffer
	_, err := b.ReadFrom(r)
	return b.Bytes(), err
}

// TestFatalSignalsServer: the signals the C server leaves at SIG_DFL
// (Ctrl-\, kill, a closed terminal, SIGUSR1...) kill it and print nothing.
// This one dies of each the same way (not the Go runtime's goroutine dump
// and exit 2 for SIGQUIT, nor its indifference to SIGUSR1), with every line
// it printed kept, here while it waits before its reply.
func TestFatalSignalsServer(t *testing.T) {
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGQUIT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGALRM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			server, port := proctest.StartServer(t, "127.0.0.1", "-delay", "1h")
			dial(t, port).Write([]byte("data1"))
			server.WaitStdout("received 5 bytes: data1\n", 1)
			server.Signal(sig)
			wantExit(t, server, proctest.Killed(sig))
			wantText(t, "stdout", server.Stdout(), "received 5 bytes: data1\n")
			wantText(t, "stderr", server.Stderr(), "")
		})
	}
}

// TestFatalSignalKeepsBufferedLines: a stream of messages answered at once
// is printed in batches, not a write per line; a signal that kills the
// server must not lose the batch not yet written. Here the server is stuck
// sending a reply the client does not read, its last lines still buffered.
func TestFatalSignalKeepsBufferedLines(t *testing.T) {
	t.Parallel()
	server, port := proctest.StartServer(t, "127.0.0.1", "-delay", "0")
	conn := dialSmallWindow(t, port)
	stream(conn, 4096, 'k') // never reading the replies
	server.WaitBlockedIn(-1, "sendto", "sendmsg")
	server.Signal(syscall.SIGTERM)
	wantExit(t, server, proctest.Killed(syscall.SIGTERM))
	wantText(t, "stderr", server.Stderr(), "")
	// Every message read is printed, then its reply's count; the last
	// one's reply is the send that never ended.
	out := server.Stdout()
	pair := regexp.MustCompile(`^(received \d+ bytes: k+\nsend bytes: \d+ \n)*received \d+ bytes: k+\n$`)
	if !pair.MatchString(out) {
		t.Errorf("stdout %q...%q; want each message's lines, the last one's \"received\" line last", out[:min(len(out), 60)], out[max(0, len(out)-60):])
	}
}

// dialSmallWindow connects a test client whose receive buffer is as small
// as the kernel allows, so that a server sending it replies it does not
// read is stuck after a few of them.
func dialSmallWindow(t *testing.T, port int) net.Conn {
	t.Helper()
	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var err error
		_ = c.Control(func(fd uintptr) { err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 1) })
		return err
	}}
	conn, err := d.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// TestLessonCloseNoSignal: the lesson's close experiment with -sigpipe
// nosignal. The server's second send meets the client's RST; made with
// MSG_NOSIGNAL, it fails with EPIPE and raises nothing, so the server ends
// as under SIG_IGN (the close-ignore transcript: "send bytes: -1 ", "error
// write: Broken pipe (32)", exit 1), though SIGPIPE is at SIG_DFL and
// blocked by no thread: a SIGPIPE raised would have killed it.
func TestLessonCloseNoSignal(t *testing.T) {
	t.Parallel()
	want := lesson(t, "close", "ignore")
	client, server := proctest.Experiment{Closing: "close", ServerArgs: []string{"-sigpipe", "nosignal", "-trace"},
		During: func(_, server *proctest.Proc) { wantSIGPIPEDefault(t, server.Pid()) }}.Run(t)
	trace, rest := proctest.SplitTrace(server.Stderr())
	wantText(t, "client stdout", client.Stdout(), want.ClientOut)
	wantText(t, "client end", client.Wait().String(), want.ClientEnd.String())
	wantText(t, "server stdout", server.Stdout(), want.ServerOut)
	wantText(t, "server stderr without the trace", rest, want.ServerErr)
	wantText(t, "server end", server.Wait().String(), want.ServerEnd.String())
	proctest.WantTrace(t, "server", trace, statesTraced,
		in("-sigpipe nosignal: each send is made with MSG_NOSIGNAL"),
		in("send 9 bytes: calling send(2) with MSG_NOSIGNAL", closeWait...),
		in("send 9 bytes: calling send(2) with MSG_NOSIGNAL", reset...),
		in("send: EPIPE (Broken pipe): the connection was reset; no SIGPIPE, the send was made with MSG_NOSIGNAL", reset...),
		in("no SIGPIPE (MSG_NOSIGNAL): the send just fails", reset...),
		in("exit(1)"),
	)
}

// wantSIGPIPEDefault checks, while process pid runs, that SIGPIPE is at
// SIG_DFL, neither ignored nor caught (/proc/PID/status: SigIgn, SigCgt),
// and not blocked by the thread that runs the server's loop, found asleep in
// its delay (clock_nanosleep): a SIGPIPE its send raised would kill it. (The
// thread os/signal keeps for itself blocks every signal it is not told of,
// SIGPIPE too, and runs nothing else.)
func wantSIGPIPEDefault(t *testing.T, pid int) {
	t.Helper()
	bit := uint64(1) << (syscall.SIGPIPE - 1)
	masks := func(path string, names ...string) map[string]uint64 {
		found := map[string]uint64{}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("reading %s while the server runs: %v", path, err)
			return found
		}
		for _, line := range strings.Split(string(data), "\n") {
			name, value, _ := strings.Cut(line, ":\t")
			if slices.Contains(names, name) {
				if mask, err := strconv.ParseUint(value, 16, 64); err == nil {
					found[name] = mask
				}
			}
		}
		if len(found) != len(names) {
			t.Errorf("%s: found %v; want %v", path, found, names)
		}
		return found
	}
	status := fmt.Sprintf("/proc/%d/status", pid)
	for name, mask := range masks(status, "SigIgn", "SigCgt") {
		if mask&bit != 0 {
			t.Errorf("%s: %s %016x holds SIGPIPE; want SIGPIPE at SIG_DFL", status, name, mask)
		}
	}
	deadline := time.Now().Add(proctest.Timeout)
	for time.Now().Before(deadline) {
		for _, th := range proctest.Threads(pid) {
			if th.State != "S" || len(th.Syscall) == 0 || th.Syscall[0] != strconv.Itoa(unix.SYS_CLOCK_NANOSLEEP) {
				continue
			}
			path := fmt.Sprintf("/proc/%d/task/%s/status", pid, th.ID)
			if mask := masks(path, "SigBlk")["SigBlk"]; mask&bit != 0 {
				t.Errorf("%s: the thread asleep in the server's delay blocks SIGPIPE (SigBlk %016x); want it unblocked", path, mask)
			}
			return
		}
		time.Sleep(time.Millisecond) // a poll of /proc, not a wait for readiness
	}
	t.Errorf("no thread of the server seen asleep in its delay (clock_nanosleep); threads:\n%v", proctest.Threads(pid))
}
