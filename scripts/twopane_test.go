package scripts

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// needTmux skips the test, saying why, where tmux is not installed.
func needTmux(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux is not installed: scripts/twopane.sh needs it (apt-get install tmux; .ci/run installs it)")
	}
}

// TestTwoPane runs scripts/twopane.sh as go test runs it, without a
// terminal, with --sigpipe ignore and --keep: it must say it checks
// (--check), run the default experiment, close, in that mode's scenario in
// the panes of a private tmux server, give the verdict of that mode's
// transcripts, keep the panes' text, exit 0 and leave nothing behind: no
// process (the private tmux server included), no other file. Each
// experiment, the lesson's pace and Ctrl-C in the middle of the lesson are
// run in package twopane's tests; here, the script's own choices.
func TestTwoPane(t *testing.T) {
	needTmux(t)
	t.Parallel()
	r := start(t, "twopane.sh", "--fast", "--sigpipe", "ignore", "--keep")
	runTwoPane(t, r, 0, "(not run from a terminal: --check)\n",
		`verdict: close, -sigpipe ignore: server pane: "error write: Broken pipe (32)", exit 1; client pane: 0 of 2 replies, exit 0`+"\n",
		"  this is the transcript with -sigpipe ignore in both panes\n")
	_, kept, found := strings.Cut(r.out.String(), "logs kept in ")
	if !found {
		t.Fatalf("twopane.sh --keep: no \"logs kept in\"\n%s", r.out.String())
	}
	kept = strings.TrimSpace(strings.SplitN(kept, "\n", 2)[0])
	pane, err := os.ReadFile(filepath.Join(kept, "close-ignore", "server.pane"))
	if err != nil {
		t.Fatalf("twopane.sh --keep: %v", err)
	}
	if want := "error write: Broken pipe (32)\n$ echo $?\n1\n$\n"; !strings.HasSuffix(string(pane), want) {
		t.Errorf("twopane.sh --keep: server.pane = %q; want it to end with %q", pane, want)
	}
	r.checkNoFilesLeft(kept)
}

// TestTwoPanePortInUse gives twopane.sh a port another program listens on:
// the server cannot start, and the verdict must say that the panes are not
// the lesson's transcripts, at once, with exit status 1.
func TestTwoPanePortInUse(t *testing.T) {
	needTmux(t)
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	r := start(t, "twopane.sh", "close", "--fast", "--check", "--port", port)
	runTwoPane(t, r, 1, "  this differs from the lesson's transcript in both panes:\n", "the server ended early")
	r.checkNoFilesLeft()
}

// runTwoPane waits for a run of twopane.sh to end and checks its exit
// status, that its output holds each of want (a text ending in "\n" is a
// whole line), and that it left no process behind.
func runTwoPane(t *testing.T, r *run, status int, want ...string) {
	t.Helper()
	name := "twopane.sh " + strings.Join(r.cmd.Args[1:], " ")
	got := r.wait()
	out := r.out.String()
	if got != status {
		t.Errorf("%s: exit status %d; want %d\n%s", name, got, status, out)
	}
	for _, w := range want {
		if strings.HasSuffix(w, "\n") && !strings.Contains("\n"+out, "\n"+w) || !strings.Contains(out, w) {
			t.Errorf("%s: no %q\n%s", name, w, out)
		}
	}
	r.checkNothingLeftInTMPDIR()
}

// TestTwoPaneInterrupt presses Ctrl-C while twopane.sh --check types the
// server's command line into its pane, a key at a time as at the lesson's
// pace: the script must end at once with status 130 and take its tmux
// server, the panes' shells and the programs with it. (Package twopane's
// tests press it later in the lesson: while data1 is typed into the
// client, and while the server holds its reply.)
func TestTwoPaneInterrupt(t *testing.T) {
	needTmux(t)
	t.Parallel()
	r := start(t, "twopane.sh", "close", "--check")
	r.waitOutput("typing data1", time.Minute)
	_, command, _ := strings.Cut(r.out.String(), "server$ ")
	command, _, _ = strings.Cut(command, "\n")
	r.waitTyping("graceserver", "$ "+command) // the moment of the Ctrl-C
	r.interrupt(5 * time.Second)
	if !strings.Contains(r.out.String(), "interrupted: the panes above are what they showed until then") {
		t.Errorf("twopane.sh after Ctrl-C: no word of the interruption\n%s", r.out.String())
	}
	r.checkNoFilesLeft()
	r.checkNothingLeftInTMPDIR()
}

