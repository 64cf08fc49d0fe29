//go:build linux

package scripts

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"graceclose/scripts/twopane/ptytest"
)

// TestTwoPaneTerminal runs twopane.sh as a learner does, from a terminal
// (a pseudo-terminal the test holds, its controlling terminal) and outside
// tmux: it must open a tmux session, attach to it, type the lesson into the
// panes while attached, say on the status line how to leave, and exit 0
// once the learner detaches (Ctrl-b d), leaving the session there. The
// session's tmux server is the test's own (TMUX_TMPDIR), not the user's.
// (Package twopane's TestAttach also leaves with tmux kill-session and
// kill-server.)
func TestTwoPaneTerminal(t *testing.T) {
	needTmux(t)
	if _, err := exec.LookPath("infocmp"); err == nil {
		if exec.Command("infocmp", "xterm").Run() != nil {
			t.Skip("no terminfo entry for xterm: tmux cannot attach")
		}
	}
	t.Parallel()
	master, slave := ptytest.Open(t, 40, 160)
	r := &run{t: t, name: "twopane.sh", tmpdir: t.TempDir()}
	tmuxdir := t.TempDir()
	s := tmuxServer{t: t, socket: filepath.Join(tmuxdir, fmt.Sprintf("tmux-%d", os.Getuid()), "default")}
	t.Cleanup(func() { s.run("kill-server") })

	cmd := exec.Command("./twopane.sh", "close", "--fast")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TMUX=") && !strings.HasPrefix(kv, "TERM=") && !strings.HasPrefix(kv, "TMPDIR=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(append(cmd.Env, english()...), "TERM=xterm", "TMPDIR="+r.tmpdir, "TMUX_TMPDIR="+tmuxdir)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close()
	go io.Copy(&r.out, master)  // what the terminal shows
	done := make(chan struct{}) // closed when the script has ended
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
	})

	// The lesson, typed while we are attached: both panes end with echo $?.
	want := map[string]string{
		"graceserver":           "received 5 bytes: data2\n$ echo $?\n141\n$",
		"graceclient 127.0.0.1": "close\n$ echo $?\n0\n$",
	}
	s.waitLessonEnd("=graceclose-close", want, &r.out)
	for _, text := range []string{"graceserver", "graceclient 127.0.0.1", "Ctrl-b d to detach, tmux kill-session -t graceclose-close to end"} {
		r.waitTerminal(text, 10*time.Second)
	}

	// The learner leaves: Ctrl-b d detaches, and the session stays.
	if _, err := master.Write([]byte{0x02, 'd'}); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
		if waitErr != nil {
			t.Errorf("twopane.sh after detaching: %v; want exit status 0\n%s", waitErr, r.out.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("twopane.sh still running 10s after detaching\n%s", r.out.String())
	}
	r.waitTerminal("the session is still there: tmux attach -t graceclose-close", 5*time.Second)
	if sessions := strings.TrimSpace(s.run("list-sessions", "-F", "#{session_name}")); sessions != "graceclose-close" {
		t.Errorf("tmux sessions after detaching: %q; want graceclose-close", sessions)
	}
	s.run("kill-server")
	r.checkNoFilesLeft()
	r.checkNothingLeftInTMPDIR()
}

// waitTerminal waits until what the terminal showed contains text.
func (r *run) waitTerminal(text string, timeout time.Duration) {
	r.t.Helper()
	deadline := time.Now().Add(timeout)
	for !strings.Contains(r.out.String(), text) {
		if time.Now().After(deadline) {
			r.t.Fatalf("the terminal did not show %q within %s\n%q", text, timeout, r.out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
