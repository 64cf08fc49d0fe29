package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"graceclose/common/proctest"
	"graceclose/scripts/capture"
	"graceclose/scripts/kernel"
	"graceclose/scripts/lang"
)

// TestMain removes, after the tests, the tracing instances their runs kept
// for reuse, and checks that no run left a host behind (a namespace, a
// link, an nftables table of this process): here, once every test has
// ended, as link.sh's and claims.sh's runs of two hosts overlap.
func TestMain(m *testing.M) {
	proctest.MainWith(m, func() func() error {
		return func() error {
			err := kernel.RemoveIdle()
			left, lerr := ours()
			if lerr != nil {
				return errors.Join(err, lerr)
			}
			if len(left) > 0 {
				err = errors.Join(err, fmt.Errorf("left behind: %q", left))
			}
			return err
		}
	})
}

// testPace is the pace of the experiments in the tests: the lesson's
// order of events, quicker still than --fast.
var testPace = timing{delay: proctest.DelayArg(), sleep: "200ms", pace: 20 * time.Millisecond, bound: 15 * time.Second}

// output collects what a job prints, safe to read while it runs.
type output struct {
	mu  sync.Mutex
	buf bytes.Buffer
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

// runJob runs a script's job in the test, with the programs built for the
// tests and the tests' pace, and returns its status, stdout and stderr.
func runJob(t *testing.T, ctx context.Context, script string, args ...string) (int, string, string) {
	t.Helper()
	return runJobCtx(t, ctx, nil, script, args...)
}

// runJobWith is runJob with the job set up by setup first.
func runJobWith(t *testing.T, setup func(*job), script string, args ...string) (int, string, string) {
	t.Helper()
	return runJobCtx(t, context.Background(), setup, script, args...)
}

func runJobCtx(t *testing.T, ctx context.Context, setup func(*job), script string, args ...string) (int, string, string) {
	t.Helper()
	client := proctest.Client(t)
	proctest.Server(t)
	var stdout, stderr output
	j := newJob(filepath.Join("..", script), &stdout, &stderr)
	j.bin, j.tmp = filepath.Dir(client), t.TempDir()
	// English, whatever the locale the tests run in: they compare the
	// lines word for word (a test of the Chinese sets j.lang in setup).
	j.lang = lang.English
	pace := testPace
	j.paceFor = &pace
	// No capture unless the test looks at the packets (withCapture): a
	// capture per run costs a tcpdump and its quarter-second wait.
	j.captureChecked, j.captureWhy = true, "the test does not look at the packets"
	if setup != nil {
		setup(j)
	}
	status := j.run(ctx, args)
	return status, stdout.String(), stderr.String()
}

// hasLine reports whether text has line as a whole line.
func hasLine(text, line string) bool {
	return strings.Contains("\n"+text+"\n", "\n"+line+"\n")
}

// lessonVerdicts are the lines each lesson script must print when the
// experiments end as in the lesson, word for word.
var lessonVerdicts = map[string][]string{
	"demo.sh": {
		"close: client received 0 of 2 replies; server killed by SIGPIPE (status 141)",
		"shutdown: client received 2 of 2 replies; server saw EOF and both sides closed",
	},
	"close.sh": {
		"verdict: close: client received 0 of 2 replies; server killed by SIGPIPE (status 141)",
		"  this is the lesson's outcome",
	},
	"shutdown.sh": {
		"verdict: shutdown: client received 2 of 2 replies; server saw EOF and both sides closed",
		"  this is the lesson's outcome",
	},
	"sigpipe.sh": {
		"verdict: close: client received 0 of 2 replies; server killed by SIGPIPE (status 141)",
		`verdict: close, -sigpipe ignore: client received 0 of 2 replies; server exited 1 after "error write: Broken pipe (32)"`,
		`verdict: close, -sigpipe custom: client received 0 of 2 replies; server printed "received 2 datagrams" and exited 0`,
		"default   killed by SIGPIPE (status 141)    received 5 bytes: data2         yes",
		"ignore    exit 1                            error write: Broken pipe (32)   yes",
		"custom    exit 0                            received 2 datagrams            yes",
	},
	"sigint.sh": {
		`verdict: sigint: server printed "received 2 datagrams" and exited 0; client received 1 of 2 replies and exited 1 after "server terminated"`,
		"  this is the lesson's outcome",
	},
}

// TestLessonScripts runs each of the lesson's scripts: each must exit 0 with
// the lesson's verdicts.
func TestLessonScripts(t *testing.T) {
	t.Parallel()
	for script, want := range lessonVerdicts {
		t.Run(script, func(t *testing.T) {
			t.Parallel()
			status, out, errs := runJob(t, context.Background(), script)
			if status != exitOK {
				t.Errorf("%s: exit status %d; want 0\n%s%s", script, status, out, errs)
			}
			for _, line := range want {
				if !hasLine(out, line) {
					t.Errorf("%s: no line %q in\n%s", script, line, out)
				}
			}
		})
	}
}

// TestTypedLate gives the server no delay, as when a person types close
// (or shutdown) after the first reply: the run differs from the lesson,
// and the verdict must say why (the line is needed before the first reply)
// and what to do.
func TestTypedLate(t *testing.T) {
	t.Parallel()
	for script, why := range map[string]string{
		"close.sh":    "  the lesson's outcome needs close typed before the server's first reply, within its -delay: a reply that comes first is read and printed while the socket is still open, and only the next one meets the closed socket; type sooner, or give the server a longer -delay",
		"shutdown.sh": "  the lesson's order needs shutdown typed before the server's first reply, within its -delay: the replies are read either way, but the server reads its EOF later; type sooner, or give the server a longer -delay",
	} {
		t.Run(script, func(t *testing.T) {
			t.Parallel()
			status, out, _ := runJobWith(t, func(j *job) {
				pace := testPace
				pace.delay = "0s"
				j.paceFor = &pace
			}, script)
			if status != exitDiffers {
				t.Errorf("%s, the server without delay: exit status %d; want 1\n%s", script, status, out)
			}
			for _, want := range []string{"  this differs from the lesson's outcome:", why} {
				if !hasLine(out, want) {
					t.Errorf("%s, the server without delay: no line %q in\n%s", script, want, out)
				}
			}
		})
	}
}

// TestCloseVerdictReadsOutcome runs the close experiment against a server
// that ignores SIGPIPE: the verdict must say what happened instead, and the
// status be 1. With --keep, the logs are left, in their folder.
func TestCloseVerdictReadsOutcome(t *testing.T) {
	t.Parallel()
	status, out, _ := runJob(t, context.Background(), "close.sh", "--sigpipe", "ignore", "--keep")
	if status != exitDiffers {
		t.Errorf("close.sh --sigpipe ignore: exit status %d; want 1\n%s", status, out)
	}
	for _, line := range []string{
		`verdict: close, -sigpipe ignore: client received 0 of 2 replies; server exited 1 after "error write: Broken pipe (32)"`,
		"  this differs from the lesson's outcome:",
		`  server exit status: got "1"; want "141"`,
		`  server stderr: got "error write: Broken pipe (32)"; want ""`,
	} {
		if !hasLine(out, line) {
			t.Errorf("close.sh --sigpipe ignore: no line %q in\n%s", line, out)
		}
	}
	log, err := os.ReadFile(filepath.Join(keptIn(t, out), "close-ignore", "server.stderr"))
	if err != nil {
		t.Fatalf("close.sh --keep: %v", err)
	}
	if string(log) != "error write: Broken pipe (32)\n" {
		t.Errorf("close.sh --keep: server.stderr = %q; want \"error write: Broken pipe (32)\\n\"", log)
	}
}

// TestFlags checks the answers to command lines a script does not take:
// one line on stderr, exit status 2, nothing run.
func TestFlags(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		script string
		args   []string
		want   string
	}{
		{"close.sh", []string{"--no-such-flag"}, "close.sh: unknown flag: --no-such-flag (see close.sh -h)\n"},
		{"close.sh", []string{"--port"}, "close.sh: --port needs a port number (see close.sh -h)\n"},
		{"close.sh", []string{"--port", "70000"}, "close.sh: --port: not a port number: 70000 (see close.sh -h)\n"},
		{"close.sh", []string{"--sigpipe=loud"}, "close.sh: --sigpipe: want default, ignore or custom, not \"loud\" (see close.sh -h)\n"},
		{"close.sh", []string{"--fast=yes"}, "close.sh: --fast takes no value (see close.sh -h)\n"},
		{"shutdown.sh", []string{"now"}, "shutdown.sh: unknown argument: now (see shutdown.sh -h)\n"},
		{"claims.sh", []string{"close-all"}, "claims.sh: unknown experiment: close-all: want one of: lesson-close lesson-shutdown close-idle close-unread abort exit dupclose dup-shutdown shut-rd shut-rdwr half-close close-wait accept-queue close-nosignal abort-after-fins lost-fin lost-rst linger-cut (see claims.sh -h)\n"},
		{"wire.sh", []string{"closed"}, "wire.sh: unknown experiment: closed: want close or shutdown (see wire.sh -h)\n"},
		{"link.sh", []string{"flood"}, "link.sh: unknown scenario: flood: want one of: lesson lost-fin lost-rst cable-cut vanished simultaneous (see link.sh -h)\n"},
	} {
		t.Run(c.script+" "+strings.Join(c.args, " "), func(t *testing.T) {
			status, out, errs := runJob(t, context.Background(), c.script, c.args...)
			if status != exitUsage || out != "" || errs != c.want {
				t.Errorf("got status %d, stdout %q, stderr %q; want 2, \"\", %q", status, out, errs, c.want)
			}
		})
	}
}

