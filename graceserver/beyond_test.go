package main

import (
	"errors"
	"io"
	"net"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"graceclose/common/proctest"
)

// quiet is how long a test waits to be sure nothing arrives.
const quiet = 300 * time.Millisecond

// TestOnEOFWait: -on-eof wait reads the client's FIN and keeps the socket
// open and unclosed: the client gets no FIN (it waits in FIN_WAIT2) until
// the server ends.
func TestOnEOFWait(t *testing.T) {
	t.Parallel()
	server, port := proctest.StartServer(t, "127.0.0.1", "-delay", "0", "-on-eof", "wait")
	conn := dial(t, port)
	conn.Write([]byte("data1"))
	readFull(t, conn, 9)
	conn.CloseWrite()
	server.WaitStderr("client closed \n")
	server.WaitStdout("-on-eof wait:", 1)
	_ = conn.SetReadDeadline(time.Now().Add(quiet))
	if n, err := conn.Read(make([]byte, 1)); !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("client read %d, %v; want nothing while the server waits", n, err)
	}
	server.Signal(syscall.SIGINT)
	wantExit(t, server, proctest.Exited(0))
	_ = conn.SetReadDeadline(time.Now().Add(proctest.Timeout))
	if n, err := conn.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("client read %d, %v after the server's exit; want EOF", n, err)
	}
}

// TestOnEOFCloseAndShutdown: both send the server's FIN at once, and the
// server keeps running.
func TestOnEOFCloseAndShutdown(t *testing.T) {
	t.Parallel()
	for _, action := range []string{"close", "shutdown"} {
		t.Run(action, func(t *testing.T) {
			t.Parallel()
			server, port := proctest.StartServer(t, "127.0.0.1", "-on-eof", action)
			conn := dial(t, port)
			conn.CloseWrite()
			_ = conn.SetReadDeadline(time.Now().Add(proctest.Timeout))
			if n, err := conn.Read(make([]byte, 1)); err != io.EOF {
				t.Fatalf("client read %d, %v; want EOF (the server's FIN)", n, err)
			}
			server.WaitStdout("-on-eof "+action+":", 1)
			select {
			case <-server.Done():
				t.Fatalf("server ended (%v); want it running", server.Wait())
			default:
			}
			server.Signal(syscall.SIGINT)
			wantExit(t, server, proctest.Exited(0))
			wantText(t, "stderr", server.Stderr(), "client closed \n")
		})
	}
}

// TestBacklogFull: with -backlog 1 and no accept yet, Linux queues
// backlog+1 connections; the next SYN is dropped, so that connect gets no
// answer at all (not a RST, as a blog post comparing close and shutdown
// says) and the client keeps trying.
func TestBacklogFull(t *testing.T) {
	t.Parallel()
	server, port := proctest.StartServer(t, "127.0.0.1", "-backlog", "1", "-accept-after", "1h")
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	for i := range 2 {
		c, err := net.DialTimeout("tcp", addr, proctest.Timeout)
		if err != nil {
			t.Fatalf("connection %d: %v; want it queued", i+1, err)
		}
		defer c.Close()
	}
	c, err := net.DialTimeout("tcp", addr, quiet)
	if err == nil {
		c.Close()
		t.Fatal("a third connection was accepted into a full queue")
	}
	var netErr net.Error
	if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || !errors.As(err, &netErr) || !netErr.Timeout() {
		t.Fatalf("third connect: %v; want no answer (a timeout)", err)
	}
	server.Signal(syscall.SIGINT)
	wantExit(t, server, proctest.Exited(0))
}

// TestAcceptAfter: a client that connected during -accept-after is served
// once the server accepts it.
func TestAcceptAfter(t *testing.T) {
	t.Parallel()
	server, port := proctest.StartServer(t, "127.0.0.1", "-delay", "0", "-accept-after", "100ms")
	conn := dial(t, port)
	conn.Write([]byte("data1"))
	if got := string(readFull(t, conn, 9)); got != "Hi, data1" {
		t.Errorf("reply %q; want Hi, data1", got)
	}
	server.WaitStdout("send bytes: 9 \n", 1)
}

func TestBeyondUsage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-on-eof", "linger"}, "graceserver: invalid value \"linger\" for flag -on-eof: want exit, wait, close or shutdown (see graceserver -h)\n"},
		{[]string{"-backlog", "-1"}, "graceserver: invalid -backlog -1: must not be negative\n"},
	} {
		p := proctest.Start(t, proctest.Server(t), tc.args...)
		wantExit(t, p, proctest.Exited(1))
		wantText(t, "stderr", p.Stderr(), tc.want)
	}
}
