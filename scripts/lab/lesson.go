package main

import (
	"fmt"
	"path/filepath"
	"strings"

	"graceclose/scripts/engine"
	"graceclose/scripts/explain"
	"graceclose/scripts/lang"
	"graceclose/scripts/scenario"
	"graceclose/scripts/timeline"
)

// The lesson's scripts: close.sh, shutdown.sh, sigpipe.sh, sigint.sh and
// demo.sh, each one or more runs of the scenarios close, close-ignore,
// close-custom, shutdown and sigint.

// closeScript is close.sh [--sigpipe MODE].
func closeScript(j *job) int {
	mode := "default"
	j.valueFlag("--sigpipe", j.lang.Words("a mode: default, ignore or custom"), j.oneOf(&mode, "default", "ignore", "custom"))
	j.htmlFlag()
	if st := j.parseFlags(); st >= 0 {
		return st
	}
	if len(j.words) > 0 {
		return j.usageError("unknown argument: %s", j.words[0])
	}
	// The server runs with -sigpipe MODE, and the verdict still compares
	// with the lesson's outcome: ignore and custom differ, a check that
	// the verdict is read from what happened.
	v := j.lesson("close", "close", mode)
	return v.status
}

// shutdownScript is shutdown.sh.
func shutdownScript(j *job) int {
	if st := j.onlyCommonFlags(); st >= 0 {
		return st
	}
	return j.lesson("shutdown", "shutdown", "default").status
}

// sigintScript is sigint.sh.
func sigintScript(j *job) int {
	if st := j.onlyCommonFlags(); st >= 0 {
		return st
	}
	return j.lesson("sigint", "sigint", "default").status
}

// sigpipeScript is sigpipe.sh: the close experiment in each -sigpipe mode,
// then a table of how the server ended.
func sigpipeScript(j *job) int {
	if st := j.onlyCommonFlags(); st >= 0 {
		return st
	}
	status := exitOK
	var rows [][4]string
	for _, mode := range []string{"default", "ignore", "custom"} {
		want := "close"
		if mode != "default" {
			want = "close-" + mode
		}
		v := j.lesson(want, "close", mode)
		if v.status == exitCannotRun || j.interrupted() {
			return v.status
		}
		matches := j.lang.Words("yes")
		if v.status != exitOK {
			matches, status = j.lang.Words("NO"), exitDiffers
		}
		server := v.res.Program("server")
		last := lastLine(server.Lines("stderr"))
		if last == "" {
			last = lastLine(server.Lines("stdout"))
		}
		rows = append(rows, [4]string{mode, explain.Ending(j.lang, server.Ending, server.Status), last, matches})
	}
	j.printf("\n%s\n", j.lang.Words("=== how the server ended, for each -sigpipe mode"))
	j.tableRow(j.lang.Words("mode"), j.lang.Words("ended"), j.lang.Words("its last line"), j.lang.Words("as expected"))
	for _, r := range rows {
		j.tableRow(r[0], r[1], r[2], r[3])
	}
	return status
}

// tableRow prints a row of sigpipe.sh's table, its columns aligned in
// either language.
func (j *job) tableRow(mode, ended, last, matches string) {
	j.printf("%s  %s  %s  %s\n", lang.Pad(mode, 8), lang.Pad(ended, 32), lang.Pad(last, 30), matches)
}

// onlyCommonFlags parses a script that takes the shared flags only (and
// --html, as every script that runs experiments).
func (j *job) onlyCommonFlags() int {
	j.htmlFlag()
	if st := j.parseFlags(); st >= 0 {
		return st
	}
	if len(j.words) > 0 {
		return j.usageError("unknown argument: %s", j.words[0])
	}
	return -1
}

// lessonVerdict is how one of the lesson's experiments went.
type lessonVerdict struct {
	summary string // "close: client received 0 of 2 replies; server killed by SIGPIPE (status 141)"
	differs bool
	status  int
	res     *engine.Result
}

