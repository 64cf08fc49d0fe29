package bench

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"graceclose/common/proctest"
	"graceclose/scripts/lang"
)

func TestMain(m *testing.M) { proctest.Main(m) }

// goPair is the Go programs built for the tests, named name.
func goPair(t *testing.T, name string) Pair {
	return Pair{Name: name, Client: proctest.Client(t), Server: proctest.Server(t)}
}

// small is a bench of the pairs at a few hundred lines, once each. Run
// prints from its own goroutine only: out is read once it has returned.
func small(t *testing.T, out *strings.Builder, pairs ...Pair) Options {
	return Options{Pairs: pairs, Runs: 1, Lines: []int{300}, Memory: [2]int{300, 3000},
		Idle: 100 * time.Millisecond, Dir: t.TempDir(), Out: out}
}

// figures are the report's figures by measure and pair.
func figures(r *Report) map[string]bool {
	seen := map[string]bool{}
	for _, f := range r.Figures {
		seen[f.Measure+" / "+f.Pair] = f.Runs > 0 && f.Median > 0
	}
	return seen
}

// TestCompare runs every measurement (the long run excepted) on the Go
// pair and, as the second pair, the same programs: the runs alternate, the
// ratios and targets are printed, every check passes, and nothing is left
// in the folder.
func TestCompare(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	o := small(t, &out, goPair(t, "this"), goPair(t, "other"))
	report, err := Run(context.Background(), o)
	if err != nil {
		t.Fatalf("got error %v; want none\n%s", err, out.String())
	}
	if len(report.Failed) != 0 {
		t.Errorf("got failed checks %q; want none\n%s", report.Failed, out.String())
	}
	text := out.String()
	for _, want := range []string{
		"each program's stdout on a pseudo-terminal the lab drains as a terminal would",
		"the pairs alternating run by run",
		"this/other  target",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in the output\n%s", want, text)
		}
	}
	// Run by run, this then other.
	for _, section := range strings.Split(text, "\n===")[1:6] {
		if i, j := strings.Index(section, "run 1  this"), strings.Index(section, "run 1  other"); i < 0 || j < i {
			t.Errorf("got a section without this's run then other's; want both, in that order\n%s", section)
		}
	}
	seen := figures(report)
	for _, measure := range []string{
		"throughput, files, 300 lines", "throughput, pty, 300 lines",
		"peak memory, client, 300 lines", "peak memory, server, 3000 lines",
		"peak memory, client, 3k / 0k lines", "idle client, CPU over 0.1 s", "startup, server to listening",
	} {
		for _, pair := range []string{"this", "other"} {
			if measure == "idle client, CPU over 0.1 s" {
				continue // a sleeping client may use less CPU than the clock counts
			}
			if !seen[measure+" / "+pair] {
				t.Errorf("no figure %q for %s; want one\n%s", measure, pair, text)
			}
		}
	}
	entries, _ := os.ReadDir(o.Dir)
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), "lines-") {
			t.Errorf("left %s in the folder; want only the inputs", e.Name())
		}
	}
}

// TestBytesChecked runs a client that never sends one of its lines: the
// byte check must say which bytes are missing, and the other
// measurements go on.
func TestBytesChecked(t *testing.T) {
	t.Parallel()
	lossy := filepath.Join(t.TempDir(), "lossy-client")
	script := "#!/bin/sh\nsed /^data7$/d | exec " + proctest.Client(t) + " \"$@\"\n"
	if err := os.WriteFile(lossy, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	p := goPair(t, "this")
	p.Client = lossy
	o := small(t, &out, p)
	o.Memory, o.Idle = [2]int{}, 0
	report, err := Run(context.Background(), o)
	if err != nil {
		t.Fatalf("got error %v; want none\n%s", err, out.String())
	}
	want := `throughput, files, 300 lines, this, run 1: 1987 bytes of replies, want 1992 (data1..data300); from byte 35: got "8data9data10data", want "7data8data9data1"`
	if len(report.Failed) == 0 || report.Failed[0] != want {
		t.Errorf("got failed checks %q; want first %q", report.Failed, want)
	}
	if !strings.Contains(out.String(), "FAILED: not counted") {
		t.Errorf("no run marked FAILED in\n%s", out.String())
	}
}

// TestInterrupted ends a bench in the middle of its first run, once the
// client has printed something, as Ctrl-C does: Run must return with the
// context's error (having stopped and waited for both programs).
func TestInterrupted(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out strings.Builder
	o := small(t, &out, goPair(t, "this"))
	o.Lines = []int{200000}
	clientOut := filepath.Join(o.Dir, "files-200000-this-1", "client.out")
	go func() {
		defer cancel()
		for ctx.Err() == nil {
			if fi, err := os.Stat(clientOut); err == nil && fi.Size() > 0 {
				return
			}
			time.Sleep(time.Millisecond) // polling for the client's output
		}
	}()
	start := time.Now()
	_, err := Run(ctx, o)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got error %v; want %v\n%s", err, context.Canceled, out.String())
	}
	if strings.Contains(out.String(), "run 1") {
		t.Errorf("got a run's figure; want the run cut short\n%s", out.String())
	}
	t.Logf("ended %v after the start", time.Since(start))
}

// TestTargets checks the words of each target.
func TestTargets(t *testing.T) {
	for _, c := range []struct {
		target  target
		medians map[string]float64
		want    string
	}{
		{fasterThan(20000), map[string]float64{"this": 5, "other": 10}, "at most 0.6x: target met"},
		{fasterThan(200000), map[string]float64{"this": 7, "other": 10}, "at most 0.6x: target NOT met"},
		{fasterThan(20000), map[string]float64{"this": 7}, "at most 0.6x the other pair's: needs both pairs"},
		{completes, map[string]float64{"this": 7}, "completes, every byte checked: target met"},
		{completes, map[string]float64{"other": 7}, "completes, every byte checked: target NOT met"},
		{flat, map[string]float64{"this": 1.2}, "within 1.2x: target met"},
		{flat, map[string]float64{"this": 1.9}, "within 1.2x: target NOT met"},
	} {
		if got := c.target(lang.English, c.medians, "this", "other"); got != c.want {
			t.Errorf("got %q; want %q", got, c.want)
		}
	}
	if fasterThan(300) != nil {
		t.Errorf("got a throughput target at 300 lines; want none (set for 20,000 and 200,000)")
	}
}
