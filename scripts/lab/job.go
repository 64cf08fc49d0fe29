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
	"graceclose/scripts/lang"
)

// job is one script's run: its flags, its folder of logs, its output.
type job struct {
	path, name string // the script: "scripts/close.sh", "close.sh"
	out        io.Writer
	lang       *lang.Printer
	ctx        context.Context

	args  []string
	flags []*flagDef
	words []string // the arguments that are not flags

	// The flags every script takes.
	fast, keep bool
	port       int

	dir   string // the folder of logs, made by workdir
	built bool   // the programs are built

	mu            sync.Mutex
	interruptedBy syscall.Signal
}

func newJob(path string, out io.Writer) *job {
	return &job{path: path, name: filepath.Base(path), out: out, lang: lang.FromEnv(os.Getenv)}
}

// parse keeps the arguments and runs the script's function, which declares
// its own flags and calls parseFlags.
func (j *job) parse(args []string, do func(*job) int) int {
	j.args = args
	defer j.removeWorkdir()
	return do(j)
}

// signaled records the signal that stops the job.
func (j *job) signaled(sig syscall.Signal) {
	j.mu.Lock()
	j.interruptedBy = sig
	j.mu.Unlock()
}

// interrupted reports whether a signal has stopped the job.
func (j *job) interrupted() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.interruptedBy != 0
}

// printf writes to the job's output.
func (j *job) printf(format string, args ...any) { fmt.Fprintf(j.out, format, args...) }

// say writes a line in the learner's language.
func (j *job) say(format string, args ...any) {
	fmt.Fprintln(j.out, j.lang.Sprintf(format, args...))
}

// usage prints the script's own header comment: its usage, flags and exit
// statuses are written once, there, where a learner reading the script
// sees them.
func (j *job) usage() {
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

// usageError prints one line on stderr and returns the usage status.
func (j *job) usageError(format string, args ...any) int {
	fmt.Fprintf(os.Stderr, "%s: %s (see %s -h)\n", j.name, fmt.Sprintf(format, args...), j.name)
	return exitUsage
}

// cannotRun says why the experiment could not run and returns status 3.
func (j *job) cannotRun(err error) int {
	fmt.Fprintf(os.Stderr, "%s: %v\n", j.name, err)
	return exitCannotRun
}

// timing is the pace of the lesson's experiments, or --fast's.
type timing struct {
	delay, sleep string // the server's -delay, the client's -sleep after close
	pace, bound  time.Duration
}

func (j *job) timing() timing {
	if j.fast {
		return timing{delay: "1s", sleep: "1.2s", pace: 50 * time.Millisecond, bound: 15 * time.Second}
	}
	return timing{delay: "5s", sleep: "6s", pace: time.Second, bound: 30 * time.Second}
}

// lab returns the engine set up for this job: the programs in build/, the
// pace and bounds of --fast or the lesson, the kernel's events where they
// can be read.
func (j *job) lab(params map[string]string) *engine.Lab {
	t := j.timing()
	p := map[string]string{"delay": t.delay, "sleep": t.sleep, "sigpipe": "default"}
	for k, v := range params {
		p[k] = v
	}
	return &engine.Lab{Bin: binDir(j.path), Shown: "build", Params: p, Port: j.port, Pace: t.pace, Bound: t.bound,
		Kernel: kernelWatch}
}

// binDir is the folder the programs are built into: build/ at the
// repository's root, beside scripts/.
func binDir(scriptPath string) string {
	if dir := os.Getenv("GRACECLOSE_BIN"); dir != "" {
		return dir
	}
	abs, err := filepath.Abs(scriptPath)
	if err != nil {
		abs = scriptPath
	}
	return filepath.Join(filepath.Dir(filepath.Dir(abs)), "build")
}
