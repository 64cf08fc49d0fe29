package main

import (
	"errors"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"time"

	"graceclose/scripts/bench"
	"graceclose/scripts/lang"
)

// benchScript is bench.sh: the pair's throughput (files and terminals), a
// run of two million lines, peak memory, idle CPU and startup, and with a
// second pair the same for it, alternating, with the ratios.
func benchScript(j *job) int {
	var (
		runs, lines                   int
		idle                          time.Duration
		this                          = bench.Pair{Name: "this"}
		other                         = bench.Pair{Name: "other"}
		portStyle, otherPortStyle     = "flag", ""
		client, server, oClient, oSrv string
	)
	j.valueFlag("--runs", j.lang.Words("a number"), j.positive(&runs))
	j.valueFlag("--lines", j.lang.Words("a number"), j.positive(&lines))
	j.valueFlag("--idle", j.lang.Words("a number of seconds"), func(v string) error {
		s, err := strconv.ParseFloat(v, 64)
		if err != nil || !(s > 0) || math.IsInf(s, 0) || s > 3600 {
			return errors.New(j.lang.T("not a number of seconds (up to 3600): %s", v))
		}
		idle = time.Duration(s * float64(time.Second))
		return nil
	})
	for _, f := range []struct {
		name string
		path *string
	}{{"--client", &client}, {"--server", &server}, {"--compare-client", &oClient}, {"--compare-server", &oSrv}} {
		j.valueFlag(f.name, j.lang.Words("a path"), j.nonEmpty(f.path))
	}
	j.valueFlag("--port-style", j.lang.Words("flag or env:NAME"), j.portStyleFlag(&portStyle))
	j.valueFlag("--compare-port-style", j.lang.Words("flag or env:NAME"), j.portStyleFlag(&otherPortStyle))
	if st := j.onlyCommonFlags(); st >= 0 {
		return st
	}
	if (oClient == "") != (oSrv == "") {
		return j.usageError("--compare-client and --compare-server go together")
	}
	if otherPortStyle != "" && oClient == "" {
		return j.usageError("--compare-port-style needs --compare-client and --compare-server")
	}

	opts := bench.Options{Runs: 3, Lines: []int{20000, 200000}, Memory: [2]int{20000, 500000},
		HugeLines: 2000000, Idle: 5 * time.Second, Port: j.port, Keep: j.keep, Out: j.out, Lang: j.lang}
	if j.fast {
		opts.Runs, opts.Lines, opts.Memory, opts.HugeLines, opts.Idle = 1, []int{2000}, [2]int{2000, 50000}, 0, time.Second
	}
	if runs > 0 {
		opts.Runs = runs
	}
	if lines > 0 {
		opts.Lines, opts.Memory = []int{lines}, [2]int{lines, 25 * lines}
	}
	if idle > 0 {
		opts.Idle = idle
	}

	root := filepath.Dir(binDir(j.path))
	if client == "" || server == "" {
		if err := j.buildOnce(); err != nil {
			return j.stopped(err)
		}
		bin := j.bin
		if bin == "" {
			bin = binDir(j.path)
		}
		client = orDefault(client, filepath.Join(bin, "graceclient"))
		server = orDefault(server, filepath.Join(bin, "graceserver"))
	}
	this.Client, this.Server, this.PortEnv = client, server, envName(portStyle)
	opts.Pairs = []bench.Pair{this}
	if oClient != "" {
		other.Client, other.Server, other.PortEnv = oClient, oSrv, envName(otherPortStyle)
		opts.Pairs = append(opts.Pairs, other)
	}
	for i := range opts.Pairs {
		p := &opts.Pairs[i]
		for _, path := range []*string{&p.Client, &p.Server} {
			found, err := runnable(j.lang, *path)
			if err != nil {
				return j.cannotRun(err)
			}
			*path = found
		}
	}
	dir, err := j.workdir()
	if err != nil {
		return j.cannotRun(err)
	}
	opts.Dir = dir

	j.printf("\n")
	j.say("machine: %s", bench.Machine())
	j.printf("go: %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	for _, p := range opts.Pairs {
		name := bench.PairName(j.lang, p.Name) + ":"
		width := max(6, lang.Width(name))
		j.printf("%s %s\n%s %s\n", lang.Pad(name, width), p.Shown("server", root), lang.Pad("", width), p.Shown("client", root))
	}
	report, err := bench.Run(j.ctx, opts)
	if err != nil {
		return j.stopped(err)
	}
	verdict := j.lang.Words("every byte came back, and both programs ended as expected, in every run")
	if len(report.Failed) > 0 {
		verdict = j.lang.T("%d check(s) failed", len(report.Failed))
	}
	j.printf("\n%s\n", j.lang.T("verdict: %s", verdict))
	if len(report.Failed) > 0 {
		j.printf("  %s\n", j.lang.Words("this differs from what the benchmark expects:"))
		for _, f := range report.Failed {
			j.printf("  %s\n", f)
		}
		return exitDiffers
	}
	j.printf("  %s\n", j.lang.Words("this is what the benchmark expects"))
	return exitOK
}

// stopped is the status when the bench could not go on: interrupted, or
// unable to run.
func (j *job) stopped(err error) int {
	if j.interrupted() {
		j.printf("\n")
		j.say("interrupted: the runs above are what was measured until then")
		return exitInterrupted
	}
	return j.cannotRun(err)
}

// positive is a value check: a whole number from 1 up.
func (j *job) positive(n *int) func(string) error {
	return func(v string) error {
		x, err := strconv.Atoi(v)
		if err != nil || x < 1 || strings.HasPrefix(v, "+") || strings.HasPrefix(v, "0") {
			return errors.New(j.lang.T("not a positive whole number: %s", v))
		}
		*n = x
		return nil
	}
}

// nonEmpty is a value check: a path, not "".
func (j *job) nonEmpty(s *string) func(string) error {
	return func(v string) error {
		if v == "" {
			return errors.New(j.lang.Words("needs a path"))
		}
		*s = v
		return nil
	}
}

var variableName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// portStyleFlag is a value check: "flag", or "env:NAME" with NAME a
// variable's name.
func (j *job) portStyleFlag(style *string) func(string) error {
	return func(v string) error {
		name, isEnv := strings.CutPrefix(v, "env:")
		switch {
		case v == "flag":
		case isEnv && variableName.MatchString(name):
		case isEnv:
			return errors.New(j.lang.T("not a variable name: %s", name))
		default:
			return errors.New(j.lang.T("want flag or env:NAME, not %q", v))
		}
		*style = v
		return nil
	}
}

// envName is the variable of an "env:NAME" port style, "" for "flag".
func envName(style string) string {
	name, _ := strings.CutPrefix(style, "env:")
	if style == "flag" || style == "" {
		return ""
	}
	return name
}

func orDefault(v, otherwise string) string {
	if v == "" {
		return otherwise
	}
	return v
}

// runnable is path if it can be run (a path, or a name found in PATH),
// absolute.
func runnable(p *lang.Printer, path string) (string, error) {
	if !strings.Contains(path, "/") {
		found, err := exec.LookPath(path)
		if err != nil {
			return "", errors.New(p.T("cannot run %s: not found in PATH", path))
		}
		path = found
	}
	fi, err := os.Stat(path)
	if err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		return "", errors.New(p.T("cannot run %s: not an executable file", path))
	}
	return filepath.Abs(path)
}
