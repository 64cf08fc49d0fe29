// Package bench measures a graceclient/graceserver pair on loopback, the
// server answering at once, and, given a second pair (the lesson's C
// programs, say), the other the same way, the two alternating run by run:
//
//   - throughput: N lines, data1 .. dataN, then shutdown, from a file into
//     the client; the wall time from the client's start to its exit, the
//     standard output of both on files, then on pseudo-terminals; every
//     byte the client prints is checked as it comes (replyCheck), and both
//     must end as in the lesson's shutdown experiment;
//   - a run of millions of lines that must complete, checked the same way;
//   - peak memory: each program's ru_maxrss at two sizes, and whether it
//     stays flat;
//   - idle: the client's CPU time with its stdin at EOF, connected to a
//     listener that never sends;
//   - startup: the server's time from exec to a listening port.
//
// The numbers are printed, never compared with a threshold to decide
// anything: a check that fails is a byte missing or a program that did
// not end as expected.
package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"graceclose/scripts/lang"
)

// Options say what to measure.
type Options struct {
	Pairs     []Pair        // the first is measured; a second is compared with it
	Runs      int           // runs of each measurement, for each pair
	Lines     []int         // the throughput runs' sizes
	Memory    [2]int        // the memory runs' two sizes, the second the larger
	HugeLines int           // the long run's size; 0: none
	Idle      time.Duration // the idle client's window
	Port      int           // every server's port; 0: a free one each time
	Dir       string        // where the inputs and the runs' outputs go
	Keep      bool          // keep every run's output in Dir
	Out       io.Writer     // the report
	Lang      *lang.Printer // the report's language (nil: English)
}

// Report is what a bench found: the checks that failed, one line each,
// and the figures measured.
type Report struct {
	Failed  []string
	Figures []Figure
}

// bench is one Run.
type bench struct {
	Options
	report Report
	inputs map[int]string // the client's input for each size
	series map[string]*series
	order  []string // the measurements, in the order they ran
}

// Bounds: every wait for a program; the gap in a transfer after which both
// programs are taken to be stuck (each blocked writing to the other).
const (
	bound = 30 * time.Second
	stall = 10 * time.Second
)

// Run runs every measurement and prints each run and the medians. An error
// means the measurements could not run (or ctx ended); checks that fail
// are in the Report.
func Run(ctx context.Context, o Options) (*Report, error) {
	if o.Lang == nil {
		o.Lang = lang.English
	}
	b := &bench{Options: o, inputs: map[int]string{}}
	if len(o.Pairs) > 1 {
		b.printf("%s\n", b.T("%d run(s) of each measurement, on %s, the pairs alternating run by run; the median is shown", o.Runs, Host))
	} else {
		b.printf("%s\n", b.T("%d run(s) of each measurement, on %s; the median is shown", o.Runs, Host))
	}
	for _, m := range []func(context.Context) error{b.throughputs, b.huge, b.memory, b.idle, b.startup} {
		if err := m(ctx); err != nil {
			return &b.report, err
		}
	}
	b.summary()
	return &b.report, nil
}

func (b *bench) printf(format string, args ...any) { fmt.Fprintf(b.Out, format, args...) }

// T says a message in the report's language.
func (b *bench) T(format string, args ...any) string { return b.Lang.T(format, args...) }

// runName names a run in a failed check: "throughput, files, 300 lines,
// this, run 1".
func (b *bench) runName(measure string, p Pair, i int) string {
	return b.T("%s, %s, run %d", measure, PairName(b.Lang, p.Name), i)
}

// PairName is a pair's name in p's language: "this" and "other" are the
// pairs Run is given by bench.sh.
func PairName(p *lang.Printer, name string) string {
	switch name {
	case "this":
		return p.Words("this")
	case "other":
		return p.Words("other")
	}
	return name
}

// pair is a pair's name as the report shows it ("this", "other"), padded
// to the column of the runs' lines.
func (b *bench) pair(p Pair) string { return lang.Pad(PairName(b.Lang, p.Name), 6) }

// fail records a check that failed.
func (b *bench) fail(what string, err error) {
	b.report.Failed = append(b.report.Failed, fmt.Sprintf("%s: %v", what, err))
}

// endRunLine ends a run's line: if checks failed, it says the run is not
// counted and records them, and returns true.
func (b *bench) endRunLine(what string, failed []error) bool {
	if len(failed) == 0 {
		b.printf("\n")
		return false
	}
	b.printf("  %s\n", b.Lang.Words("FAILED: not counted"))
	for _, err := range failed {
		b.fail(what, err)
	}
	return true
}

// input is the client's input for n lines, written once.
func (b *bench) input(n int) (string, error) {
	if path, ok := b.inputs[n]; ok {
		return path, nil
	}
	path, err := writeInput(b.Dir, n)
	b.inputs[n] = path
	return path, err
}

// runDir is a new folder for one run's output.
func (b *bench) runDir(name string) (string, error) {
	dir := filepath.Join(b.Dir, name)
	return dir, os.MkdirAll(dir, 0o755)
}

// done removes a run's output, unless it is to be kept.
func (b *bench) done(dir string) {
	if !b.Keep {
		os.RemoveAll(dir)
	}
}

// eachRun calls run for each run and each pair, the pairs alternating.
func (b *bench) eachRun(ctx context.Context, run func(ctx context.Context, p Pair, i int) error) error {
	for i := 1; i <= b.Runs; i++ {
		for _, p := range b.Pairs {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := run(ctx, p, i); err != nil {
				return err
			}
		}
	}
	return nil
}