// checkServer returns the private tmux server of a run of twopane.sh
// --check, and whether it is up: the one on $TMPDIR/graceclose.XXXXXX/tmux.sock,
// or on /tmp/graceclose.XXXXXX/tmux.sock where that path is too long for a
// socket; of the servers there, the one started with the run's TMPDIR.
func (r *run) checkServer() (tmuxServer, bool) {
	near, _ := filepath.Glob(filepath.Join(r.tmpdir, "graceclose.*", "tmux.sock"))
	far, _ := filepath.Glob("/tmp/graceclose.*/tmux.sock")
	for _, socket := range append(near, far...) {
		s := tmuxServer{t: r.t, socket: socket}
		if s.run("show-environment", "-g", "TMPDIR") == "TMPDIR="+r.tmpdir+"\n" {
			return s, true
		}
	}
	return tmuxServer{}, false
}

// waitTyping waits until, in the pane titled title of twopane.sh
// --check, line is being typed: the pane's last line is the beginning of
// line, not all of it. It polls the panes.
func (r *run) waitTyping(title, line string) {
	r.t.Helper()
	deadline := time.Now().Add(time.Minute)
	seen := "no tmux server of the script's yet"
	for {
		if s, up := r.checkServer(); up {
			seen = "no pane " + title + " yet"
			// id and title (last: it may have a space; not tabs between:
			// without a UTF-8 locale tmux prints them as "_")
			for _, pane := range strings.Split(s.run("list-panes", "-a", "-F", "#{pane_id} #{pane_title}"), "\n") {
				id, paneTitle, _ := strings.Cut(pane, " ")
				if paneTitle != title {
					continue
				}
				text := strings.TrimRight(s.run("capture-pane", "-p", "-t", id), "\n ")
				lines := strings.Split(text, "\n")
				if last := strings.TrimRight(lines[len(lines)-1], " "); last != "" && last != line && strings.HasPrefix(line, last) {
					return
				}
				seen = fmt.Sprintf("the pane %s:\n%s", title, text)
			}
		}
		select {
		case <-r.done:
			r.t.Fatalf("%s ended before %q was typed: %v\n%s\nthe script printed:\n%s", r.name, line, r.err, seen, r.out.String())
		default:
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("%s: %q was not typed within a minute; %s\nthe script printed:\n%s", r.name, line, seen, r.out.String())
		}
		time.Sleep(10 * time.Millisecond) // a poll of the panes, not a wait for readiness
	}
}

// TestTwoPaneWithoutTmux runs twopane.sh where tmux is not installed: a
// PATH with every program of this one but tmux. It must say how to install
// tmux and exit 0, starting nothing.
func TestTwoPaneWithoutTmux(t *testing.T) {
	t.Parallel()
	bin := t.TempDir()
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if e.Name() == "tmux" {
				continue
			}
			// The first of a name on PATH, as the shell finds it.
			_ = os.Symlink(filepath.Join(dir, e.Name()), filepath.Join(bin, e.Name()))
		}
	}
	r := startWith(t, []string{"PATH=" + bin}, "twopane.sh", "close", "--fast")
	if status := r.wait(); status != 0 {
		t.Errorf("twopane.sh without tmux: exit status %d; want 0\n%s", status, r.out.String())
	}
	for _, want := range []string{"tmux is not installed", "apt-get install tmux", "brew install tmux"} {
		if !strings.Contains(r.out.String(), want) {
			t.Errorf("twopane.sh without tmux: no %q\n%s", want, r.out.String())
		}
	}
	if strings.Contains(r.out.String(), "go build") {
		t.Errorf("twopane.sh without tmux built the programs all the same:\n%s", r.out.String())
	}
	r.checkNoFilesLeft()
}

// tmuxServer is a tmux server of the test's own, on a private socket: the
// user's tmux is never touched.
type tmuxServer struct {
	t      *testing.T
	socket string
}

// run runs a tmux command on the server and returns its output ("" if it
// failed: the server may not be up yet).
func (s tmuxServer) run(args ...string) string {
	out, _ := exec.Command("tmux", append([]string{"-S", s.socket}, args...)...).Output()
	return string(out)
}

