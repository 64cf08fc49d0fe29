package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"graceclose/scripts/engine"
	"graceclose/scripts/events"
	"graceclose/scripts/lang"
	"graceclose/scripts/page"
)

// job is one script's run: its flags, its folder of logs, its output.
type job struct {
	path, name string    // the script: "scripts/close.sh", "close.sh"
	out        io.Writer // the script's standard output
	errOut     io.Writer // and its standard error
	lang       *lang.Printer
	ctx        context.Context

	args  []string
	flags []*flagDef
	words []string // the arguments that are not flags

	// The flags every script takes.
	fast, keep bool
	port       int

	dir string // the folder of logs, made by workdir

	html     string     // --html FILE: the page to write
	pageRuns []page.Run // the runs it will show

	showTcpdump    bool   // byHand also says how to watch the wire
	captureChecked bool   // canCapture has looked
	captureWhy     string // why packets cannot be captured here; "" they can
	built          bool   // the programs are built

	// bin, if set, is where the programs are, already built (the tests);
	// tmp, if set, where the folder of logs goes instead of TMPDIR.
	bin, tmp string
	// progress, if set, is told of each event of each run as it happens
	// (the tests act at a chosen moment).
	progress func(events.Event)
	// scenarioDir, if set, is where the scenarios are read from instead of
	// scripts/scenarios (the tests change one).
	scenarioDir string
	// claimsRecord, if set, replaces the verdicts recorded for the claims
	// (GRACE_CLAIMS_RECORD), for the tests.
	claimsRecord map[string]string
	// paceFor, if set, replaces the pace of --fast and the lesson (the
	// tests run the experiments quicker still).
	paceFor *timing

	mu            sync.Mutex
	interruptedBy syscall.Signal
}

func newJob(path string, out, errOut io.Writer) *job {
	// GRACECLOSE_BIN: the programs, already built there (the tests).
	return &job{path: path, name: filepath.Base(path), out: out, errOut: errOut, lang: lang.FromEnv(os.Getenv),
		bin: os.Getenv("GRACECLOSE_BIN")}
}

// parse keeps the arguments and runs the script's function, which declares
// its own flags and calls parseFlags.
func (j *job) parse(args []string, do func(*job) int) int {
	j.args = args
	defer j.removeWorkdir()
	status := do(j)
	if st := j.writePage(); st >= 0 && status == exitOK {
		status = st
	}
	return status
}

// signaled records the signal that stops the job.
func (j *job) signaled(sig syscall.Signal) {
	j.mu.Lock()
	j.interruptedBy = sig
	j.mu.Unlock()
}

// interrupted reports whether the job was stopped: by a signal, or by
// its context's end.
func (j *job) interrupted() bool {
	return j.signal() != 0 || (j.ctx != nil && j.ctx.Err() != nil)
}

// signal is the signal that stopped the job, or 0.
func (j *job) signal() syscall.Signal {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.interruptedBy
}

// printf writes to the job's output.
func (j *job) printf(format string, args ...any) { fmt.Fprintf(j.out, format, args...) }

// say writes a line in the learner's language.
func (j *job) say(format string, args ...any) {
	fmt.Fprintln(j.out, j.lang.T(format, args...))
}

// usage prints the script's own header comment: its usage, flags and exit
// statuses are written once, there, where a learner reading the script
// sees them. In Chinese it prints the header's translation instead
// (usage_zh.go).
func (j *job) usage() {
	if text, ok := usageZh[j.name]; ok && j.lang.IsChinese() {
		fmt.Fprint(j.out, text)
		return
	}
	f, err := os.Open(j.path)
	if err != nil {
		fmt.Fprintf(j.out, "%s: %v\n", j.name, err)
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // #!
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "#") {
			break
		}
		fmt.Fprintln(j.out, strings.TrimPrefix(strings.TrimPrefix(line, "#"), " "))
	}
}

// usageError prints one line on stderr, in the learner's language, and
// returns the usage status.
func (j *job) usageError(format string, args ...any) int {
	fmt.Fprintln(j.errOut, j.lang.T("%s: %s (see %s -h)", j.name, j.lang.T(format, args...), j.name))
	return exitUsage
}

// cannotRun says why the experiment could not run, in the learner's
// language where its words are the catalog's, and returns status 3.
func (j *job) cannotRun(err error) int {
	fmt.Fprintf(j.errOut, "%s: %s\n", j.name, j.lang.Reword(err.Error()))
	return exitCannotRun
}

// timing is the pace of the lesson's experiments, or --fast's.
type timing struct {
	delay, sleep string // the server's -delay, the client's -sleep after close
	pace, bound  time.Duration
}

func (j *job) timing() timing {
	if j.paceFor != nil {
		return *j.paceFor
	}
	if j.fast {
		return timing{delay: "1s", sleep: "1.2s", pace: 50 * time.Millisecond, bound: 15 * time.Second}
	}
	return timing{delay: "5s", sleep: "6s", pace: time.Second, bound: 30 * time.Second}
}

// lab returns the engine set up for the job's run called name: the
// programs in build/, the pace and bounds of --fast or the lesson, the
// kernel's events and the packets where they can be read.
func (j *job) lab(name string, params map[string]string) *engine.Lab {
	t := j.timing()
	return &engine.Lab{Bin: j.binPath(), Shown: "build", Params: j.params(params), Port: j.port, Pace: t.pace, Bound: t.bound,
		Kernel: kernelWatch, Capture: j.captureFor(name), Progress: j.progress, Lang: j.lang}
}

// params fills the scenarios' {names} for this job: the server's delay and
// the client's sleep at its pace, the server's -sigpipe mode (default),
// and what the script adds.
func (j *job) params(extra map[string]string) map[string]string {
	t := j.timing()
	p := map[string]string{"delay": t.delay, "sleep": t.sleep, "sigpipe": "default", "host": "127.0.0.1"}
	for k, v := range extra {
		p[k] = v
	}
	return p
}

// binPath is where the programs are: build/, or where the tests built them.
func (j *job) binPath() string {
	if j.bin != "" {
		return j.bin
	}
	return binDir(j.path)
}

// binDir is the folder the programs are built into: build/ at the
// repository's root, beside scripts/.
func binDir(scriptPath string) string {
	abs, err := filepath.Abs(scriptPath)
	if err != nil {
		abs = scriptPath
	}
	return filepath.Join(filepath.Dir(filepath.Dir(abs)), "build")
}
