// Command lab is the engine behind the scripts in scripts/: each script
// builds it and hands it its own name and arguments,
//
//	build/lab scripts/close.sh --fast
//
// and the lab runs that script's experiments (the scenarios in
// scripts/scenarios/, run by package engine), prints what happened on one
// clock (package timeline) and decides the verdict and the exit status. The
// scripts stay recipes a learner can read; the machinery is here.
//
// Exit status, for every script: 0 the outcome the script expects; 1
// something else happened (the verdict says what); 2 bad usage; 3 the
// experiment could not run; 130 interrupted (129, 143: SIGHUP, SIGTERM).
package main

import (
	"context"
	"fmt"
	"graceclose/scripts/kernel"
	"os"
	"os/signal"
	"syscall"
)

// The exit statuses every script shares.
const (
	exitOK          = 0
	exitDiffers     = 1
	exitUsage       = 2
	exitCannotRun   = 3
	exitInterrupted = 130
)

// scripts maps each script's name to what it does.
var scripts = map[string]func(*job) int{
	"close.sh":    closeScript,
	"shutdown.sh": shutdownScript,
	"sigpipe.sh":  sigpipeScript,
	"sigint.sh":   sigintScript,
	"demo.sh":     demoScript,
	"wire.sh":     wireScript,
	"bench.sh":    benchScript,
	"twopane.sh":  twopaneScript,
	"claims.sh":   claimsScript,
	"link.sh":     linkScript,
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: lab SCRIPT [ARG...]: the scripts in scripts/ run it")
		os.Exit(exitUsage)
	}
	os.Exit(runScript(os.Args[1], os.Args[2:]))
}

// runScript does the job of the script at path with args, and returns its
// exit status. A signal that would end the script (Ctrl-C, kill, a closed
// terminal) stops the experiment: what happened so far is printed, and the
// status is the one a shell shows for that signal.
func runScript(path string, args []string) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The tracing instances the runs kept for reuse, however the job ends.
	defer kernel.RemoveIdle()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	j := newJob(path, os.Stdout, os.Stderr)
	go func() {
		if sig, ok := <-sigs; ok {
			j.signaled(sig.(syscall.Signal))
			cancel()
		}
	}()
	return j.run(ctx, args)
}

// run does the job with args, until ctx ends.
func (j *job) run(ctx context.Context, args []string) int {
	do, ok := scripts[j.name]
	if !ok {
		fmt.Fprintf(j.errOut, "lab: no such script: %s\n", j.name)
		return exitUsage
	}
	if j.ctx == nil {
		j.ctx = ctx
	}
	status := j.parse(args, do)
	if sig := j.signal(); sig != 0 {
		return 128 + int(sig)
	}
	return status
}
