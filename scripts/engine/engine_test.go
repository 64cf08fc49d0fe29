package engine

import (
	"context"
	"fmt"
	"graceclose/scripts/kernel"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"graceclose/common/proctest"
	"graceclose/scripts/events"
	"graceclose/scripts/scenario"
)

// TestMain removes, after the tests, the tracing instances their runs kept
// for reuse.
func TestMain(m *testing.M) {
	proctest.MainWith(m, func() func() error { return kernel.RemoveIdle })
}

// testLab is a Lab with short delays, its programs built for the test.
func testLab(t *testing.T, params map[string]string) *Lab {
	t.Helper()
	client := proctest.Client(t)
	proctest.Server(t)
	p := map[string]string{"delay": testDelay(), "sleep": "200ms", "sigpipe": "default"}
	for k, v := range params {
		p[k] = v
	}
	// The kernel's events where the tests can read them: polling the
	// kernel's table costs milliseconds of CPU a read, every 5 ms, and the
	// tests run dozens at once. TestLessonScenarios polls.
	// Where they cannot (not root), the table is read every 20 ms, not 5.
	return &Lab{Bin: filepath.Dir(client), Shown: "build", Params: p, Pace: 20 * time.Millisecond, Bound: 10 * time.Second,
		Kernel: testKernel, Poll: 20 * time.Millisecond}
}

// testDelay is the server's delay in these tests: the suite's
// (GRACE_TEST_DELAY), and a second at least. These runs share the machine
// with the causal test's fifty, and on a loaded machine a line typed a few
// hundred milliseconds late is not late enough for the lab to tell: the
// reply then races the typed line, and the client may read it first.
func testDelay() string {
	delay := proctest.DelayArg()
	if d, err := time.ParseDuration(delay); err == nil && d < time.Second {
		return "1s"
	}
	return delay
}

// doubled is a duration twice as long: "500ms" is "1s".
func doubled(t *testing.T, d string) string {
	t.Helper()
	v, err := time.ParseDuration(d)
	if err != nil {
		t.Fatal(err)
	}
	return (2 * v).String()
}

func loadScenario(t *testing.T, name string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Load(filepath.Join("..", "scenarios", name+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestLessonScenarios runs the lesson's scenarios with the states read by
// polling the kernel's table, as a learner without root sees them (every
// 20 ms rather than 5: five runs at once polling every 5 ms keep a CPU
// busy). A run that typed a line too late for the scenario's order (the
// server's reply came first: a loaded machine) is tried once more with the
// server's delay doubled, as claims.sh does; the second run must hold.
func TestLessonScenarios(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"close", "close-ignore", "close-custom", "shutdown", "sigint"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var res *Result
			for _, delay := range []string{testDelay(), doubled(t, testDelay())} {
				lab := testLab(t, map[string]string{"delay": delay})
				lab.Kernel, lab.Poll = nil, 20*time.Millisecond
				var err error
				if res, err = lab.Run(context.Background(), loadScenario(t, name)); err != nil {
					t.Fatal(err)
				}
				if len(res.Late) == 0 {
					break
				}
				t.Logf("-delay %s: %s; once more", delay, res.Late[0])
			}
			if d := res.Differences(); len(d) > 0 {
				t.Errorf("%s differs from its scenario:\n%s", name, strings.Join(d, "\n"))
			}
		})
	}
}

