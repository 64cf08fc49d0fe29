package main

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"graceclose/scripts/capture"
	"graceclose/scripts/claims"
	"graceclose/scripts/engine"
	"graceclose/scripts/kernel"
	"graceclose/scripts/netlab"
	"graceclose/scripts/scenario"
	"graceclose/scripts/timeline"
)

// claimsScript is claims.sh [EXPERIMENT...] [--markdown]: every claim the
// lesson and the texts beside it make about ending a connection, each
// decided by an experiment on this machine, in a table.
func claimsScript(j *job) int {
	markdown := false
	j.boolFlag("--markdown", &markdown)
	j.htmlFlag()
	if st := j.parseFlags(); st >= 0 {
		return st
	}
	names := j.words
	for _, n := range names {
		if _, ok := claims.Find(n); !ok {
			return j.usageError("unknown experiment: %s: want one of: %s", n, strings.Join(claims.Names(), " "))
		}
	}
	if len(names) == 0 {
		names = claims.Names()
	}
	overrides := j.claimsRecord
	if overrides == nil {
		var err error
		if overrides, err = recordOverrides(os.Getenv("GRACE_CLAIMS_RECORD")); err != nil {
			return j.usageError("GRACE_CLAIMS_RECORD: %v", err)
		}
	}
	if err := j.buildOnce(); err != nil {
		if j.interrupted() {
			return exitInterrupted
		}
		return j.cannotRun(err)
	}
	packets := j.lang.T("captured on %s with tcpdump, one capture per experiment", capture.LoopbackInterface())
	if !j.canCapture() {
		packets = j.lang.T("not captured: %s", j.captureWhy)
	}
	j.say("packets: %s", packets)
	start := time.Now()
	var rows []claims.Row
	for _, name := range names {
		exp, _ := claims.Find(name)
		r, status := j.claimExperiment(exp)
		if status == exitInterrupted || status == exitCannotRun {
			return status
		}
		for _, c := range exp.Claims {
			row := claims.Row{Experiment: exp.Name, Claim: c, Recorded: claims.Recorded(runtime.GOOS, exp.Name+"/"+c.ID, overrides)}
			if r.Skipped != "" {
				row.Verdict, row.Why, row.Observed = claims.Skipped, r.Skipped, j.lang.Words("not run here")
			} else if r.Failed != "" {
				row.Verdict, row.Why = "not measured", r.Failed
			} else {
				row.Observed = exp.Observe(r)
				if r.Captured() {
					row.Observed += j.lang.T("; packets: %s", r.Packets(exp.Name == "accept-queue"))
				}
				holds, why := c.Check(r)
				row.Verdict, row.Why = "holds", why
				if !holds {
					row.Verdict = "does not hold"
				}
			}
			rows = append(rows, row)
		}
	}
	system := systemName()
	j.printf("\n%s\n", strings.Join(claims.Wrap("=== "+j.lang.T("the claims on this machine (%s; packets: %s)", system+" "+kernelRelease(), packets), 100, "    "), "\n"))
	if markdown {
		j.printf("\n")
		claims.WriteMarkdown(j.out, j.lang, rows, system)
	} else {
		claims.WriteText(j.out, j.lang, rows, system, 100)
	}
	tally := claims.Count(rows)
	j.printf("\n%s\n", strings.Join(claims.Wrap(tally.Summary(j.lang, system), 100, "  "), "\n"))
	j.printf("(%.1f s)\n", time.Since(start).Seconds())
	switch {
	case tally.Unmeasured > 0:
		return exitCannotRun
	case tally.Differ > 0:
		return exitDiffers
	}
	return exitOK
}

// claimExperiment runs one experiment and prints it: its title, the
// commands to do it by hand, its timeline (with every system call: the
// claims are about what reads and writes return) and what it measured.
func (j *job) claimExperiment(exp claims.Experiment) (claims.Run, int) {
	sc, err := j.scenario(exp.Scenario)
	if err != nil {
		return claims.Run{}, j.cannotRun(err)
	}
	delay := j.timing().delay
	for try := 1; ; try++ {
		j.printf("\n=== %s: %s\n", exp.Name, j.lang.Words(exp.Title))
		if why := j.lacks(exp.Needs); why != "" {
			j.say("skipped: %s", why)
			return claims.Run{Lang: j.lang, Skipped: why}, exitOK
		}
		res, err := j.runClaim(exp, sc, delay)
		if err != nil {
			return claims.Run{}, j.cannotRun(err)
		}
		j.keepLogs(exp.Name, res)
		timeline.Render(j.out, res, timeline.Options{Lang: j.lang, Calls: true})
		if res.Interrupted {
			j.say("interrupted: the timeline above is what happened until then")
			return claims.Run{}, exitInterrupted
		}
		r := claims.Run{Result: res, Lang: j.lang}
		if !exp.Late || len(res.Late) == 0 {
			j.addToPage(exp.Name, exp.Name+": "+j.lang.Words(exp.Title), sc, res, exp.Observe(r), "", nil)
			if res.Failed == "" {
				j.printf("%s\n", strings.Join(claims.Wrap(j.lang.T("measured: %s", exp.Observe(r)), 100, "  "), "\n"))
			}
			return r, exitOK
		}
		if try == 2 {
			res.Failed = j.lang.T("typed too late twice (this machine is too slow for -delay %s): %s", delay, res.Late[0])
			return r, exitOK
		}
		j.say("(%s: once more, with the server's delay doubled)", res.Late[0])
		delay = doubled(delay)
	}
}

