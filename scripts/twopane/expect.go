package twopane

import (
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"graceclose/scripts/scenario"
)

// entry is a line a pane is expected to show after its command line: a
// line typed into it (the terminal echoes it) or one its program prints,
// on stdout or stderr: a terminal shows both, in the order printed.
type entry struct {
	text  string
	step  int // the scenario's step it comes from
	typed bool
}

// entries are the lines who's pane is expected to show after its command
// line, in the scenario's order. A terminal cannot show trailing blanks:
// "send bytes: 5 " is shown as "send bytes: 5".
func entries(sc *scenario.Scenario, who string) []entry {
	var out []entry
	for i, st := range sc.Steps {
		if st.Who != who || (st.Op != scenario.Type && st.Op != scenario.Print) {
			continue
		}
		out = append(out, entry{text: strings.TrimRight(st.Text, " \t"), step: i, typed: st.Op == scenario.Type})
	}
	return out
}

// before counts the pane's entries that come from steps before step i.
func (p *pane) before(i int) int {
	n := 0
	for _, e := range p.entries {
		if e.step < i {
			n++
		}
	}
	return n
}

// shown counts the entries the pane shows, in order, after its command
// line: each is the first line that is it after the previous one's (other
// lines may come between them).
func (p *pane) shown(lines []string) int {
	start := -1
	for i, l := range lines {
		if l == prompt+" "+p.command {
			start = i
			break
		}
	}
	if start < 0 || p.command == "" {
		return 0
	}
	k := 0
	for _, l := range lines[start+1:] {
		if k < len(p.entries) && l == p.entries[k].text {
			k++
		}
	}
	return k
}

// want is the pane a full transcript gives: the command line, the lines
// typed and printed in the scenario's order, then echo $? and its answer.
func (p *pane) want(t scenario.Transcript) []string {
	lines := []string{prompt + " " + p.command}
	for _, e := range p.entries {
		lines = append(lines, e.text)
	}
	return append(lines, prompt+" echo $?", shellStatus(t.Ends), prompt)
}

// shellStatus is an ending as echo $? shows it: "1" for "exit 1", "141"
// for "killed by SIGPIPE".
func shellStatus(ending string) string {
	if code, ok := strings.CutPrefix(ending, "exit "); ok {
		return code
	}
	if name, ok := strings.CutPrefix(ending, "killed by "); ok {
		if sig := unix.SignalNum(name); sig != 0 {
			return strconv.Itoa(128 + int(sig))
		}
	}
	return ending
}
