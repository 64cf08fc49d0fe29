package main

import (
	"strings"
	"testing"

	"graceclose/common/proctest"
)

// TestShutdownAfterPause: "shutdown" means reading the replies, even after
// /pause: the client reads the socket again, prints the reply, and ends as
// in the lesson, rather than wait in a select with nothing to watch.
func TestShutdownAfterPause(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient()
	client.Type("/pause\ndata1\nshutdown\n")
	wantText(t, "peer got", readN(t, conn, 5), "data1")
	wantEOF(t, conn)
	conn.Write([]byte("Hi, data1"))
	conn.Close()
	wantExit(t, client, proctest.Exited(1))
	wantText(t, "stderr", client.Stderr(), "server terminated \n")
	if !strings.HasSuffix(client.Stdout(), "shutdown: reading the socket again\nHi, data1\n") {
		t.Errorf("stdout %q; want it to end with the socket read again and the reply", client.Stdout())
	}
}

// TestShutdownAfterShutdownRd: after /shutdown rd every read is an EOF at
// once, the server's FIN or not; then "shutdown" leaves nothing to wait for.
// The client must say so and end, not wait forever, nor claim "server
// terminated" while the server (the peer here) is still there.
func TestShutdownAfterShutdownRd(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient()
	client.Type("/shutdown rd\nshutdown\n")
	wantEOF(t, conn) // the client's FIN
	wantExit(t, client, proctest.Exited(1))
	stderr := client.Stderr()
	if !strings.HasPrefix(stderr, "graceclient: read EOF after our own shutdown(SHUT_RD), and stdin is no longer read: nothing left to wait for; ") ||
		!strings.Contains(stderr, "has not closed") {
		t.Errorf("stderr %q; want the EOF called our own, the server not closed", stderr)
	}
}

// TestOwnEOFIsNotTheServers: /shutdown rd, then /resume: the read returns
// EOF at once, but the server has not closed. The client must not print
// "server terminated" and exit: it says what happened and keeps reading
// stdin; once stdin ends, nothing is left, and it says that.
func TestOwnEOFIsNotTheServers(t *testing.T) {
	t.Parallel()
	for _, how := range []string{"rd", "rdwr"} {
		t.Run(how, func(t *testing.T) {
			t.Parallel()
			p := newPeer(t)
			client, conn := p.startClient()
			shut := map[string]string{"rd": "SHUT_RD", "rdwr": "SHUT_RDWR"}[how]
			client.Type("/shutdown " + how + "\n/resume\n")
			client.WaitStdout("read EOF: our own shutdown("+shut+") ends every read at once; the server has not closed the connection", 1)
			client.Type("/state\n")
			client.WaitStdout("/state: ", 1) // still running, still reading stdin
			if strings.Contains(client.Stderr(), "server terminated") {
				t.Fatalf("stderr %q: the server never closed", client.Stderr())
			}
			client.CloseStdin()
			states := []string{"ESTABLISHED"}
			if how == "rdwr" {
				states = []string{"FIN_WAIT1", "FIN_WAIT2"} // FIN_WAIT1 until the peer's ACK
				wantEOF(t, conn)
			}
			wantOwnEOFEnd(t, client, shut, states...)
		})
	}
}
