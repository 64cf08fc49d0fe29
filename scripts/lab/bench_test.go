package main

import (
	"context"
	"strings"
	"testing"

	"graceclose/common/proctest"
)

// TestBench runs bench.sh in-process on a few hundred lines, the Go pair
// compared with itself: exit 0, the verdict word for word, a ratio and the
// targets printed beside the medians.
func TestBench(t *testing.T) {
	t.Parallel()
	status, out, errs := runJob(t, context.Background(), "bench.sh", "--fast", "--lines", "300", "--idle", "0.1",
		"--compare-client", proctest.Client(t), "--compare-server", proctest.Server(t), "--compare-port-style", "flag")
	if status != exitOK {
		t.Fatalf("bench.sh: exit status %d; want 0\n%s%s", status, out, errs)
	}
	for _, line := range []string{
		"verdict: every byte came back, and both programs ended as expected, in every run",
		"  this is what the benchmark expects",
	} {
		if !hasLine(out, line) {
			t.Errorf("bench.sh: no line %q in\n%s", line, out)
		}
	}
	for _, want := range []string{"this/other  target", "other: ", "run 1  other"} {
		if !strings.Contains(out, want) {
			t.Errorf("bench.sh: no %q in\n%s", want, out)
		}
	}
}

// TestBenchFlags checks bench.sh's answers to command lines it does not
// take: one line on stderr, exit status 2; and to a program it cannot run:
// exit status 3.
func TestBenchFlags(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args   []string
		status int
		want   string
	}{
		{[]string{"--runs", "0"}, exitUsage, "bench.sh: --runs: not a positive whole number: 0 (see bench.sh -h)\n"},
		{[]string{"--lines=x"}, exitUsage, "bench.sh: --lines: not a positive whole number: x (see bench.sh -h)\n"},
		{[]string{"--idle", "-1"}, exitUsage, "bench.sh: --idle: not a number of seconds (up to 3600): -1 (see bench.sh -h)\n"},
		{[]string{"--port-style", "env:1X"}, exitUsage, "bench.sh: --port-style: not a variable name: 1X (see bench.sh -h)\n"},
		{[]string{"--port-style", "argv"}, exitUsage, "bench.sh: --port-style: want flag or env:NAME, not \"argv\" (see bench.sh -h)\n"},
		{[]string{"--compare-client", "c"}, exitUsage, "bench.sh: --compare-client and --compare-server go together (see bench.sh -h)\n"},
		{[]string{"--compare-port-style", "env:PORT"}, exitUsage, "bench.sh: --compare-port-style needs --compare-client and --compare-server (see bench.sh -h)\n"},
		{[]string{"--client", ""}, exitUsage, "bench.sh: --client: needs a path (see bench.sh -h)\n"},
		{[]string{"fast"}, exitUsage, "bench.sh: unknown argument: fast (see bench.sh -h)\n"},
		{[]string{"--client", "/nonexistent/c", "--server", "/nonexistent/s"}, exitCannotRun, "bench.sh: cannot run /nonexistent/c: not an executable file\n"},
		{[]string{"--compare-client", "no-such-program", "--compare-server", "x"}, exitCannotRun, "bench.sh: cannot run no-such-program: not found in PATH\n"},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			status, out, errs := runJob(t, context.Background(), "bench.sh", c.args...)
			if status != c.status || errs != c.want || (status == exitUsage && out != "") {
				t.Errorf("got status %d, stdout %q, stderr %q; want %d, %q", status, out, errs, c.status, c.want)
			}
		})
	}
}
