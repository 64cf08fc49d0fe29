package twopane

import (
	"fmt"
	"strings"

	"graceclose/scripts/scenario"
)

// say writes a line for the learner, but never while this terminal is
// tmux's (Attach): it would be drawn over the panes.
func (r *run) say(format string, args ...any) {
	if !r.attached {
		fmt.Fprintf(r.out, format+"\n", args...)
	}
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
	where := strings.Join(progs, ", ") + " from left to right"
	if len(progs) == 2 {
		where = progs[0] + " on the left, " + progs[1] + " on the right"
	}
	r.say("\n=== %s in two panes, as in two terminals: %s", r.cfg.Name, where)
	for _, p := range r.panes {
		command, err := scenario.Fill(r.sc.Command(p.who), r.params)
		if err != nil {
			command = r.sc.Command(p.who)
		}
		r.say("%s$ %s", p.who, r.typed(command))
	}
	var parts, typed []string
	who := ""
	flush := func() {
		if len(typed) > 0 {
			parts = append(parts, fmt.Sprintf("typing %s into the %s's pane", andList(typed), who))
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
			parts = append(parts, fmt.Sprintf("the %s replies after %s", p.who, r.params["delay"]))
		}
	}
	if len(parts) > 0 {
		r.say("%s", strings.Join(parts, "; "))
	}
}

// andList is "a, b and c".
func andList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
