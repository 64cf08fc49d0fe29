package main

import (
	"fmt"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"graceclose/common/proctest"
)

// transcript is one of the lesson's transcripts, as the C programs print
// them, read from the experiments in scripts/scenarios/, where the scripts
// read them too.
type transcript proctest.Transcript

// lesson returns the transcript of the experiment in which the client types
// closing ("close" or "shutdown") to a server run with -sigpipe mode
// ("default", the published source's SIG_DFL; "ignore", the lesson's SIG_IGN;
// "custom", the lesson's handler). With shutdown no send fails: the transcript
// is the same for every mode.
func lesson(t testing.TB, closing, mode string) transcript {
	t.Helper()
	name := closing
	if closing == "close" && mode != "default" {
		name += "-" + mode
	}
	return transcript(proctest.LessonTranscript(t, name))
}

func (want transcript) check(t *testing.T, client, server *proctest.Proc) {
	t.Helper()
	check := func(what, got, want string) { t.Helper(); wantText(t, what, got, want) }
	check("client stdout", client.Stdout(), want.ClientOut)
	check("client stderr", client.Stderr(), want.ClientErr)
	check("client end", client.Wait().String(), want.ClientEnd.String())
	check("server stdout", server.Stdout(), want.ServerOut)
	check("server stderr", server.Stderr(), want.ServerErr)
	check("server end", server.Wait().String(), want.ServerEnd.String())
}

func TestLessonClose(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"default", "ignore", "custom"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			client, server := proctest.Experiment{Closing: "close", ServerArgs: []string{"-sigpipe", mode}}.Run(t)
			lesson(t, "close", mode).check(t, client, server)
		})
	}
}

func TestLessonShutdown(t *testing.T) {
	t.Parallel()
	for _, mode := range []string{"default", "ignore", "custom"} {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			client, server := proctest.Experiment{Closing: "shutdown", ServerArgs: []string{"-sigpipe", mode}}.Run(t)
			lesson(t, "shutdown", mode).check(t, client, server)
		})
	}
}

// TestLessonSigpipeDefaultIsTheDefault: without -sigpipe the server is killed
// by SIGPIPE, as the course's published source (SIG_DFL).
func TestLessonSigpipeDefaultIsTheDefault(t *testing.T) {
	t.Parallel()
	client, server := proctest.Experiment{Closing: "close"}.Run(t)
	lesson(t, "close", "default").check(t, client, server)
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
			lesson(t, "close", "custom").check(t, client, server)
		})
	}
}

func TestLessonIPv6(t *testing.T) {
	t.Parallel()
	for _, closing := range []string{"close", "shutdown"} {
		t.Run(closing, func(t *testing.T) {
			t.Parallel()
			client, server := proctest.Experiment{Host: "::1", Closing: closing}.Run(t)
			lesson(t, closing, "default").check(t, client, server)
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
			lesson(t, closing, "default").check(t, client, server)
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
	lesson(t, "close", "default").check(t, client, server)
}
