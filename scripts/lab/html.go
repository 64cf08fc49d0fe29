package main

import (
	"os"
	"strings"

	"graceclose/scripts/engine"
	"graceclose/scripts/page"
	"graceclose/scripts/scenario"
)

// htmlFlag declares --html FILE, for the scripts that run experiments.
func (j *job) htmlFlag() {
	j.valueFlag("--html", "a file to write", func(v string) error {
		j.html = v
		return nil
	})
}

// addToPage keeps a run for the page --html writes at the end.
func (j *job) addToPage(name, title string, sc *scenario.Scenario, res *engine.Result, verdict, outcome string, diffs []string) {
	if j.html == "" || res == nil {
		return
	}
	r := page.Run{Name: name, Title: title, About: sc.About, ByHand: j.byHandLines(res.Params, sc), Result: res,
		Verdict: verdict, Outcome: outcome, Differences: diffs, Ok: len(diffs) == 0}
	if !j.canCapture() {
		r.Missing = append(r.Missing, j.lang.T("no packets captured: %s", j.captureWhy))
	}
	r.Missing = append(r.Missing, res.NotSeen...)
	j.pageRuns = append(j.pageRuns, r)
}

// writePage writes the page, if --html asked for one, and says where.
func (j *job) writePage() int {
	if j.html == "" || len(j.pageRuns) == 0 {
		return -1
	}
	f, err := os.Create(j.html)
	if err == nil {
		err = page.Write(f, "graceclose: scripts/"+j.name, j.pageRuns, j.lang)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return j.cannotRun(err)
	}
	j.say("the page: %s (open it in a browser)", j.html)
	return -1
}

// byHandLines are the commands of byHand, for the page.
func (j *job) byHandLines(params map[string]string, sc *scenario.Scenario) []string {
	var b strings.Builder
	out := j.out
	j.out = &b
	j.byHand(params, sc)
	j.out = out
	return strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
}