// lesson runs the experiment in scenario want's steps, with the server's
// -sigpipe mode, prints it (the commands to type by hand, the timeline,
// the verdict), and compares it with want's transcript. experiment is
// "close", "shutdown" or "sigint": what the verdict counts.
func (j *job) lesson(want, experiment, mode string) lessonVerdict {
	title := experiment
	if mode != "default" {
		title = fmt.Sprintf("%s, -sigpipe %s", experiment, mode)
	}
	res, status := j.runLesson(want, mode, title)
	if res == nil {
		return lessonVerdict{status: status}
	}
	timeline.Render(j.out, res, timeline.Options{Lang: j.lang})
	if res.Interrupted {
		j.say("interrupted: the timeline above is what happened until then")
		return lessonVerdict{status: exitInterrupted, res: res}
	}
	v := lessonVerdict{res: res, summary: title + ": " + summarize(j.lang, experiment, res)}
	against := j.lang.Words("the lesson's outcome")
	if mode != "default" && want != "close" {
		against = j.lang.T("the outcome with -sigpipe %s", mode)
	}
	diffs := res.Differences()
	j.printf("\n%s\n", j.lang.T("verdict: %s", v.summary))
	outcome := j.lang.T("this is %s", against)
	if len(diffs) > 0 {
		outcome = j.lang.T("this differs from %s:", against)
	}
	j.addToPage(res.Scenario.Name, title, res.Scenario, res, v.summary, outcome, diffs)
	if len(diffs) == 0 {
		j.printf("  %s\n", outcome)
		return v
	}
	v.differs, v.status = true, exitDiffers
	j.printf("  %s\n", outcome)
	for _, d := range diffs {
		j.printf("  %s\n", d)
	}
	if len(res.Late) > 0 {
		if why := explain.TooLate(j.lang, lastTyped(res.Scenario)); why != "" {
			j.printf("  %s\n", why)
		}
	}
	return v
}

// runLesson runs the experiment in scenario want's steps with the server's
// -sigpipe mode, under a title, having printed the title and, once the
// server listens, the commands to do it by hand. A nil Result comes with
// the status to end with (the experiment could not run).
func (j *job) runLesson(want, mode, title string) (*engine.Result, int) {
	if err := j.buildOnce(); err != nil {
		if j.interrupted() {
			return nil, exitInterrupted
		}
		return nil, j.cannotRun(err)
	}
	sc, err := j.scenario(want)
	if err != nil {
		return nil, j.cannotRun(err)
	}
	if want == "close" && mode != "default" {
		// close.sh --sigpipe MODE: the close scenario, run in MODE.
		sc = withSigpipe(sc, mode)
	}
	runName := sc.Name + sigpipeSuffix(want, mode)
	lab := j.lab(runName, map[string]string{"sigpipe": mode})
	j.printf("\n=== %s: %s\n", title, j.steps(sc, lab.Params["delay"]))
	lab.Listening = func(params map[string]string) { j.byHand(params, sc) }
	res, err := lab.Run(j.ctx, sc)
	if err != nil {
		return nil, j.cannotRun(err)
	}
	j.keepLogs(runName, res)
	return res, exitOK
}

func sigpipeSuffix(want, mode string) string {
	if want == "close" && mode != "default" {
		return "-" + mode
	}
	return ""
}

// withSigpipe returns the scenario with its server run in another -sigpipe
// mode: the same steps and the same expected transcript.
func withSigpipe(sc *scenario.Scenario, mode string) *scenario.Scenario {
	out := *sc
	out.Steps = append([]scenario.Step(nil), sc.Steps...)
	for i, st := range out.Steps {
		if st.Op == scenario.Start {
			out.Steps[i].Text = strings.ReplaceAll(st.Text, "-sigpipe {sigpipe}", "-sigpipe "+mode)
		}
	}
	return &out
}

// scenario loads a scenario from scripts/scenarios/.
func (j *job) scenario(name string) (*scenario.Scenario, error) {
	dir := j.scenarioDir
	if dir == "" {
		dir = filepath.Join(filepath.Dir(j.path), "scenarios")
	}
	return scenario.Load(filepath.Join(dir, name+".txt"))
}

// lastTyped is the last line the scenario types (the lesson's close or
// shutdown).
func lastTyped(sc *scenario.Scenario) string {
	last := ""
	for _, st := range sc.Steps {
		if st.Op == scenario.Type {
			last = st.Text
		}
	}
	return last
}

func lastLine(lines []string) string {
	for i := len(lines) - 1; i >= 0; i-- {
		if t := strings.TrimRight(lines[i], " \t"); t != "" {
			return t
		}
	}
	return ""
}
