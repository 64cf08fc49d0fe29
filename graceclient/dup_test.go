package main

import (
	"strings"
	"syscall"
	"testing"

	"graceclose/common/proctest"
)

// TestDupThenClose: /dup keeps a second descriptor open, so the lesson's
// close sends nothing; the FIN goes out when the process exits and the
// kernel closes the copy, and -trace says so.
func TestDupThenClose(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient("-sleep", "3s", "-trace")
	client.Type("/dup\n")
	client.WaitStdout("/dup: dup(", 1)
	client.Type("close\n")
	wantNothing(t, conn)
	wantEOF(t, conn)
	wantExit(t, client, proctest.Exited(0))
	// -trace tells the same story: the close drops a reference, the exit
	// sends the FIN, which leaves the socket in FIN_WAIT1.
	trace, _ := proctest.SplitTrace(client.Stderr())
	wantTraced(t, trace, "close(", "it stays open through", "ESTABLISHED")
	wantTraced(t, trace, "exit(0)", "the kernel closes fd", "FIN_WAIT1")
	wantTraced(t, trace, "exit(0)", "and sends our FIN")
}

// TestDupThenShutdown: with two descriptors open, shutdown still sends the
// FIN (the lesson: whatever the reference count), and a write after it
// kills the client with SIGPIPE.
func TestDupThenShutdown(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient()
	client.Type("/dup\n/shutdown wr\n")
	wantEOF(t, conn)
	client.WaitStdout("/shutdown wr:", 1)
	if !strings.Contains(client.Stdout(), "two descriptors") {
		t.Errorf("stdout %q; want /dup's answer", client.Stdout())
	}
	client.Type("more\n")
	wantExit(t, client, proctest.Killed(syscall.SIGPIPE))
}
