package twopane

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"graceclose/scripts/twopane/ptytest"
)

// TestAttach runs the close experiment as from a learner's terminal (a
// pseudo-terminal the test holds), outside tmux: a new session of the
// learner's tmux (the test's own: TMUX_TMPDIR), attached to the terminal,
// sized to it, the lesson typed while attached, the status line saying how
// to leave. The learner leaves as it says: detached (Ctrl-b d), the
// session left there; or having ended the session (tmux kill-session) or
// tmux itself (tmux kill-server), without a word about tmux failing. Run
// must then return, and nothing must be left once tmux is gone.
func TestAttach(t *testing.T) {
	if _, err := exec.LookPath("infocmp"); err == nil {
		if exec.Command("infocmp", "xterm").Run() != nil {
			t.Skip("no terminfo entry for xterm: tmux cannot attach")
		}
	}
	t.Parallel()
	for _, leave := range []string{"detach", "kill-session", "kill-server"} {
		t.Run(leave, func(t *testing.T) {
			t.Parallel()
			attach(t, leave)
		})
	}
}

// attach is TestAttach, the learner leaving by leave.
func attach(t *testing.T, leave string) {
	r := newTestRun(t, "close", nil)
	master, slave := ptytest.Open(t, 40, 160)
	tmuxdir := t.TempDir()
	socket := filepath.Join(tmuxdir, fmt.Sprintf("tmux-%d", os.Getuid()), "default")
	tmux := func(args ...string) string {
		out, _ := exec.Command(r.cfg.Tmux, append([]string{"-S", socket}, args...)...).Output()
		return string(out)
	}
	t.Cleanup(func() { tmux("kill-server") })
	r.cfg.Mode, r.cfg.Dir, r.cfg.Terminal = Attach, "", slave
	r.cfg.Env = append(withoutVars(os.Environ(), "TMUX", "TMUX_PANE", "TERM", "TMUX_TMPDIR"),
		"TERM=xterm", "TMUX_TMPDIR="+tmuxdir, r.mark)
	var screen syncBuffer // what the terminal shows
	go io.Copy(&screen, master)

	type result struct {
		res *Result
		err error
	}
	done := make(chan result, 1)
	go func() {
		res, err := Run(context.Background(), r.cfg)
		done <- result{res, err}
	}()
	waitLessonEnd(t, tmux, "=graceclose-close", map[string]string{
		"graceserver":           "received 5 bytes: data2\n$ echo $?\n141\n$",
		"graceclient 127.0.0.1": "close\n$ echo $?\n0\n$",
	})
	for _, text := range []string{"graceserver", "graceclient 127.0.0.1", "Ctrl-b d to detach, tmux kill-session -t graceclose-close to end"} {
		waitFor(t, "the terminal to show "+text, func() bool { return strings.Contains(screen.String(), text) }, screen.String)
	}
	if size := strings.TrimSpace(tmux("list-windows", "-t", "=graceclose-close", "-F", "#{window_width}x#{window_height}")); size != "160x39" {
		t.Errorf("the session's window: %s; want the terminal's 160x40 less the status line, 160x39", size)
	}

	switch leave {
	case "detach":
		if _, err := master.Write([]byte{0x02, 'd'}); err != nil {
			t.Fatal(err)
		}
	case "kill-session":
		tmux("kill-session", "-t", "=graceclose-close")
	default:
		tmux(leave)
	}
	var got result
	select {
	case got = <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("Run still running 10s after %s\n%s", leave, r.out)
	}
	if got.err != nil || got.res.Interrupted {
		t.Errorf("after %s: Run: %v, interrupted %v; want no error\n%s", leave, got.err, got.res != nil && got.res.Interrupted, r.out)
	}
	sessions := strings.TrimSpace(tmux("list-sessions", "-F", "#{session_name}"))
	if leave == "detach" {
		r.wantLines("the session is still there: tmux attach -t graceclose-close; to end it: tmux kill-session -t graceclose-close")
		if sessions != "graceclose-close" {
			t.Errorf("tmux sessions after detaching: %q; want graceclose-close", sessions)
		}
		tmux("kill-server")
	} else if sessions != "" || strings.Contains(r.out.String(), "tmux") {
		t.Errorf("after %s: sessions %q; want none, and not a word about tmux:\n%s", leave, sessions, r.out)
	}
	// The session was the learner's: tmux ends what ran in it, soon.
	waitFor(t, "the panes' processes to end", func() bool { return len(processesWith(r.mark)) == 0 },
		func() string { return strings.Join(processesWith(r.mark), "\n") })
}

// waitLessonEnd waits until target has the two panes, each titled as a
// key of want and its text ending with that key's value: the end of the
// lesson, typed while the learner watches.
func waitLessonEnd(t *testing.T, tmux func(...string) string, target string, want map[string]string) {
	t.Helper()
	var panes strings.Builder
	waitFor(t, "the panes to show the end of the lesson", func() bool {
		panes.Reset()
		ids := strings.Fields(tmux("list-panes", "-t", target, "-F", "#{pane_id}"))
		ok := len(ids) == len(want)
		for _, id := range ids {
			title := strings.TrimSpace(tmux("display-message", "-p", "-t", id, "#{pane_title}"))
			text := strings.TrimRight(tmux("capture-pane", "-p", "-t", id), "\n ")
			fmt.Fprintf(&panes, "pane %s, %q:\n%s\n", id, title, text)
			if w, known := want[title]; !known || !strings.HasSuffix(text, w) {
				ok = false
			}
		}
		return ok
	}, panes.String)
}

// waitFor polls cond for up to 30 s, and fails the test, with what show
// says, if it never holds.
func waitFor(t *testing.T, what string, cond func() bool, show func() string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 30s for %s:\n%s", what, show())
		}
		time.Sleep(20 * time.Millisecond) // a look, not a wait for readiness
	}
}

// TestAttachFails gives tmux a terminal it cannot use (TERM names no
// terminal it knows): Run must say tmux could not attach (ErrAttach), with
// the terminal's type, close the session it opened, and leave nothing.
func TestAttachFails(t *testing.T) {
	t.Parallel()
	r := newTestRun(t, "close", nil)
	_, slave := ptytest.Open(t, 40, 160)
	tmuxdir := t.TempDir()
	r.cfg.Mode, r.cfg.Dir, r.cfg.Terminal = Attach, "", slave
	r.cfg.Env = append(withoutVars(os.Environ(), "TMUX", "TMUX_PANE", "TERM", "TMUX_TMPDIR"),
		"TERM=no-such-terminal", "TMUX_TMPDIR="+tmuxdir, r.mark)
	socket := filepath.Join(tmuxdir, fmt.Sprintf("tmux-%d", os.Getuid()), "default")
	t.Cleanup(func() { _ = exec.Command(r.cfg.Tmux, "-S", socket, "kill-server").Run() })
	_, err := Run(context.Background(), r.cfg)
	if !errors.Is(err, ErrAttach) || !strings.Contains(err.Error(), "(TERM=no-such-terminal)") {
		t.Errorf("Run: %v; want %v (TERM=no-such-terminal)", err, ErrAttach)
	}
	out, _ := exec.Command(r.cfg.Tmux, "-S", socket, "list-sessions", "-F", "#{session_name}").Output()
	if len(out) > 0 {
		t.Errorf("sessions left: %q; want none", out)
	}
	// The learner's tmux server ends with its last session, soon after.
	waitFor(t, "the processes tmux started to end", func() bool { return len(processesWith(r.mark)) == 0 },
		func() string { return strings.Join(processesWith(r.mark), "\n") })
}
