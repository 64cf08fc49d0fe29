package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"graceclose/common/proctest"
)

// inputFile writes text to a file and opens it, for a client's stdin: a
// stream of input, as from a file or a pipe, all there at once.
func inputFile(t *testing.T, text string) *os.File {
	t.Helper()
	path := filepath.Join(t.TempDir(), "stdin")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestHeavyInputNoDeadlock: a peer that sends a stream of replies without
// reading until it has sent them all, to a client fed a stream of input.
// A client that waits in write(2) while the peer waits in its own write,
// neither reading, never ends (the C client's blocking write, and this one's
// before its socket was non-blocking): both sides' queues fill. The client
// must keep reading, and end as in the lesson, every byte through. The
// peer's receive buffer is small, so that the client's 6 MB fill the queues
// whatever the kernel's automatic tuning does with the client's.
func TestHeavyInputNoDeadlock(t *testing.T) {
	t.Parallel()
	const lines, lineLen = 3000, 2000 // 6 MB typed
	const replyLen = 8 << 20          // 8 MB of replies
	line := strings.Repeat("x", lineLen)
	stdin := inputFile(t, strings.Repeat(line+"\n", lines)+"shutdown\n")
	p := newPeerReceiveBuffer(t, 16<<10)
	client := proctest.StartWith(t, proctest.Options{Stdin: stdin}, proctest.Client(t), "-port", strconv.Itoa(p.port), "127.0.0.1")
	conn := p.accept()
	_ = conn.SetDeadline(time.Time{}) // the client's end bounds the test
	received := make(chan int64, 1)
	go func() {
		if _, err := conn.Write(bytes.Repeat([]byte("Q"), replyLen)); err != nil {
			received <- -1
			return
		}
		n, _ := io.Copy(io.Discard, conn) // then read it all, to the client's FIN
		received <- n
		conn.Close()
	}()
	wantExit(t, client, proctest.Exited(1))
	wantText(t, "stderr", client.Stderr(), "server terminated \n")
	if n := <-received; n != lines*lineLen {
		t.Errorf("peer received %d bytes; want %d", n, lines*lineLen)
	}
	out := client.Stdout()
	if got := strings.Count(out, "send bytes: "+strconv.Itoa(lineLen)+" \n"); got != lines {
		t.Errorf("client printed %d \"send bytes: %d \" lines; want %d", got, lineLen, lines)
	}
	if got := strings.Count(out, "Q"); got != replyLen {
		t.Errorf("client printed %d bytes of the replies; want %d", got, replyLen)
	}
}

// newPeerReceiveBuffer is newPeer with a receive buffer of size bytes on the
// connections it accepts (set on the listener, before the handshake).
func newPeerReceiveBuffer(t *testing.T, size int) *peer {
	t.Helper()
	lc := net.ListenConfig{Control: func(_, _ string, c syscall.RawConn) error {
		var err error
		if cerr := c.Control(func(fd uintptr) { err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, size) }); cerr != nil {
			return cerr
		}
		return err
	}}
	l, err := lc.Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return &peer{t: t, l: l.(*net.TCPListener), port: l.Addr().(*net.TCPAddr).Port}
}

// TestLastWordsBeforeWriteError: the server sends a last line and closes
// (with unread data: a RST) while the client writes a stream of input. What
// the server sent before its close must be printed before the error the
// next write meets.
func TestLastWordsBeforeWriteError(t *testing.T) {
	t.Parallel()
	const lines = 20000
	stdin := inputFile(t, strings.Repeat("data\n", lines))
	p := newPeer(t)
	client := proctest.StartWith(t, proctest.Options{Stdin: stdin}, proctest.Client(t), "-port", strconv.Itoa(p.port), "127.0.0.1")
	conn := p.accept()
	readN(t, conn, 4) // the client is writing
	conn.Write([]byte("bye"))
	conn.Close() // data left unread: a RST
	end := client.Wait()
	out, stderr := client.Stdout(), client.Stderr()
	if !strings.Contains(out, "\nbye\n") {
		t.Fatalf("stdout lacks the server's last words:\n...%s\nstderr %q, %v", out[max(0, len(out)-300):], stderr, end)
	}
	if strings.Count(out, "now sending data\n") == lines {
		t.Fatalf("every line was sent; want a write to fail after the server's close")
	}
	switch {
	case end == proctest.Exited(1) && strings.HasPrefix(stderr, "write failed : Connection reset by peer"),
		end == proctest.Exited(1) && strings.HasPrefix(stderr, "read error: Connection reset by peer"),
		end == proctest.Killed(syscall.SIGPIPE):
	default:
		t.Errorf("client ended %v, stderr %q; want a failed write or read, or SIGPIPE", end, stderr)
	}
}

// TestNULShownEscaped: a NUL typed in a line is sent as it is, and shown
// escaped in "now sending", as the README says (C's %s stops at it).
func TestNULShownEscaped(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient()
	client.Type("a\x00b\x1b[2J\n")
	wantText(t, "peer got", readN(t, conn, 7), "a\x00b\x1b[2J")
	client.WaitStdout("send bytes: 7 \n", 1)
	wantText(t, "stdout", client.Stdout(), `now sending a\x00b\x1b[2J`+"\nsend bytes: 7 \n")
}
