package main

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"graceclose/scripts/capture"
	"graceclose/scripts/claims"
	"graceclose/scripts/engine"
	"graceclose/scripts/events"
	"graceclose/scripts/lang"
	"graceclose/scripts/netlab"
	"graceclose/scripts/scenario"
	"graceclose/scripts/timeline"
)

// linkScenarios are link.sh's scenarios, in order, and the scenario files
// each runs.
var linkScenarios = []struct {
	name  string
	files []string
}{
	{"lesson", []string{"close", "shutdown"}},
	{"lost-fin", []string{"lost-fin"}},
	{"lost-rst", []string{"lost-rst"}},
	{"cable-cut", []string{"cable-cut"}},
	{"vanished", []string{"vanished-busy", "vanished-idle"}},
	{"simultaneous", []string{"simultaneous"}},
}

// linkScript is link.sh [SCENARIO...]: the experiments between two hosts,
// each in a network namespace of its own, joined by a veth pair, with
// faults on the link.
func linkScript(j *job) int {
	j.htmlFlag()
	if st := j.parseFlags(); st >= 0 {
		return st
	}
	var names, files []string
	for _, s := range linkScenarios {
		names = append(names, s.name)
		files = append(files, s.files...)
	}
	chosen := j.words
	for _, w := range chosen {
		// A scenario, or one of its files (vanished-idle, say).
		if !slices.Contains(names, w) && !slices.Contains(files, w) {
			return j.usageError("unknown scenario: %s: want one of: %s", w, strings.Join(names, " "))
		}
	}
	if len(chosen) == 0 {
		chosen = names
	}
	if ok, why := netlab.Available(); !ok {
		// Nothing is wrong with the programs: say why and how, exit 0.
		j.printf("%s: %s\n", j.name, j.lang.Reword(why))
		return exitOK
	}
	if ok, why := netlab.NetemAvailable(); !ok {
		j.say("(delay and loss on the link: %s; the faults here are drops, with nftables)", j.lang.Reword(why))
	}
	if err := j.buildOnce(); err != nil {
		if j.interrupted() {
			return exitInterrupted
		}
		return j.cannotRun(err)
	}
	status := exitOK
	var verdicts []string
	for _, s := range linkScenarios {
		for _, file := range s.files {
			if !slices.Contains(chosen, s.name) && !slices.Contains(chosen, file) {
				continue
			}
			verdict, st := j.linkRun(s.name, file)
			switch {
			case st == exitInterrupted || st == exitCannotRun:
				return st
			case st != exitOK:
				status = st
			}
			verdicts = append(verdicts, verdict)
		}
	}
	j.printf("\n=== %s\n", j.lang.Words("the verdicts"))
	for _, v := range verdicts {
		j.printf("%s\n", v)
	}
	return status
}

// linkRun runs one scenario file between two fresh hosts, prints its
// timeline and its verdict, and removes the hosts.
func (j *job) linkRun(scenarioName, file string) (string, int) {
	sc, err := j.scenario(file)
	if err != nil {
		return "", j.cannotRun(err)
	}
	net, err := netlab.New()
	if err != nil {
		return "", j.cannotRun(err)
	}
	defer net.Close()
	title := file
	if file != scenarioName {
		title = scenarioName + ": " + file
	}
	j.printf("\n=== %s: %s\n", title, firstSentence(sc.About))
	j.say("two hosts: the client %s (%s), the server %s (%s), joined by a veth pair", net.Client.Addr, net.Client.Name, net.Server.Addr, net.Server.Name)
	lab := j.linkLab(file, sc, net, j.timing().delay)
	lab.Listening = func(params map[string]string) { j.byHand(params, sc) }
	res, err := lab.Run(j.ctx, sc)
	if err != nil {
		return "", j.cannotRun(err)
	}
	j.keepLogs(file, res)
	timeline.Render(j.out, res, timeline.Options{Lang: j.lang, Calls: true})
	if res.Interrupted {
		j.say("interrupted: the timeline above is what happened until then")
		return "", exitInterrupted
	}
	verdict, ok := linkVerdict(j.lang, file, res)
	diffs := res.Differences()
	outcome := j.lang.Words("this is what the scenario says")
	if !ok || len(diffs) > 0 {
		outcome = j.lang.Words("this differs from what the scenario says:")
	}
	j.printf("\n%s\n  %s\n", j.lang.T("verdict: %s", title+": "+verdict), outcome)
	for _, d := range diffs {
		j.printf("  %s\n", d)
	}
	j.addToPage(file, title, sc, res, title+": "+verdict, outcome, diffs)
	if !ok || len(diffs) > 0 {
		return title + ": " + verdict + "  " + j.lang.Words("(NOT what the scenario says)"), exitDiffers
	}
	return title + ": " + verdict, exitOK
}

