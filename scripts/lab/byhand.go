package main

import (
	"strings"

	"graceclose/scripts/scenario"
)

// steps says in a few words what the scenario does: "type data1, data2,
// close; the server replies after 1s".
func (j *job) steps(sc *scenario.Scenario, delay string) string {
	var parts, typed []string
	flush := func() {
		if len(typed) > 0 {
			parts = append(parts, j.lang.T("type %s", strings.Join(typed, j.lang.Words(", "))))
			typed = nil
		}
	}
	for _, st := range sc.Steps {
		switch st.Op {
		case scenario.Type:
			typed = append(typed, st.Text)
		case scenario.Signal:
			flush()
			parts = append(parts, j.lang.T("%s on the %s", keyName(st.Signal), j.lang.Words(st.Who)))
		}
	}
	flush()
	if strings.Contains(sc.Command("server"), "{delay}") {
		parts = append(parts, j.lang.T("the server replies after %s", delay))
	}
	return strings.Join(parts, j.lang.Words("; "))
}

// keyName is how a person sends a signal at a terminal.
func keyName(sig string) string {
	switch sig {
	case "SIGINT":
		return "Ctrl-C"
	case "SIGQUIT":
		return `Ctrl-\`
	}
	return "kill -" + strings.TrimPrefix(sig, "SIG")
}

// byHand prints the commands to do the run by hand, in a terminal each,
// and what to type in which. The commands are the run's, but for the
// server's delay and the client's sleep, shown at the lesson's pace: a
// person needs the lesson's 5 s to type three lines before the first reply.
func (j *job) byHand(run map[string]string, sc *scenario.Scenario) {
	if n := len(sc.Programs()); n > 2 {
		j.say("by hand, in %d terminals at the repository's root:", n)
	} else {
		j.say("by hand, in two terminals at the repository's root:")
	}
	lessonPace := map[string]string{"delay": "5s", "sleep": "6s"}
	params := map[string]string{}
	for k, v := range run {
		params[k] = v
	}
	changed := false
	for k, v := range lessonPace {
		if params[k] != "" && params[k] != v && usesParam(sc, k) {
			params[k], changed = v, true
		}
	}
	for _, name := range sc.Programs() {
		command, err := scenario.Fill(sc.Command(name), params)
		if err != nil {
			continue
		}
		j.printf("  %s$ build/%s\n", name, command)
	}
	for _, hint := range j.whatToDo(sc) {
		j.printf("  %s\n", hint)
	}
	if changed && usesParam(sc, "delay") {
		j.say("  (this run used -delay %s so as to be quick; by hand, the lesson's 5s leave you time to type)", run["delay"])
	}
	if j.showTcpdump {
		j.say("  and to watch the wire, in a third terminal: %s", tcpdumpLine(run["port"]))
	}
}

// whatToDo says, step by step, what a person does in the terminals.
func (j *job) whatToDo(sc *scenario.Scenario) []string {
	var out, typed []string
	who := ""
	flush := func() {
		if len(typed) > 0 {
			out = append(out, j.lang.T("then type %s in the %s's terminal", j.lang.And(typed), j.lang.Words(who)))
			typed = nil
		}
	}
	var lastPrint scenario.Step
	for _, st := range sc.Steps {
		switch st.Op {
		case scenario.Print:
			lastPrint = st
		case scenario.Type:
			if who != st.Who {
				flush()
			}
			who = st.Who
			typed = append(typed, st.Text)
		case scenario.Signal:
			flush()
			switch {
			case lastPrint.Who == "":
				out = append(out, j.lang.T("then press %s in the %s's terminal", keyName(st.Signal), j.lang.Words(st.Who)))
			case lastPrint.Pattern != nil:
				out = append(out, j.lang.T("once the %s has printed a line matching %q, press %s in the %s's terminal",
					j.lang.Words(lastPrint.Who), lastPrint.Text, keyName(st.Signal), j.lang.Words(st.Who)))
			default:
				out = append(out, j.lang.T("once the %s has printed %q, press %s in the %s's terminal",
					j.lang.Words(lastPrint.Who), lastPrint.Text, keyName(st.Signal), j.lang.Words(st.Who)))
			}
		}
	}
	flush()
	return out
}

// usesParam reports whether a program's command line in the scenario uses
// {name}.
func usesParam(sc *scenario.Scenario, name string) bool {
	for _, p := range sc.Programs() {
		if strings.Contains(sc.Command(p), "{"+name+"}") {
			return true
		}
	}
	return false
}