// waitLessonEnd waits until target (a session or a window) has the two panes
// twopane.sh opens, each titled as a key of want and its text ending with
// that key's value: the end of the lesson, typed while a person watches.
// shown is what the script printed, for the failure message.
func (s tmuxServer) waitLessonEnd(target string, want map[string]string, shown *output) {
	s.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		panes := strings.Fields(s.run("list-panes", "-t", target, "-F", "#{pane_id}"))
		ok := len(panes) == len(want)
		for _, pane := range panes {
			title := strings.TrimSpace(s.run("display-message", "-p", "-t", pane, "#{pane_title}"))
			text := strings.TrimRight(s.run("capture-pane", "-p", "-t", pane), "\n ")
			if w, known := want[title]; !known || !strings.HasSuffix(text, w) {
				ok = false
			}
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			var panes strings.Builder
			for _, pane := range strings.Fields(s.run("list-panes", "-a", "-F", "#{pane_id}")) {
				fmt.Fprintf(&panes, "pane %s, %q:\n%s\n", pane,
					strings.TrimSpace(s.run("display-message", "-p", "-t", pane, "#{pane_title}")),
					strings.TrimRight(s.run("capture-pane", "-p", "-t", pane), "\n "))
			}
			s.t.Fatalf("the panes of %s did not show the end of the lesson within a minute:\n%s\nthe script printed:\n%q",
				target, panes.String(), shown.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestTwoPaneInsideTmux runs twopane.sh as a learner does from a tmux pane
// (of the test's own tmux server): it must open a new window of that session
// with both panes titled, type the lesson into them, print how to leave and
// exit 0, leaving the window there for the learner.
func TestTwoPaneInsideTmux(t *testing.T) {
	needTmux(t)
	t.Parallel()
	dir := t.TempDir()
	r := &run{t: t, name: "twopane.sh", tmpdir: t.TempDir()}
	s := tmuxServer{t: t, socket: filepath.Join(dir, "tmux.sock")}
	t.Cleanup(func() { s.run("kill-server") })
	// The learner's pane stays once the script has ended; the shell there
	// writes down the script's exit status. (Not tmux's #{pane_dead_status}:
	// tmux 3.3a now and then leaves the pane's process a zombie, unreaped, and
	// never learns it.)
	conf := filepath.Join(dir, "tmux.conf")
	if err := os.WriteFile(conf, []byte("set -g remain-on-exit on\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	statusFile := filepath.Join(dir, "status")
	here, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("tmux", "-S", s.socket, "-f", conf, "new-session", "-d", "-s", "learner",
		"-x", "200", "-y", "50", "-c", here, "./twopane.sh shutdown --fast; echo $? >"+statusFile)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TMUX=") && !strings.HasPrefix(kv, "TMPDIR=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(append(cmd.Env, english()...), "TMPDIR="+r.tmpdir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}

	s.waitLessonEnd("=learner:graceclose-shutdown", map[string]string{
		"graceserver":           "client closed\n$ echo $?\n1\n$",
		"graceclient 127.0.0.1": "server terminated\n$ echo $?\n1\n$",
	}, &r.out)
	// The script's own pane: it ended with status 0 and said how to leave.
	deadline := time.Now().Add(10 * time.Second)
	for {
		status, err := os.ReadFile(statusFile)
		if err == nil && strings.HasSuffix(string(status), "\n") {
			if string(status) != "0\n" {
				t.Errorf("twopane.sh inside tmux: exit status %s; want 0", strings.TrimSpace(string(status)))
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("twopane.sh inside tmux: still running 10s after the lesson\n%s",
				s.run("capture-pane", "-p", "-t", "=learner:0"))
		}
		time.Sleep(50 * time.Millisecond)
	}
	shown := s.run("capture-pane", "-p", "-J", "-t", "=learner:0")
	if !strings.Contains(shown, "done: Ctrl-b & closes this window (tmux kill-window -t @") {
		t.Errorf("twopane.sh inside tmux: no hint on how to leave:\n%s", shown)
	}
	if windows := s.run("list-windows", "-t", "=learner", "-F", "#{window_name}"); !strings.Contains(windows, "graceclose-shutdown\n") {
		t.Errorf("twopane.sh inside tmux: its window is gone once it ended; windows: %q", windows)
	}
	s.run("kill-server")
	r.checkNoFilesLeft()
	r.checkNothingLeftInTMPDIR()
}

// checkNothingLeftInTMPDIR fails the test if a process still runs with the
// script's TMPDIR in its environment a moment after the script ended: what
// the script started outside its process group, as tmux's server, its panes'
// shells and the programs in them. Linux only (/proc).
func (r *run) checkNothingLeftInTMPDIR() {
	r.t.Helper()
	if _, err := os.Stat("/proc/self/environ"); err != nil {
		return
	}
	mark := []byte("\x00TMPDIR=" + r.tmpdir + "\x00")
	var left []string
	deadline := time.Now().Add(5 * time.Second)
	for {
		left = left[:0]
		paths, _ := filepath.Glob("/proc/[0-9]*/environ")
		for _, p := range paths {
			env, err := os.ReadFile(p)
			if err != nil || !bytes.Contains(append([]byte{0}, env...), mark) {
				continue
			}
			pid := filepath.Base(filepath.Dir(p))
			cmd, _ := os.ReadFile(filepath.Join("/proc", pid, "cmdline"))
			left = append(left, pid+" "+strings.TrimSpace(string(bytes.ReplaceAll(cmd, []byte{0}, []byte{' '}))))
		}
		if len(left) == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(left) > 0 {
		r.t.Errorf("%s: processes it started still run after it ended:\n%s\n%s", r.name, strings.Join(left, "\n"), r.out.String())
	}
}