// linkLab is the lab that runs scenario file between net's two hosts, the
// server's delay at least delay.
func (j *job) linkLab(file string, sc *scenario.Scenario, net *netlab.Net, delay string) *engine.Lab {
	// The user timeout must run out between the server's two replies. The
	// kernel looks at it only when a retransmission is due, so a send
	// unacknowledged fails some 0.4 s after the timeout (measured here: a
	// 100 ms timeout ends the connection 0.52 s after the send, 1 s after
	// 1.44 s): the server's delay is at least 1.5 s across the link, and the
	// timeout a fifth of it (1s at the lesson's pace).
	d, err := time.ParseDuration(delay)
	if err != nil || (d < 1500*time.Millisecond && usesParam(sc, "timeout")) {
		d = 1500 * time.Millisecond
	}
	params := map[string]string{"host": net.Server.Addr.String(), "delay": d.String(),
		"timeout": (d / 5).String(), "keepalive": "1s"}
	lab := j.lab(file, params)
	lab.Command = func(who string, argv []string) []string {
		if who == "server" {
			return net.Server.Command(argv...)
		}
		return net.Client.Command(argv...)
	}
	lab.Fault = func(name, host string) error { return j.fault(net, name, host) }
	lab.Capture = j.linkCapture(file, net)
	return lab
}

// fault breaks the link as a scenario's fault step says.
func (j *job) fault(n *netlab.Net, name, host string) error {
	h := n.Client
	if host == "server" {
		h = n.Server
	}
	var err error
	switch name {
	case "drop-first-fin":
		_, err = n.DropFirstFIN(h)
	case "cross-fins":
		_, err = n.CrossFINs()
	case "drop-rst":
		_, err = n.DropRST(h)
	case "drop-all":
		_, err = n.DropAll()
	case "link-down":
		err = n.LinkDown()
	case "remove-host":
		err = n.RemoveHost(h)
	default:
		err = fmt.Errorf("no fault %q", name)
	}
	return err
}

// linkCapture captures on the client's end of the link, inside its host:
// what the client sends, and what reaches it.
func (j *job) linkCapture(name string, n *netlab.Net) func(port int) (engine.Capture, error) {
	if !j.canCapture() {
		return nil
	}
	return func(port int) (engine.Capture, error) {
		dir, err := j.runDir(name)
		if err != nil {
			return nil, err
		}
		prefix := n.Client.Command()
		return capture.Start(capture.Options{Iface: n.Client.Iface, Port: port, Path: dir + "/capture.pcap", Command: prefix})
	}
}

// firstSentence is the first sentence of a scenario's comment, without
// its name.
func firstSentence(about string) string {
	_, text, _ := strings.Cut(about, ": ")
	text = strings.ReplaceAll(text, "\n", " ")
	if i := strings.Index(text, ". "); i >= 0 {
		text = text[:i+1]
	}
	return text
}

// linkVerdict reads what happened in a scenario across the link, in one
// line, and whether it is what the scenario shows.
func linkVerdict(p *lang.Printer, file string, res *engine.Result) (string, bool) {
	server := res.Program("server")
	client := res.Program("client")
	ending := func(o *engine.Outcome) string { return describeEnd(p, o) }
	run := claims.Run{Result: res, Lang: p}
	switch file {
	case "close", "shutdown":
		words := summarize(p, file, res)
		if len(res.Differences()) == 0 {
			return p.T("%s; the same as on loopback, over a veth pair", words), true
		}
		return words, false
	case "lost-fin":
		again := run.Retransmissions("client", "FIN_WAIT1")
		stay := run.StateDuration("client", "FIN_WAIT1")
		if again == 0 {
			return p.T("no FIN was sent again (the client was in FIN_WAIT1 %s); server %s", stay, ending(server)), false
		}
		return p.T("the client's FIN was lost and sent again (%d time(s)); the client stayed in FIN_WAIT1 %s; the server read EOF only then, and %s",
			again, stay, ending(server)), true
	case "lost-rst":
		sigpipe := server != nil && strings.HasPrefix(server.Ending, "killed by SIGPIPE")
		sends := countReturns(res, "server", "send", func(r string) bool { return r != "EPIPE" && r != "ECONNRESET" })
		words := p.T("both of the server's sends succeeded (%d), no SIGPIPE; the server %s", sends, ending(server))
		if sigpipe {
			words = p.Words("the server was killed by SIGPIPE: a RST got through")
		}
		return words, !sigpipe && sends == 2
	case "cable-cut", "vanished-busy":
		again := run.Retransmissions("server", "")
		words := p.T("the server's replies were sent again %d time(s), unanswered; then it %s", again, ending(server))
		timedOut := server != nil && (strings.Contains(string(server.Stderr), "Connection timed out") || strings.Contains(string(server.Stderr), "No route to host"))
		return words, timedOut
	case "vanished-idle":
		timedOut := server != nil && strings.Contains(string(server.Stderr), "error read: ")
		return p.T("the idle server's keepalive probes went unanswered; it %s", ending(server)), timedOut
	case "simultaneous":
		closing := []string{}
		for _, who := range []string{"client", "server"} {
			if run.WentThrough(who, "CLOSING") {
				closing = append(closing, p.Words(who))
			}
		}
		switch len(closing) {
		case 0:
			return p.T("the FINs did not cross (no end went through CLOSING); client %s, server %s", ending(client), ending(server)), false
		case 1:
			return p.T("the FINs crossed: the %s went through CLOSING, then a time-wait socket took over", closing[0]), true
		}
		return p.T("the FINs crossed: the %s and the %s went through CLOSING, then a time-wait socket took over", closing[0], closing[1]), true
	}
	return "", false
}

// countReturns counts who's returns of call whose result passes ok.
func countReturns(res *engine.Result, who, call string, ok func(string) bool) int {
	n := 0
	for _, e := range res.Events {
		if e.Kind == events.Returned && e.Who == who && e.Call == call && ok(e.Result) {
			n++
		}
	}
	return n
}
