package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"graceclose/scripts/engine"
	"graceclose/scripts/events"
)

// workdir makes the job's folder of logs (in TMPDIR), once.
func (j *job) workdir() (string, error) {
	if j.dir != "" {
		return j.dir, nil
	}
	dir, err := os.MkdirTemp(j.tmp, "graceclose.")
	if err != nil {
		return "", err
	}
	j.dir = dir
	return dir, nil
}

// removeWorkdir removes the folder of logs, or with --keep says where it
// is; it runs however the job ends.
func (j *job) removeWorkdir() {
	if j.dir == "" {
		return
	}
	if j.keep {
		j.say("logs kept in %s", j.dir)
		return
	}
	os.RemoveAll(j.dir)
}

// keepLogs writes a run's logs into the folder of logs, in a folder of
// its own: each program's command line, stdout and stderr as it wrote them,
// and the run's events, one a line, in time order.
func (j *job) keepLogs(name string, res *engine.Result) {
	dir, err := j.runDir(name)
	if err != nil {
		return
	}
	for _, o := range res.Programs {
		_ = os.WriteFile(filepath.Join(dir, o.Name+".cmd"), []byte(o.Command+"\n"), 0o644)
		_ = os.WriteFile(filepath.Join(dir, o.Name+".stdout"), o.Stdout, 0o644)
		_ = os.WriteFile(filepath.Join(dir, o.Name+".stderr"), o.Stderr, 0o644)
	}
	var b strings.Builder
	for _, e := range res.Events {
		fmt.Fprintf(&b, "%.6f\t%s\t%s\t%s\n", e.At.Sub(res.Started).Seconds(), e.Who, e.Kind, eventText(e))
	}
	_ = os.WriteFile(filepath.Join(dir, "events.txt"), []byte(b.String()), 0o644)
}

// eventText is an event's details on one line, for events.txt.
func eventText(e events.Event) string {
	switch e.Kind {
	case events.StateChanged:
		return e.From + " -> " + e.State + " (" + e.Source + ")"
	case events.ResetSent:
		return e.State + " " + e.Reason
	case events.Snapshot:
		return fmt.Sprintf("client %s, server %s (%s)", e.Client, e.Server, e.Text)
	case events.Printed:
		return e.Stream + " " + e.Text
	case events.Returned:
		return fmt.Sprintf("%s(%d) = %s -> %s", e.Call, e.FD, e.Result, e.State)
	}
	return e.Text
}

// runDir is the folder of one run's logs, made on first use.
func (j *job) runDir(name string) (string, error) {
	top, err := j.workdir()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(top, name)
	return dir, os.MkdirAll(dir, 0o755)
}
