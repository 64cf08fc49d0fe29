package main

import (
	"syscall"
	"testing"

	"graceclose/common/proctest"
)

// TestLowDescriptorLimitServer: under ulimit -n 5 the server has exactly the
// descriptors the C program needs (stdin, stdout, stderr, the listening
// socket, the connection). Its sleep before each reply must not need the Go
// runtime's timers, whose network poller takes two descriptors more: the
// runtime would die with a stack trace ("netpollinit failed"). A host name
// to listen on, which does need them, is refused in one line.
func TestLowDescriptorLimitServer(t *testing.T) {
	t.Parallel()
	server, port := proctest.StartServerCommand(t, append(proctest.Ulimit(5), proctest.Server(t)), "127.0.0.1", "-delay", "10ms")
	conn := dial(t, port)
	conn.Write([]byte("data1"))
	wantText(t, "reply", string(readFull(t, conn, 9)), "Hi, data1")
	server.WaitStdout("send bytes: 9 \n", 1)
	server.Signal(syscall.SIGINT)
	wantExit(t, server, proctest.Exited(0))
	wantText(t, "stdout", server.Stdout(), "received 5 bytes: data1\nsend bytes: 9 \n\nreceived 1 datagrams\n")
	wantText(t, "stderr", server.Stderr(), "")

	byName := proctest.StartWith(t, proctest.Options{Wrapper: proctest.Ulimit(5)}, proctest.Server(t), "-addr", "localhost")
	wantExit(t, byName, proctest.Exited(1))
	wantText(t, "stderr", byName.Stderr(), "graceserver: cannot resolve \"localhost\": too few file descriptors left (ulimit -n is 5): "+
		"a host name lookup needs 3; give an IP address, or raise the limit\n")
}
