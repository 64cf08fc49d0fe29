package main

import (
	"syscall"
	"testing"

	"graceclose/common/proctest"
)

// TestFatalSignals: the C client leaves every signal at SIG_DFL: Ctrl-C,
// Ctrl-\, kill, a closed terminal, SIGUSR1... kill it, and print nothing.
// This one dies of each the same way (not the Go runtime's goroutine dump
// and exit 2 for SIGQUIT, nor its indifference to SIGUSR1), with every
// line it printed kept.
func TestFatalSignals(t *testing.T) {
	t.Parallel()
	for _, sig := range []syscall.Signal{syscall.SIGQUIT, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGINT, syscall.SIGUSR1, syscall.SIGUSR2, syscall.SIGALRM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			p := newPeer(t)
			client, conn := p.startClient()
			client.Type("data1\n")
			readN(t, conn, 5)
			client.WaitStdout("send bytes: 5 \n", 1)
			client.Signal(sig)
			wantExit(t, client, proctest.Killed(sig))
			wantText(t, "stdout", client.Stdout(), sending("data1"))
			wantText(t, "stderr", client.Stderr(), "")
		})
	}
}
