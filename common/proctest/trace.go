package proctest

import (
	"strings"
	"testing"

	"graceclose/common"
)

// SplitTrace separates what a program run with -trace wrote on standard
// error into its trace lines, parsed, and the rest: what the program writes
// there without -trace (the course's error lines), in order.
func SplitTrace(stderr string) (trace []common.TraceLine, rest string) {
	var b strings.Builder
	for _, line := range strings.SplitAfter(stderr, "\n") {
		if tl, ok := common.ParseTraceLine(strings.TrimSuffix(line, "\n")); ok && strings.HasSuffix(line, "\n") {
			trace = append(trace, tl)
			continue
		}
		b.WriteString(line)
	}
	return trace, b.String()
}

// Step is one expected trace line: its event starts with Event, and its
// state is one of States (any state when States is empty).
type Step struct {
	Event  string
	States []string
}

// WantTrace checks that steps appear in trace in this order, not
// necessarily one after the other; with states false, only the events are
// checked (for a system whose states cannot be read). It also checks that
// the times never go back.
func WantTrace(t testing.TB, who string, trace []common.TraceLine, states bool, steps ...Step) {
	t.Helper()
	for i := 1; i < len(trace); i++ {
		if trace[i].At < trace[i-1].At {
			t.Errorf("%s: trace goes back in time: %v then %v", who, trace[i-1], trace[i])
		}
	}
	i := 0
	for _, step := range steps {
		for i < len(trace) && !step.matches(trace[i], states) {
			i++
		}
		if i == len(trace) {
			t.Errorf("%s: trace lacks %q in state %v after the lines before it; got:\n%s", who, step.Event, step.States, FormatTrace(trace))
			return
		}
		i++
	}
}

func (s Step) matches(tl common.TraceLine, states bool) bool {
	if !strings.HasPrefix(tl.Event, s.Event) {
		return false
	}
	if !states || len(s.States) == 0 {
		return true
	}
	for _, state := range s.States {
		if tl.State == state {
			return true
		}
	}
	return false
}

// FormatTrace shows trace lines one a line, for failure messages.
func FormatTrace(trace []common.TraceLine) string {
	var b strings.Builder
	for _, tl := range trace {
		b.WriteString("\t" + tl.Event)
		if tl.State != "" {
			b.WriteString(common.StateArrow + tl.State)
		}
		b.WriteString("\n")
	}
	return b.String()
}
