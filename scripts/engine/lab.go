// Package engine runs the lab's experiments (package scenario) end to end:
// it starts the programs with the command lines a learner would type,
// types lines at a person's pace once the lines they wait for have appeared,
// sends signals, bounds every wait, and ends every process it started on
// every way out. It collects what happened as one stream of events on
// CLOCK_MONOTONIC (package events): the programs' lines, what was typed,
// how each program ended, and the TCP states of both ends.
package engine

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"graceclose/scripts/events"
	"graceclose/scripts/lang"
	"graceclose/scripts/scenario"
)

// Lab is how experiments are run.
type Lab struct {
	Bin   string // the folder holding graceclient and graceserver
	Shown string // how Bin is shown in command lines: "build"
	// Params fill the scenarios' {names}: delay, sleep, sigpipe... The lab
	// adds host (127.0.0.1 unless given) and port (Port, or a free port).
	Params map[string]string
	Port   int           // the server's port; 0: a free port for each run
	Pace   time.Duration // a person's pause before each line typed or key pressed
	Bound  time.Duration // the longest any wait may last
	Quiet  time.Duration // how long "nothing arrives" is watched for
	// Kernel, if set, reads the kernel's events for the run's port
	// (tracefs); nil, or an error from it, and the states are polled from
	// the kernel's table instead.
	Kernel func(port int) (KernelWatch, error)
	// Listening, if set, is called once the server listens, with every
	// {name}'s value (the port is then final): the scripts print the
	// commands to type by hand there, before the experiment goes on.
	Listening func(params map[string]string)
	// Progress, if set, is told of each event as the lab records it
	// (what is typed and printed, how programs end), from several
	// goroutines at once: to follow a run live.
	Progress func(events.Event)
	// Command, if set, turns a program's command into the one to run: a
	// prefix that runs it on another host (ip netns exec NAME ...). The
	// command shown to a learner stays as the scenario writes it.
	Command func(who string, argv []string) []string
	// Fault, if set, breaks the link as a scenario's fault step says
	// (link.sh's two hosts); a scenario with a fault cannot run without it.
	Fault func(name, host string) error
	// Dir is a folder for the run's files (the programs' event logs); ""
	// for a temporary one, removed after the run.
	Dir string
	// Capture, if set, captures the run's packets on its port, from the
	// moment the server listens (package capture: tcpdump); an error from
	// it is said once, and the run goes on without packets.
	Capture func(port int) (Capture, error)
	// Poll is how often the kernel's table is read when the states are
	// polled (0: 5 ms).
	Poll time.Duration
	// Lang is the language of the lab's own words in the Result (where
	// the states come from, what was not seen, how the run differs from
	// the scenario); nil: English. The events stay in English: they are
	// data, put in words where they are shown (package explain).
	Lang *lang.Printer
}

// printer is the Lab's language.
func (l *Lab) printer() *lang.Printer {
	if l.Lang == nil {
		return lang.English
	}
	return l.Lang
}

// The defaults for a Lab's zero fields.
const (
	defaultBound = 30 * time.Second
	defaultQuiet = time.Second
	defaultPoll  = 5 * time.Millisecond
)

// Run runs the scenario once. The error says the experiment could not run
// at all (a program missing, no port); what went differently from the
// scenario is in the Result. When ctx ends (Ctrl-C), every program is
// stopped and the Result holds what happened until then.
func (l *Lab) Run(ctx context.Context, sc *scenario.Scenario) (*Result, error) {
	r := newRun(l, sc)
	defer r.cleanup()
	return r.run(ctx)
}

// argv turns a filled command line into the program's path and arguments,
// and the line as shown to a learner: "graceserver -delay 1s" becomes
// Bin/graceserver and "build/graceserver -delay 1s".
func (l *Lab) argv(command string) (argv []string, display string, err error) {
	words := strings.Fields(command)
	if len(words) == 0 {
		return nil, "", fmt.Errorf("an empty command line")
	}
	prog := words[0]
	if prog != "graceclient" && prog != "graceserver" {
		return nil, "", fmt.Errorf("the lab runs graceclient and graceserver, not %q", prog)
	}
	argv = append([]string{filepath.Join(l.Bin, prog)}, words[1:]...)
	shown := prog
	if l.Shown != "" {
		shown = l.Shown + "/" + prog
	}
	return argv, strings.Join(append([]string{shown}, words[1:]...), " "), nil
}

func (l *Lab) bound() time.Duration {
	if l.Bound > 0 {
		return l.Bound
	}
	return defaultBound
}

func (l *Lab) quiet() time.Duration {
	if l.Quiet > 0 {
		return l.Quiet
	}
	return defaultQuiet
}

func (l *Lab) poll() time.Duration {
	if l.Poll > 0 {
		return l.Poll
	}
	return defaultPoll
}

// params returns the run's parameters: the Lab's, with host and port.
func (l *Lab) params(port int) map[string]string {
	p := map[string]string{"host": "127.0.0.1"}
	for k, v := range l.Params {
		p[k] = v
	}
	p["port"] = strconv.Itoa(port)
	return p
}

// Sleep sleeps for d, or until ctx ends; it reports whether the whole
// time passed.
func Sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
