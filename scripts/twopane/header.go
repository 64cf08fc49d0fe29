package twopane

import (
	"fmt"
	"strings"

	"graceclose/scripts/lang"

	"graceclose/scripts/scenario"
)

// say writes a line for the learner, in the run's language, but never
// while this terminal is tmux's (Attach): it would be drawn over the
// panes.
func (r *run) say(format string, args ...any) { r.print(r.T(format, args...)) }

// print writes a line as it is (a command line, a pane's text), but never
// while this terminal is tmux's.
func (r *run) print(line string) {
	if !r.attached {
		fmt.Fprintln(r.out, line)
	}
}

// T says a message in the run's language.
func (r *run) T(format string, args ...any) string { return r.lang().T(format, args...) }

// Words is text in the run's language: "client" and "server".
func (r *run) Words(text string) string { return r.lang().Words(text) }

// lang is the run's language: English unless the Config says.
func (r *run) lang() *lang.Printer {
	if r.cfg.Lang == nil {
		return lang.English
	}
	return r.cfg.Lang
}

// printHeader says what is about to happen: which pane is which, the
// command lines typed, the lines typed into them.
//
//	=== close in two panes, as in two terminals: graceserver on the left, graceclient on the right
//	server$ build/graceserver -addr 127.0.0.1 -port 43211 -delay 5s -sigpipe default
//	client$ build/graceclient -port 43211 -sleep 6s 127.0.0.1
//	typing data1, data2 and close into the client's pane; the server replies after 5s
func (r *run) printHeader() {
	var progs []string
	for _, p := range r.panes {
		prog, _, _ := strings.Cut(p.title, " ")
		progs = append(progs, prog)
	}
	where := r.T("%s from left to right", strings.Join(progs, r.Words(", ")))
	if len(progs) == 2 {
		where = r.T("%s on the left, %s on the right", progs[0], progs[1])
	}
	r.print("")
	r.say("=== %s in two panes, as in two terminals: %s", r.cfg.Name, where)
	for _, p := range r.panes {
		command, err := scenario.Fill(r.sc.Command(p.who), r.params)
		if err != nil {
			command = r.sc.Command(p.who)
		}
		r.print(p.who + "$ " + r.typed(command))
	}
	var parts, typed []string
	who := ""
	flush := func() {
		if len(typed) > 0 {
			parts = append(parts, r.T("typing %s into the %s's pane", r.lang().And(typed), r.Words(who)))
			typed = nil
		}
	}
	for _, st := range r.sc.Steps {
		if st.Op != scenario.Type {
			continue
		}
		if st.Who != who {
			flush()
			who = st.Who
		}
		typed = append(typed, st.Text)
	}
	flush()
	for _, p := range r.panes {
		if strings.Contains(r.sc.Command(p.who), "{delay}") {
			parts = append(parts, r.T("the %s replies after %s", r.Words(p.who), r.params["delay"]))
		}
	}
	if len(parts) > 0 {
		r.print(strings.Join(parts, r.Words("; ")))
	}
}