// TestVerdictReadsWhatHappened runs the close experiment against a server
// that ignores SIGPIPE, and compares it with the lesson's transcript: the
// differences must say what the server did instead.
func TestVerdictReadsWhatHappened(t *testing.T) {
	t.Parallel()
	res, err := testLab(t, map[string]string{"sigpipe": "ignore"}).Run(context.Background(), loadScenario(t, "close"))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(res.Differences(), "\n")
	for _, want := range []string{
		`server stderr: got "error write: Broken pipe (32)"; want ""`,
		`server exit status: got "1"; want "141"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("differences: no %q in\n%s", want, got)
		}
	}
}

// TestLate runs the close experiment with a server that answers at once:
// close is then typed after the first reply, which the scenario expects only
// after it, and the run must say so.
func TestLate(t *testing.T) {
	t.Parallel()
	res, err := testLab(t, map[string]string{"delay": "0"}).Run(context.Background(), loadScenario(t, "close"))
	if err != nil {
		t.Fatal(err)
	}
	want := `"close" was typed after the server printed "send bytes: 9 ", which the scenario expects only after it`
	if !slices.Contains(res.Late, want) {
		t.Errorf("Late = %q; want it to hold %q", res.Late, want)
	}
}

// parseScenario reads a scenario written in the test.
func parseScenario(t *testing.T, text string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Parse(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	sc.Name = t.Name()
	return sc
}

// TestLineNeverPrinted expects a reply the client never prints, since it
// closes first: the run must stop at once when the client has ended, say
// which line did not come, and not wait for the bound.
func TestLineNeverPrinted(t *testing.T) {
	t.Parallel()
	sc := parseScenario(t, `
server $ graceserver -addr {host} -port {port} -delay {delay}
client $ graceclient -port {port} -sleep 0 {host}
client > close
client | Hi, data1
client > data2
`)
	lab := testLab(t, nil)
	lab.Bound = time.Minute
	start := time.Now()
	res, err := lab.Run(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	want := `the client did not print "Hi, data1" (it ended: exit 0)`
	if res.Failed != want {
		t.Errorf("Failed = %q; want %q", res.Failed, want)
	}
	if typed := countKind(res, "typed"); typed != 1 {
		t.Errorf("%d lines typed; want 1 (nothing after the step that failed)", typed)
	}
	if took := time.Since(start); took >= lab.Bound {
		t.Errorf("the run took %v: it waited for the bound", took)
	}
}

func countKind(res *Result, kind string) int {
	n := 0
	for _, e := range res.Events {
		if e.Kind.String() == kind {
			n++
		}
	}
	return n
}

// TestInterrupt cancels a run at the lesson's pace once the server has
// read data1, as Ctrl-C does: the run must end at once, with what happened
// until then, and no program left running.
func TestInterrupt(t *testing.T) {
	t.Parallel()
	lab := testLab(t, map[string]string{"delay": "1h"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	lab.Progress = func(e events.Event) {
		if e.Kind == events.Printed && e.Who == "server" && e.Text == "received 5 bytes: data1" {
			cancel()
		}
	}
	res, err := lab.Run(ctx, loadScenario(t, "close"))
	if err != nil {
		t.Fatal(err)
	}
	if !res.Interrupted {
		t.Fatalf("Interrupted = false; want true (differences: %q)", res.Differences())
	}
	for _, o := range res.Programs {
		if o.Ending != "stopped by the lab" {
			t.Errorf("%s: %s; want stopped by the lab", o.Name, o.Ending)
		}
		if err := syscall.Kill(o.Pid, 0); err != syscall.ESRCH {
			t.Errorf("%s (pid %d) is still there: kill -0 says %v", o.Name, o.Pid, err)
		}
	}
}

// TestPortInUse runs a scenario on a port another program listens on: the
// run must not start, and say why in one line.
func TestPortInUse(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	lab := testLab(t, nil)
	lab.Port = l.Addr().(*net.TCPAddr).Port
	_, err = lab.Run(context.Background(), loadScenario(t, "close"))
	want := fmt.Sprintf("port %d is in use (by another program, or a connection in TIME_WAIT from an earlier run): pick another --port, or leave it out", lab.Port)
	if err == nil || err.Error() != want {
		t.Errorf("Run: got %v; want %q", err, want)
	}
}

// TestLogsListening: the server's event log, as graceserver writes it
// (recorded), says when its listen() returned 0; a log without it, or cut
// in the middle of a line, does not yet.
func TestLogsListening(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		log  string
		want bool
	}{
		{"26433296435432 start 5692 graceserver\n26433296803871 return listen 3 0 LISTEN\n26433296844519 call accept 3 \"\"\n", true},
		{"26433296435432 start 5692 graceserver\n26433296803871 return listen 3 EADDRINUSE -\n", false},
		{"26433296435432 start 5692 graceserver\n26433296803871 return lis", false},
		{"", false},
	} {
		path := filepath.Join(dir, "server.events")
		if err := os.WriteFile(path, []byte(tc.log), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := logsListening(path); got != tc.want {
			t.Errorf("logsListening(%q) = %v; want %v", tc.log, got, tc.want)
		}
	}
	if logsListening(filepath.Join(dir, "none.events")) {
		t.Error("logsListening of a missing log = true; want false")
	}
}
