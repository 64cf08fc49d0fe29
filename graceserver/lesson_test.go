package main

import (
	"fmt"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"graceclose/common/proctest"
)

// The lesson's two transcripts, as the C programs print them (with the
// published source's SIG_DFL, the lesson's SIG_IGN, and the lesson's handler).

const (
	clientSent   = "now sending data1\nsend bytes: 5 \nnow sending data2\nsend bytes: 5 \n"
	serverBefore = "received 5 bytes: data1\nsend bytes: 9 \nreceived 5 bytes: data2\n"
)

type transcript struct {
	clientOut, clientErr string
	clientEnd            proctest.Exit
	serverOut, serverErr string
	serverEnd            proctest.Exit
}

var closeTranscripts = map[string]transcript{
	"default": {
		clientOut: clientSent, clientEnd: proctest.Exited(0),
		serverOut: serverBefore, serverEnd: proctest.Killed(syscall.SIGPIPE),
	},
	"ignore": {
		clientOut: clientSent, clientEnd: proctest.Exited(0),
		serverOut: serverBefore + "send bytes: -1 \n", serverErr: "error write: Broken pipe (32)\n", serverEnd: proctest.Exited(1),
	},
	"custom": {
		clientOut: clientSent, clientEnd: proctest.Exited(0),
		serverOut: serverBefore + "\nreceived 2 datagrams\n", serverEnd: proctest.Exited(0),
	},
}

// shutdownTranscript is the same for every SIGPIPE mode: no send fails.
var shutdownTranscript = transcript{
	clientOut: clientSent + "Hi, data1\nHi, data2\n", clientErr: "server terminated \n", clientEnd: proctest.Exited(1),
	serverOut: serverBefore + "send bytes: 9 \n", serverErr: "client closed \n", serverEnd: proctest.Exited(1),
}

func (want transcript) check(t *testing.T, client, server *proctest.Proc) {
	t.Helper()
	check := func(what, got, want string) { t.Helper(); wantText(t, what, got, want) }
	check("client stdout", client.Stdout(), want.clientOut)
	check("client stderr", client.Stderr(), want.clientErr)
	check("client end", client.Wait().String(), want.clientEnd.String())
	check("server stdout", server.Stdout(), want.serverOut)
	check("server stderr", server.Stderr(), want.serverErr)
	check("server end", server.Wait().String(), want.serverEnd.String())
}

func TestLessonClose(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"default", "ignore", "custom"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			client, server := proctest.Experiment{Closing: "close", ServerArgs: []string{"-sigpipe", mode}}.Run(t)
			closeTranscripts[mode].check(t, client, server)
		})
	}
}

func TestLessonShutdown(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"default", "ignore", "custom"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			client, server := proctest.Experiment{Closing: "shutdown", ServerArgs: []string{"-sigpipe", mode}}.Run(t)
			shutdownTranscript.check(t, client, server)
		})
	}
}

// TestLessonSigpipeDefaultIsTheDefault: without -sigpipe the server is killed
// by SIGPIPE, as the course's published source (SIG_DFL).
func TestLessonSigpipeDefaultIsTheDefault(t *testing.T) {
	t.Parallel()
	client, server := proctest.Experiment{Closing: "close"}.Run(t)
	closeTranscripts["default"].check(t, client, server)
}

// TestCustomHandlerNoRace repeats the close experiment with the lesson's
// handler: the SIGPIPE handler and the main loop's failed send meet every
// time, and the handler's line must always be the last word.
func TestCustomHandlerNoRace(t *testing.T) {
	t.Parallel()
	for i := range 12 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			client, server := proctest.Experiment{Closing: "close", ServerArgs: []string{"-sigpipe", "custom"}}.Run(t)
			closeTranscripts["custom"].check(t, client, server)
		})
	}
}

func TestLessonIPv6(t *testing.T) {
	t.Parallel()
	for _, closing := range []string{"close", "shutdown"} {
		t.Run(closing, func(t *testing.T) {
			t.Parallel()
			client, server := proctest.Experiment{Host: "::1", Closing: closing}.Run(t)
			want := shutdownTranscript
			if closing == "close" {
				want = closeTranscripts["default"]
			}
			want.check(t, client, server)
		})
	}
}

// TestSignalStorm sends a few hundred SIGURG (the Go runtime's preemption
// signal) and SIGWINCH (a resized terminal) to both programs during the
// experiments: select must retry, not fail, and nothing may change.
func TestSignalStorm(t *testing.T) {
	t.Parallel()
	for _, closing := range []string{"close", "shutdown"} {
		t.Run(closing, func(t *testing.T) {
			t.Parallel()
			sent := 0
			client, server := proctest.Experiment{Closing: closing, During: func(client, server *proctest.Proc) {
				sent = storm(300, client.Pid(), server.Pid())
			}}.Run(t)
			want := shutdownTranscript
			if closing == "close" {
				want = closeTranscripts["default"]
			}
			want.check(t, client, server)
			if sent < 300 {
				t.Errorf("only %d signals reached the programs; want at least 300", sent)
			}
		})
	}
}

// storm sends n SIGURG and n SIGWINCH to each pid, spread over some tens of
// milliseconds, and returns how many were delivered (a program that has
// already ended gets none).
func storm(n int, pids ...int) int {
	sent := 0
	for i := range 2 * n {
		sig := syscall.SIGURG
		if i%2 == 1 {
			sig = syscall.SIGWINCH
		}
		for _, pid := range pids {
			if syscall.Kill(pid, sig) == nil {
				sent++
			}
		}
		time.Sleep(100 * time.Microsecond)
	}
	return sent
}

// TestSigpipeBlockedByParent: a parent that starts the server with SIGPIPE
// blocked (its mask is inherited across exec) cannot save it: in default
// mode it still dies of SIGPIPE, not of an EPIPE error.
func TestSigpipeBlockedByParent(t *testing.T) {
	t.Parallel()
	perl, err := exec.LookPath("perl")
	if err != nil {
		t.Skip("perl (used to block SIGPIPE before exec) is not installed")
	}
	blockSigpipe := []string{perl, "-MPOSIX", "-e",
		"sigprocmask(SIG_BLOCK, POSIX::SigSet->new(SIGPIPE)) or die; exec @ARGV or die", proctest.Server(t)}
	client, server := proctest.Experiment{Closing: "close", ServerCommand: blockSigpipe}.Run(t)
	closeTranscripts["default"].check(t, client, server)
}
