package main

import (
	"errors"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"graceclose/common/proctest"
)

// quiet is how long a peer waits to be sure nothing arrives: the bound on
// "the peer notices nothing".
const quiet = 300 * time.Millisecond

// wantNothing checks that the peer reads nothing (no data, no FIN, no RST)
// within quiet.
func wantNothing(t *testing.T, p *net.TCPConn) {
	t.Helper()
	_ = p.SetReadDeadline(time.Now().Add(quiet))
	n, err := p.Read(make([]byte, 64))
	if !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("peer read %d bytes, %v; want nothing within %v", n, err, quiet)
	}
	_ = p.SetReadDeadline(time.Now().Add(proctest.Timeout))
}

// wantReset checks that the peer's read fails with ECONNRESET: a RST.
func wantReset(t *testing.T, p *net.TCPConn) {
	t.Helper()
	n, err := p.Read(make([]byte, 64))
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("peer read %d bytes, %v; want ECONNRESET (a RST)", n, err)
	}
}

func TestCommandHelp(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, _ := p.startClient()
	client.Type("/help\n")
	client.WaitStdout("//text", 1)
	for _, cmd := range []string{"/shutdown rd|wr|rdwr", "/abort", "/linger N", "/exit", "/dupclose", "/pause", "/resume", "/state"} {
		if !strings.Contains(client.Stdout(), cmd) {
			t.Errorf("/help does not list %s:\n%s", cmd, client.Stdout())
		}
	}
	if !strings.Contains(client.Stdout(), "(none once both FINs are exchanged: nothing is left to reset)") {
		t.Errorf("/help does not say when /abort sends no RST:\n%s", client.Stdout())
	}
}

// TestUnknownCommand: a mistyped command gets a hint and is not sent; a
// line typed with "//" sends the rest.
func TestUnknownCommand(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient()
	client.Type("/clse\n//etc/passwd\n")
	client.WaitStdout(`unknown command "/clse"`, 1)
	wantText(t, "peer got", readN(t, conn, 11), "/etc/passwd")
	client.WaitStdout("send bytes: 11 \n", 1)
	if !strings.Contains(client.Stdout(), "now sending /etc/passwd\n") {
		t.Errorf("stdout %q lacks the line sent", client.Stdout())
	}
}

// TestShutdownWr: /shutdown wr sends a FIN (the peer reads EOF), replies
// still arrive, stdin is still read, and a write after it kills the client
// with SIGPIPE, as it would kill the C program.
func TestShutdownWr(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient()
	client.Type("/shutdown wr\n")
	wantEOF(t, conn)
	conn.Write([]byte("Hi, after"))
	client.WaitStdout("Hi, after\n", 1)
	client.Type("one more\n")
	wantExit(t, client, proctest.Killed(syscall.SIGPIPE))
	if !strings.HasSuffix(client.Stdout(), "now sending one more\n") {
		t.Errorf("stdout %q; want it to end with the line whose write killed it", client.Stdout())
	}
}

// TestShutdownRd: /shutdown rd sends nothing (the peer notices nothing and
// can still send, its data is queued on Linux), reads return EOF, and the
// client can still write. Reading again prints what was queued, then meets
// the EOF of its own SHUT_RD: not "server terminated", since the server is
// still there, and with stdin closed nothing is left to wait for.
func TestShutdownRd(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient()
	client.Type("/shutdown rd\n")
	client.WaitStdout("/shutdown rd:", 1)
	wantNothing(t, conn)
	client.Type("data1\n")
	wantText(t, "peer got", readN(t, conn, 5), "data1")
	if _, err := conn.Write([]byte("late")); err != nil {
		t.Fatalf("peer write after the client's SHUT_RD: %v", err)
	}
	client.Type("/resume\n")
	client.CloseStdin()
	wantOwnEOFEnd(t, client, "SHUT_RD", "ESTABLISHED")
	if !strings.Contains(client.Stdout(), "late\n") {
		t.Errorf("stdout %q: data sent after SHUT_RD was not read (Linux queues it)", client.Stdout())
	}
}

// wantOwnEOFEnd checks how the client ended when it read the EOF of its own
// /shutdown rd (how: "SHUT_RD") or rdwr ("SHUT_RDWR") with stdin closed:
// exit 1, saying the server has not closed, the client's end in one of
// states (where states can be read).
func wantOwnEOFEnd(t *testing.T, client *proctest.Proc, how string, states ...string) {
	t.Helper()
	wantExit(t, client, proctest.Exited(1))
	prefix := "graceclient: read EOF after our own shutdown(" + how + "), and stdin is no longer read: nothing left to wait for; "
	got := client.Stderr()
	for _, state := range states {
		if got == prefix+"the server has not closed the connection ("+state+")\n" || !statesTraced && strings.HasPrefix(got, prefix) {
			return
		}
	}
	t.Errorf("stderr %q; want %q, the server not closed, in one of %v", got, prefix, states)
}

