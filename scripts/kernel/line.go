package kernel

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"graceclose/scripts/events"
)

// traceLine is one event line of a tracefs trace, split into its columns.
type traceLine struct {
	task   string // the task that was running: "graceclient", "<idle>", "<...>" (name not recorded)
	pid    int
	flags  string // the irq-info column, "..s2.", or "" when the trace has none
	at     events.Mono
	event  string            // "inet_sock_set_state"
	fields map[string]string // the event's "key=value" words
}

// eventLine matches an event line of tracefs's default output:
//
//	graceclient-26073   [001] ..s2.   576.963414: inet_sock_set_state: family=AF_INET ...
//
// The task's name may hold spaces and dashes (the pid is the last
// "-digits"); the tgid column "(  123)" and the irq-info flags (4 or 5
// characters, by kernel version) are optional trace options.
var eventLine = regexp.MustCompile(`^\s*(.+)-(\d+)\s+(?:\(\s*(?:\d+|-+)\)\s+)?\[\d+\]\s+(?:(\S{4,5})\s+)?(\d+(?:\.\d+)?):\s+(\w+):\s*(.*)$`)

// lostLine matches the line tracefs puts where its ring buffer overwrote
// events before they were read: "CPU:1 [LOST 1908 EVENTS]", or without a
// count when the kernel could not tell.
var lostLine = regexp.MustCompile(`^CPU:(\d+) \[LOST (?:(\d+) )?EVENTS\]$`)

// splitLine splits an event line into its columns.
func splitLine(s string) (traceLine, error) {
	m := eventLine.FindStringSubmatch(s)
	if m == nil {
		return traceLine{}, fmt.Errorf("not a tracefs event line: %q", s)
	}
	pid, err := strconv.Atoi(m[2])
	if err != nil {
		return traceLine{}, fmt.Errorf("pid %q: %w", m[2], err)
	}
	at, err := parseMono(m[4])
	if err != nil {
		return traceLine{}, err
	}
	l := traceLine{task: m[1], pid: pid, flags: m[3], at: at, event: m[5], fields: map[string]string{}}
	for _, word := range strings.Fields(m[6]) {
		if k, v, ok := strings.Cut(word, "="); ok {
			l.fields[k] = v
		}
	}
	return l, nil
}

// parseMono reads a trace timestamp, seconds.microseconds as tracefs prints
// a nanosecond clock such as mono, into nanoseconds, exactly: a float64
// holds about 16 digits, too few for an uptime in nanoseconds.
func parseMono(s string) (events.Mono, error) {
	secs, frac, ok := strings.Cut(s, ".")
	if !ok || frac == "" || len(frac) > 9 {
		return 0, fmt.Errorf("timestamp %q is not seconds.fraction (the instance's trace_clock must be mono)", s)
	}
	sec, err := strconv.ParseUint(secs, 10, 64)
	if err != nil || sec >= math.MaxInt64/1_000_000_000 {
		return 0, fmt.Errorf("timestamp %q: seconds out of range", s)
	}
	ns, err := strconv.ParseUint(frac, 10, 32)
	if err != nil {
		return 0, fmt.Errorf("timestamp %q: %w", s, err)
	}
	for range 9 - len(frac) {
		ns *= 10
	}
	return events.Mono(sec*1e9 + ns), nil
}

// context says where the kernel ran when it logged the line: "softirq"
// when it acted on its own (a packet's arrival, a timer; the task column
// then names whoever happened to be interrupted), else the task whose
// system call it was in, as the trace names it ("graceclient-4242").
func (l traceLine) context() string {
	if len(l.flags) >= 3 {
		switch l.flags[2] {
		case 's':
			return "softirq"
		case 'h', 'H':
			return "hardirq"
		case 'z', 'Z':
			return "NMI"
		}
	}
	if l.task == "<...>" { // the kernel did not keep the task's name
		return "pid " + strconv.Itoa(l.pid)
	}
	return l.task + "-" + strconv.Itoa(l.pid)
}
