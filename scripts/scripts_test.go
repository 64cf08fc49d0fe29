// Package scripts has no Go code of its own: its tests run the shell scripts
// in this folder as a learner would, so that go test ./... checks them too.
// Every script but lib.sh must pass with --fast; the scripts pick their own
// free ports, so the tests run in parallel.
package scripts

import (
	"context"
	"errors"
	"fmt"
	"graceclose/common/proctest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// scriptTimeout bounds one run of a script; with --fast each takes seconds.
const scriptTimeout = 3 * time.Minute

// wantLines are lines a script's --fast output must have: the verdicts of the
// lesson's experiments, word for word. A script not listed must exit 0.
var wantLines = map[string][]string{
	"close.sh": {
		"verdict: close: client received 0 of 2 replies; server killed by SIGPIPE (status 141)",
		"  this is the lesson's outcome",
	},
	"bench.sh": {
		"verdict: every byte came back, and both programs ended as expected, in every run",
	},
}

// ownTest names the scripts that TestScriptsFast leaves to a test of their
// own, and that test.
var ownTest = map[string]string{
	"twopane.sh": "TestTwoPane", // needs tmux: skipped, with the reason, where it is missing
	// The lesson's scripts: their experiments run in-process, in parallel
	// and quicker than --fast (lab/lab_test.go); close.sh runs here too,
	// through bash, end to end, building the lab and the programs as a
	// learner's first run does.
	"demo.sh":     "lab.TestLessonScripts",
	"shutdown.sh": "lab.TestLessonScripts",
	"sigpipe.sh":  "lab.TestLessonScripts",
	"sigint.sh":   "lab.TestLessonScripts",
	"claims.sh":   "lab.TestClaims",
	"wire.sh":     "lab.TestWire",
	"link.sh":     "lab.TestLink",
}

// scripts returns the runnable scripts of this folder: every *.sh but the
// library.
func scripts(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob("*.sh")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range paths {
		if p != "lib.sh" && p != "legacy-lib.sh" {
			names = append(names, p)
		}
	}
	for name := range wantLines {
		if !contains(names, name) {
			t.Errorf("script %s is missing", name)
		}
	}
	return names
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// output collects what a script prints, safe to read while it runs.
type output struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (o *output) Write(p []byte) (int, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.Write(p)
}

func (o *output) String() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// run is one run of a script: started in a process group of its own (so that
// what it leaves behind can be found, and a Ctrl-C sent to all of it), with a
// fresh TMPDIR (so that what it leaves there can be found too).
type run struct {
	t      *testing.T
	name   string
	cmd    *exec.Cmd
	out    output // stdout and stderr together, as a terminal shows them
	tmpdir string
	ctx    context.Context
	done   chan struct{} // closed when the script has ended
	err    error         // what Wait returned, once done
}

func start(t *testing.T, name string, args ...string) *run {
	t.Helper()
	return startWith(t, nil, name, args...)
}

// startWith is start with env added to the script's environment (a later
// value of a variable wins).
func startWith(t *testing.T, env []string, name string, args ...string) *run {
	t.Helper()
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	r := &run{t: t, name: name, tmpdir: t.TempDir()}
	ctx, cancel := context.WithTimeout(context.Background(), scriptTimeout)
	t.Cleanup(cancel)
	r.ctx = ctx
	path := "./" + name
	if filepath.IsAbs(name) {
		path, r.name = name, filepath.Base(name)
	}
	r.cmd = exec.CommandContext(ctx, path, args...)
	r.cmd.Env = append(append(append(os.Environ(), "TMPDIR="+r.tmpdir), english()...), env...)
	r.cmd.Stdout = &r.out
	r.cmd.Stderr = &r.out
	r.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// At the deadline, end the script and everything it started.
	r.cmd.Cancel = func() error { return syscall.Kill(-r.cmd.Process.Pid, syscall.SIGKILL) }
	// A process that outlives the script holding its output open.
	r.cmd.WaitDelay = 10 * time.Second
	if err := r.cmd.Start(); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	r.done = make(chan struct{})
	go func() {
		r.err = r.cmd.Wait()
		close(r.done)
	}()
	return r
}

// english is what the scripts' environment adds, unless a test says
// otherwise, so that they speak English whatever the locale the tests run
// in (the tests compare their lines word for word): the messages' locale
// C, the character set as it was.
func english() []string {
	env := []string{"LC_MESSAGES=C"}
	if all := os.Getenv("LC_ALL"); all != "" {
		env = append(env, "LC_ALL=", "LC_CTYPE="+all)
	}
	return env
}

// wait waits for the script to end and returns its exit status. It fails the
// test if the script ran out of time or left a process or a file behind.
func (r *run) wait() int {
	r.t.Helper()
	<-r.done
	if r.ctx.Err() != nil {
		r.t.Fatalf("%s: still running after %s\n%s", r.name, scriptTimeout, r.out.String())
	}
	if errors.Is(r.err, exec.ErrWaitDelay) {
		r.t.Errorf("%s: a process it started kept its output open after it ended\n%s", r.name, r.out.String())
	}
	r.checkNoProcessLeft(r.cmd.Process.Pid)
	return r.cmd.ProcessState.ExitCode()
}

// checkNoProcessLeft fails the test if a process of the script's group is
// still running a moment after the script ended, and kills it.
func (r *run) checkNoProcessLeft(pgid int) {
	r.t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for syscall.Kill(-pgid, 0) == nil {
		if time.Now().After(deadline) {
			_ = syscall.Kill(-pgid, syscall.SIGKILL)
			r.t.Errorf("%s: processes it started are still running after it ended\n%s", r.name, r.out.String())
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// checkNoFilesLeft fails the test if the script left anything in its TMPDIR
// other than the paths in keep.
func (r *run) checkNoFilesLeft(keep ...string) {
	r.t.Helper()
	entries, err := os.ReadDir(r.tmpdir)
	if err != nil {
		r.t.Fatal(err)
	}
	for _, e := range entries {
		if !contains(keep, filepath.Join(r.tmpdir, e.Name())) {
			r.t.Errorf("%s: left %s in TMPDIR", r.name, e.Name())
		}
	}
}

// waitOutput waits until the script has printed text.
func (r *run) waitOutput(text string, timeout time.Duration) {
	r.t.Helper()
	deadline := time.Now().Add(timeout)
	for !strings.Contains(r.out.String(), text) {
		select {
		case <-r.done:
			r.t.Fatalf("%s ended before printing %q: %v\n%s", r.name, text, r.err, r.out.String())
		default:
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("%s: no %q within %s\n%s", r.name, text, timeout, r.out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestScriptsFast runs every script with --fast, as the tests of the lesson's
// experiments: each must exit 0, say the lesson's verdicts and leave nothing
// running and nothing in TMPDIR.
func TestScriptsFast(t *testing.T) {
	t.Parallel()
	for _, name := range scripts(t) {
		t.Run(name, func(t *testing.T) {
			if test, ok := ownTest[name]; ok {
				t.Skipf("%s runs %s", test, name)
			}
			t.Parallel()
			var env []string
			if name == "close.sh" {
				// As a learner runs it: the script builds the lab, the
				// lab the programs.
				env = []string{"GRACECLOSE_LAB=", "GRACECLOSE_BIN="}
			}
			r := startWith(t, env, name, "--fast")
			if status := r.wait(); status != 0 {
				t.Fatalf("%s --fast: exit status %d; want 0\n%s", name, status, r.out.String())
			}
			got := r.out.String()
			for _, line := range wantLines[name] {
				if !strings.Contains("\n"+got+"\n", "\n"+line+"\n") {
					t.Errorf("%s --fast: no line %q\n%s", name, line, got)
				}
			}
			r.checkNoFilesLeft()
		})
	}
}

// TestUsage checks every script's -h (its header comment, exit 0) and its
// answer to an unknown flag (one line, exit 2). Neither builds anything.
func TestUsage(t *testing.T) {
	t.Parallel()
	for _, name := range scripts(t) {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := start(t, name, "-h")
			if status := r.wait(); status != 0 {
				t.Errorf("%s -h: exit status %d; want 0\n%s", name, status, r.out.String())
			}
			help := r.out.String()
			for _, want := range []string{name + ": ", "usage: scripts/" + name, "--fast", "--port N", "--keep", "exit status"} {
				if !strings.Contains(help, want) {
					t.Errorf("%s -h: no %q in\n%s", name, want, help)
				}
			}

			r = start(t, name, "--no-such-flag")
			if status := r.wait(); status != 2 {
				t.Errorf("%s --no-such-flag: exit status %d; want 2", name, status)
			}
			want := fmt.Sprintf("%s: unknown flag: --no-such-flag (see %s -h)\n", name, name)
			if got := r.out.String(); got != want {
				t.Errorf("%s --no-such-flag: got %q; want %q", name, got, want)
			}
		})
	}
}

// TestUsageInChinese runs close.sh -h through bash under a Chinese locale,
// as a learner in China would: the usage in Chinese, exit 0; and an
// unknown flag, one line in Chinese, exit 2.
func TestUsageInChinese(t *testing.T) {
	t.Parallel()
	chinese := []string{"LC_ALL=", "LC_MESSAGES=", "LANG=zh_CN.UTF-8"}
	r := startWith(t, chinese, "close.sh", "-h")
	if status := r.wait(); status != 0 {
		t.Errorf("LANG=zh_CN.UTF-8 close.sh -h: exit status %d; want 0\n%s", status, r.out.String())
	}
	help := r.out.String()
	for _, want := range []string{"close.sh：用一条命令做课程的第一个实验。", "用法：scripts/close.sh [--fast] [--port N] [--keep] [--sigpipe MODE]",
		"--sigpipe MODE  以 -sigpipe MODE", "退出状态：0 与课程的结局一致"} {
		if !strings.Contains(help, want) {
			t.Errorf("LANG=zh_CN.UTF-8 close.sh -h: no %q in\n%s", want, help)
		}
	}
	if strings.Contains(help, "usage:") {
		t.Errorf("LANG=zh_CN.UTF-8 close.sh -h: the English usage in\n%s", help)
	}

	r = startWith(t, chinese, "close.sh", "--no-such-flag")
	if status := r.wait(); status != 2 {
		t.Errorf("LANG=zh_CN.UTF-8 close.sh --no-such-flag: exit status %d; want 2", status)
	}
	if got, want := r.out.String(), "close.sh：未知的选项：--no-such-flag（见 close.sh -h）\n"; got != want {
		t.Errorf("LANG=zh_CN.UTF-8 close.sh --no-such-flag: got %q; want %q", got, want)
	}
}

// TestInterrupt presses Ctrl-C (SIGINT to the script's process group, as a
// terminal does) at several moments of the close experiment at the lesson's
// pace, from the typing of data1 to the wait for the first reply: each time
// the script must end at once with status 130, and stop everything it
// started and remove its logs.
func TestInterrupt(t *testing.T) {
	t.Parallel()
	for _, after := range []time.Duration{0, 700 * time.Millisecond, 1500 * time.Millisecond} {
		t.Run(after.String(), func(t *testing.T) {
			t.Parallel()
			r := start(t, "close.sh")
			r.waitOutput("then type data1", time.Minute)
			time.Sleep(after) // the moment of the Ctrl-C, not a wait for readiness
			r.interrupt(5 * time.Second)
			r.checkNoFilesLeft()
		})
	}
}

// interrupt presses Ctrl-C and checks that the script ends within bound with
// status 130 and says nothing about its trap (bash prints "interrupt trap:
// ..." when it cannot run it, and then carries on).
func (r *run) interrupt(bound time.Duration) {
	r.t.Helper()
	r.interruptQuietly(bound)
	if strings.Contains(r.out.String(), "trap") {
		r.t.Errorf("%s: bash could not run the Ctrl-C trap\n%s", r.name, r.out.String())
	}
}

// interruptQuietly is interrupt, whatever the script says.
func (r *run) interruptQuietly(bound time.Duration) {
	r.t.Helper()
	pressed := time.Now()
	if err := syscall.Kill(-r.cmd.Process.Pid, syscall.SIGINT); err != nil {
		r.t.Fatal(err)
	}
	select {
	case <-r.done:
	case <-time.After(bound):
		r.t.Errorf("%s: still running %s after Ctrl-C\n%s", r.name, bound, r.out.String())
		_ = syscall.Kill(-r.cmd.Process.Pid, syscall.SIGKILL)
	}
	if status := r.wait(); status != 130 {
		r.t.Errorf("%s after Ctrl-C: exit status %d; want 130\n%s", r.name, status, r.out.String())
	}
	if took := time.Since(pressed); took > bound {
		r.t.Errorf("%s took %s to end after Ctrl-C; want at once", r.name, took)
	}
}

// TestShellStaysShort: the scripts are recipes a learner reads; the
// machinery is the lab's, in Go. All the shell here stays under 800 lines,
// with no perl, no FIFOs and no watchdogs.
func TestShellStaysShort(t *testing.T) {
	paths, err := filepath.Glob("*.sh")
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, p := range paths {
		text, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		total += strings.Count(string(text), "\n")
		for _, word := range []string{"perl", "mkfifo", "watchdog"} {
			if p != "legacy-lib.sh" && strings.Contains(string(text), word) {
				t.Errorf("%s mentions %s", p, word)
			}
		}
	}
	if total > 800 {
		t.Errorf("the shell scripts here have %d lines in all; want 800 at most", total)
	}
}

// TestMain runs the tests up to sixteen at a time rather than one per CPU
// (proctest.Parallel): they spend their time waiting for the experiments,
// not computing. The scripts get the lab and the programs built once,
// here (GRACECLOSE_LAB, GRACECLOSE_BIN), rather than a go build each:
// close.sh's run in TestScriptsFast alone builds them as a learner's does.
func TestMain(m *testing.M) {
	proctest.MainWith(m, func() func() error {
		dir, err := os.MkdirTemp("", "graceclose-lab-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		build := exec.Command("go", "build", "-o", dir+"/", "./lab", "../graceclient", "../graceserver")
		if out, err := build.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
			os.Exit(2)
		}
		os.Setenv("GRACECLOSE_LAB", filepath.Join(dir, "lab"))
		os.Setenv("GRACECLOSE_BIN", dir)
		return func() error { return os.RemoveAll(dir) }
	})
}