// TestShutdownRdwr: /shutdown rdwr sends a FIN like SHUT_WR.
func TestShutdownRdwr(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient()
	client.Type("/shutdown rdwr\n")
	wantEOF(t, conn)
	client.WaitStdout("/shutdown rdwr:", 1)
}

// TestAbort: /abort ends the connection with a RST, not a FIN.
func TestAbort(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient("-sleep", "0", "-trace")
	client.Type("data1\n/abort\n")
	wantText(t, "peer got", readN(t, conn, 5), "data1")
	wantReset(t, conn)
	wantExit(t, client, proctest.Exited(0))
	trace, _ := proctest.SplitTrace(client.Stderr())
	wantTraced(t, trace, "close(", "SO_LINGER is {on, 0}, so the kernel sends a RST, not a FIN", "gone")
}

// TestExitWithoutClose: /exit leaves the closing to the kernel, which sends
// a FIN as close would (the lesson's first question).
func TestExitWithoutClose(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient()
	client.Type("/exit\n")
	wantEOF(t, conn)
	wantExit(t, client, proctest.Exited(0))
}

// TestDupClose: with a second descriptor open, close sends nothing; the
// copy still writes, and a later shutdown sends the FIN.
func TestDupClose(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient()
	client.Type("/dupclose\n")
	client.WaitStdout("/dupclose:", 1)
	wantNothing(t, conn)
	client.Type("data1\n")
	wantText(t, "peer got", readN(t, conn, 5), "data1")
	conn.Write([]byte("Hi, data1"))
	client.WaitStdout("Hi, data1\n", 1)
	client.Type("shutdown\n")
	wantEOF(t, conn)
	conn.Close()
	wantExit(t, client, proctest.Exited(1))
}

// TestPauseResume: while paused, what the peer sends waits in the queue; on
// /resume it is printed.
func TestPauseResume(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient()
	client.Type("/pause\n")
	client.WaitStdout("/pause:", 1)
	conn.Write([]byte("queued"))
	client.Type("/state\n")
	client.WaitStdout("/state: ESTABLISHED\n", 1)
	if strings.Contains(client.Stdout(), "queued") {
		t.Fatalf("stdout %q: read while paused", client.Stdout())
	}
	client.Type("/resume\n")
	client.WaitStdout("queued\n", 1)
}

// TestPausedAtEOF: at the end of stdin a paused client reads again rather
// than sleep forever.
func TestPausedAtEOF(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient()
	client.Type("/pause\n")
	client.WaitStdout("/pause:", 1)
	client.CloseStdin()
	client.WaitStdout("reading the socket again", 1)
	conn.Close()
	wantExit(t, client, proctest.Exited(1))
}

// TestLongLinePieceIsData: a line longer than fgets' buffer goes out in
// pieces; a piece that happens to start with "/" is data, not a command.
// Only a line a person types can be one.
func TestLongLinePieceIsData(t *testing.T) {
	t.Parallel()
	for _, rest := range []string{"/exit is in my data", "//two slashes stay two", "/usr/share/dict/words"} {
		t.Run(rest, func(t *testing.T) {
			t.Parallel()
			p := newPeer(t)
			client, conn := p.startClient()
			long := strings.Repeat("a", 4095) + rest
			client.Type(long + "\n/state\n")
			wantText(t, "peer got", readN(t, conn, len(long)), long)
			client.WaitStdout("/state: ", 1)
			wantText(t, "stdout", client.Stdout(), sending(long[:4095], rest)+"/state: ESTABLISHED\n")
		})
	}
}

// TestUnknownCommandHintOneLine: the hint for a mistyped command with an
// argument is one line.
func TestUnknownCommandHintOneLine(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, _ := p.startClient()
	client.Type("/bogus arg\n/clse\n")
	client.WaitStdout(`unknown command "/clse"`, 1)
	wantText(t, "stdout", client.Stdout(),
		`unknown command "/bogus": /help lists the commands; type //bogus arg to send it as data`+"\n"+
			`unknown command "/clse": /help lists the commands; type //clse to send it as data`+"\n")
}

// TestLingerBadArgument: /linger without a number of seconds is one line
// saying what it takes; the connection stays as it was.
func TestLingerBadArgument(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, _ := p.startClient()
	client.Type("/linger\n/linger soon\n/linger -1\n/state\n")
	client.WaitStdout("/state: ", 1)
	const hint = "/linger takes a number of seconds, 0 or more: /linger 5\n"
	wantText(t, "stdout", client.Stdout(), hint+hint+hint+"/state: ESTABLISHED\n")
}