// lacks says what this machine or user lacks for an experiment that
// needs more than loopback (claims.TwoHosts, claims.Kernel), or "".
func (j *job) lacks(needs string) string {
	switch needs {
	case claims.TwoHosts:
		if ok, why := netlab.Available(); !ok {
			return j.lang.Reword(why)
		}
	case claims.Kernel:
		if ok, why := kernel.Available(); !ok {
			return j.lang.T("the RSTs the kernel sends are seen only through its own events: %s", j.lang.Reword(why))
		}
	}
	return ""
}

// runClaim runs an experiment's scenario, on loopback or, if it needs
// them, between two hosts made for it and removed after.
func (j *job) runClaim(exp claims.Experiment, sc *scenario.Scenario, delay string) (*engine.Result, error) {
	var lab *engine.Lab
	if exp.Needs == claims.TwoHosts {
		net, err := netlab.New()
		if err != nil {
			return nil, err
		}
		defer net.Close()
		j.say("two hosts: the client %s (%s), the server %s (%s), joined by a veth pair", net.Client.Addr, net.Client.Name, net.Server.Addr, net.Server.Name)
		lab = j.linkLab(exp.Name, sc, net, delay)
	} else {
		params := j.claimParams()
		params["delay"] = delay
		lab = j.lab(exp.Name, params)
	}
	lab.Quiet = j.quiet()
	lab.Listening = func(params map[string]string) { j.byHand(params, sc) }
	return lab.Run(j.ctx, sc)
}

// claimParams fills the claims' scenarios: with --fast the client's
// orphaned end is not waited for (close-wait), else for the kernel's
// tcp_fin_timeout and some.
func (j *job) claimParams() map[string]string {
	p := map[string]string{"finwait": j.quiet().String(), "synwindow": "4s"}
	if j.fast || j.paceFor != nil {
		p["synwindow"] = "1.5s"
	}
	if !j.fast && j.paceFor == nil {
		finTimeout := 60
		if text, err := os.ReadFile("/proc/sys/net/ipv4/tcp_fin_timeout"); err == nil {
			if n, err := strconv.Atoi(strings.TrimSpace(string(text))); err == nil {
				finTimeout = n
			}
		}
		p["finwait"] = (time.Duration(finTimeout+15) * time.Second).String()
	}
	return p
}

// quiet is the window in which "nothing arrives" is seen.
func (j *job) quiet() time.Duration {
	if j.fast || j.paceFor != nil {
		return 500 * time.Millisecond
	}
	return 2 * time.Second
}

// doubled is a -delay twice as long: "1s" is "2s".
func doubled(delay string) string {
	d, err := time.ParseDuration(delay)
	if err != nil {
		return delay
	}
	return (2 * d).String()
}

// recordOverrides reads GRACE_CLAIMS_RECORD: "EXPERIMENT/CLAIM=VERDICT
// ...", VERDICT holds or does_not_hold.
func recordOverrides(text string) (map[string]string, error) {
	out := map[string]string{}
	for _, item := range strings.Fields(text) {
		id, verdict, ok := strings.Cut(item, "=")
		verdict = strings.ReplaceAll(verdict, "_", " ")
		if !ok || !slices.Contains([]string{"holds", "does not hold"}, verdict) {
			return nil, fmt.Errorf("want EXPERIMENT/CLAIM=holds or does_not_hold, not %q", item)
		}
		out[id] = verdict
	}
	return out, nil
}

// systemName names the system as the recorded verdicts do.
func systemName() string {
	switch runtime.GOOS {
	case "linux":
		return "Linux"
	case "darwin":
		return "macOS"
	}
	return runtime.GOOS
}

// kernelRelease is uname -r.
func kernelRelease() string {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return ""
	}
	return unix.ByteSliceToString(u.Release[:])
}
