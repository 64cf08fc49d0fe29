package main

import (
	"fmt"
	"time"
)

// demoScript is demo.sh [--wire]: the close experiment, then the shutdown
// experiment, then both verdicts; with --wire, then their sequence
// diagrams from a packet capture.
func demoScript(j *job) int {
	wire := false
	j.boolFlag("--wire", &wire)
	if st := j.onlyCommonFlags(); st >= 0 {
		return st
	}
	start := time.Now()
	status := exitOK
	var verdicts []lessonVerdict
	for _, experiment := range []string{"close", "shutdown"} {
		v := j.lesson(experiment, experiment, "default")
		if v.status == exitCannotRun || v.status == exitInterrupted {
			return v.status
		}
		if v.status != exitOK {
			status = exitDiffers
		}
		verdicts = append(verdicts, v)
	}
	took := time.Since(start)
	wireVerdict := ""
	if wire {
		st, words := j.wireDemo(verdicts)
		wireVerdict = words
		if st == exitDiffers {
			status = exitDiffers
		}
	}
	j.printf("\n%s\n", j.lang.T("=== the two verdicts (%.1f s)", took.Seconds()))
	for _, v := range verdicts {
		if v.differs {
			fmt.Fprintf(j.out, "%s  %s\n", v.summary, j.lang.Words("(NOT the lesson's outcome)"))
		} else {
			fmt.Fprintln(j.out, v.summary)
		}
	}
	if wireVerdict != "" {
		fmt.Fprintln(j.out, wireVerdict)
	}
	return status
}

// wireDemo is demo.sh --wire's part: both runs' sequence diagrams, from
// the packets each captured, and one line for them.
func (j *job) wireDemo(runs []lessonVerdict) (int, string) {
	if !j.canCapture() {
		j.printf("\n")
		j.say("%s: no diagrams: %s", j.name, j.captureWhy)
		return exitOK, j.lang.Words("wire: no diagrams, capturing is not possible here (see above)")
	}
	status := exitOK
	for i, experiment := range []string{"close", "shutdown"} {
		if st, _ := j.drawWire(experiment, runs[i].res); st != exitOK {
			status = st
		}
	}
	if status != exitOK {
		return status, j.lang.Words("wire: a diagram differs from the lesson's (see above)")
	}
	return exitOK, j.lang.Words("wire: both diagrams are the lesson's")
}