// TestHelp checks that -h prints the script's own header: its usage.
func TestHelp(t *testing.T) {
	t.Parallel()
	status, out, _ := runJob(t, context.Background(), "close.sh", "-h")
	if status != exitOK || !strings.HasPrefix(out, "close.sh: the lesson's first experiment") || !strings.Contains(out, "usage: scripts/close.sh") {
		t.Errorf("close.sh -h: status %d, output\n%s", status, out)
	}
}

// TestInterrupted ends a job in the middle of an experiment, as Ctrl-C
// does: it must print what happened until then and end as interrupted.
func TestInterrupted(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		time.Sleep(300 * time.Millisecond) // the moment of the Ctrl-C, not a wait for readiness
		cancel()
	}()
	status, out, _ := runJob(t, ctx, "close.sh")
	if status != exitInterrupted {
		t.Errorf("close.sh interrupted: exit status %d; want 130\n%s", status, out)
	}
	if !hasLine(out, "interrupted: the timeline above is what happened until then") {
		t.Errorf("close.sh interrupted: no word of it in\n%s", out)
	}
}

// withCapture lets the job capture packets where it can (root, tcpdump).
func withCapture(j *job) { j.captureChecked, j.captureWhy = false, "" }

// keptIn is the folder a run with --keep says it kept its logs in.
func keptIn(t *testing.T, out string) string {
	t.Helper()
	_, kept, found := strings.Cut(out, "logs kept in ")
	if !found {
		t.Fatalf("--keep: no \"logs kept in\"\n%s", out)
	}
	return strings.TrimSpace(strings.SplitN(kept, "\n", 2)[0])
}

// TestKeepLeavesPcap: as root with tcpdump, close.sh --keep leaves the run's
// capture beside its logs, a file tcpdump -r (and so Wireshark) reads: the
// client's FIN, the reply, and the RST that answered it.
func TestKeepLeavesPcap(t *testing.T) {
	if ok, why := capture.Available(capture.LoopbackInterface()); !ok {
		t.Skipf("no capture here: %s", why)
	}
	t.Parallel()
	status, out, _ := runJobWith(t, withCapture, "close.sh", "--keep")
	if status != exitOK {
		t.Fatalf("close.sh --keep: exit status %d; want 0\n%s", status, out)
	}
	pcap := filepath.Join(keptIn(t, out), "close", "capture.pcap")
	read, err := exec.Command("tcpdump", "-r", pcap, "-nn").CombinedOutput()
	if err != nil {
		t.Fatalf("tcpdump -r %s: %v\n%s", pcap, err, read)
	}
	for _, want := range []string{"Flags [F.]", "Flags [P.]", "Flags [R]"} {
		if !strings.Contains(string(read), want) {
			t.Errorf("tcpdump -r %s: no %q in\n%s", pcap, want, read)
		}
	}
}
