package main

import (
	"fmt"
	"graceclose/scripts/capture"
	"graceclose/scripts/diagram"
	"graceclose/scripts/engine"
)

// wireScript is wire.sh [close] [shutdown]: the lesson's experiments with
// their packets captured, each drawn as the lesson's sequence diagram and
// checked against it.
func wireScript(j *job) int {
	j.htmlFlag()
	if st := j.parseFlags(); st >= 0 {
		return st
	}
	experiments := j.words
	for _, e := range experiments {
		if e != "close" && e != "shutdown" {
			return j.usageError("unknown experiment: %s: want close or shutdown", e)
		}
	}
	if len(experiments) == 0 {
		experiments = []string{"close", "shutdown"}
	}
	j.installTcpdump()
	if !j.canCapture() {
		// Nothing is wrong with the programs: say why and how, exit 0.
		j.say("%s: no diagrams: %s", j.name, j.captureWhy)
		return exitOK
	}
	status := exitOK
	j.showTcpdump = true
	for _, e := range experiments {
		res, st := j.runLesson(e, "default", j.lang.T("%s on the wire", e))
		if res == nil {
			return st
		}
		if res.Interrupted {
			j.say("interrupted")
			return exitInterrupted
		}
		st, verdict := j.drawWire(e, res)
		if st != exitOK {
			status = st
		}
		diffs := res.Differences()
		j.addToPage(res.Scenario.Name, fmt.Sprintf("%s on the wire", e), res.Scenario, res, verdict, "", diffs)
		if len(diffs) > 0 {
			j.say("  (the run itself differed from the lesson's:")
			for _, d := range diffs {
				j.printf("  %s\n", d)
			}
			j.printf("  )\n")
		}
	}
	return status
}

// drawWire draws a run's sequence diagram from its packets, then says
// whether its arrows are the lesson's: exitDiffers when not.
func (j *job) drawWire(experiment string, res *engine.Result) (int, string) {
	j.printf("\n")
	d, err := diagram.New(res.Events, res.Port)
	if err == nil {
		d.Lang = j.lang
		title := j.lang.T("%s: what went over %s (tcpdump), what each side printed and did", experiment, capture.LoopbackInterface())
		err = d.Render(j.out, title)
	}
	if err != nil {
		j.say("wire: no diagram: %v", err)
		return exitDiffers, err.Error()
	}
	if err := d.Check(experiment); err != nil {
		verdict := j.lang.T("wire: differs from the lesson's %s diagram: %v", experiment, err)
		j.printf("%s\n", verdict)
		return exitDiffers, verdict
	}
	verdict := j.lang.T("wire: as the lesson's %s diagram: %s", experiment, j.lang.Words(diagram.LessonSays[experiment]))
	j.printf("%s\n", verdict)
	return exitOK, verdict
}
