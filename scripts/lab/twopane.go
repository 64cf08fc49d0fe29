package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"graceclose/scripts/twopane"
)

// twopaneScript is twopane.sh [close|shutdown] [--sigpipe MODE] [--check]:
// the close (or shutdown) scenario typed into two tmux panes, one a
// program, as a learner follows the lesson in two terminals (package
// twopane).
func twopaneScript(j *job) int {
	mode, check := "default", false
	j.valueFlag("--sigpipe", j.lang.Words("a mode: default, ignore or custom"), j.oneOf(&mode, "default", "ignore", "custom"))
	j.boolFlag("--check", &check)
	if st := j.parseFlags(); st >= 0 {
		return st
	}
	experiment := ""
	for _, w := range j.words {
		switch {
		case w != "close" && w != "shutdown":
			return j.usageError("unknown experiment: %s: want close or shutdown", w)
		case experiment != "" && experiment != w:
			return j.usageError("one experiment at a time: close or shutdown")
		}
		experiment = w
	}
	if experiment == "" {
		experiment = "close"
	}

	tmux, err := exec.LookPath("tmux")
	if err != nil {
		j.say("%s: tmux is not installed: it shows the two terminals side by side.", j.name)
		j.say("  Install it (Debian, Ubuntu: sudo apt-get install tmux; Fedora: sudo dnf install tmux;")
		j.say("  macOS: brew install tmux), then run %s again; or follow the lesson by hand in", j.path)
		j.say("  two terminals, as README.md shows.")
		return exitOK
	}
	where := twopane.Check
	if !check && !(twopane.IsTerminal(os.Stdin) && twopane.IsTerminal(os.Stdout)) {
		j.say("(not run from a terminal: --check)")
		check = true
	}
	if !check {
		where = twopane.Attach
		if os.Getenv("TMUX") != "" {
			where = twopane.Window
		}
	}

	if err := j.buildOnce(); err != nil {
		if j.interrupted() {
			return exitInterrupted
		}
		return j.cannotRun(err)
	}
	// close --sigpipe MODE has a scenario of its own for each mode (how
	// the server ends differs); shutdown's is the same in every mode.
	name, title, against := experiment, experiment, j.lang.Words("the lesson's transcript in both panes")
	if mode != "default" {
		title = fmt.Sprintf("%s, -sigpipe %s", experiment, mode)
		against = j.lang.T("the transcript with -sigpipe %s in both panes", mode)
		if experiment == "close" {
			name = "close-" + mode
		}
	}
	sc, err := j.scenario(name)
	if err != nil {
		return j.cannotRun(err)
	}
	t := j.timing()
	cfg := twopane.Config{Tmux: tmux, Mode: where, Scenario: sc, Name: experiment, Title: title, Against: against,
		Params: j.params(map[string]string{"sigpipe": mode}), Port: j.port, Bin: j.binPath(), Pace: t.pace,
		KeyPace: twopane.KeyPace, Bound: t.bound, Out: j.out, Lang: j.lang}
	if j.fast {
		cfg.KeyPace = 0
	}
	if check {
		dir, err := j.workdir()
		if err != nil {
			return j.cannotRun(err)
		}
		cfg.Dir = dir
		if j.keep {
			cfg.Logs = filepath.Join(dir, name)
		}
	}
	res, err := twopane.Run(j.ctx, cfg)
	switch {
	case err != nil && errors.Is(err, twopane.ErrAttach):
		return j.cannotRun(errors.New(j.lang.T("%v; try: %s --check", err, j.path)))
	case err != nil && j.interrupted():
		return exitInterrupted
	case err != nil:
		return j.cannotRun(err)
	case res.Interrupted:
		return exitInterrupted
	case check && len(res.Differences) > 0:
		return exitDiffers
	}
	return exitOK
}
