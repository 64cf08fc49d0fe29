package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"graceclose/common"
)

// LogLine is one line of a log kept by scripts/lib.sh: a line a program
// wrote, a line typed into it, or what the script saw of it, with its time.
type LogLine struct {
	Time  time.Time
	Tag   string // whose line: "client.out", "client.in", "server.note", ...
	Text  string
	Trace *common.TraceLine // set for a -trace line
}

// Side is whose lifeline a line goes beside: "client" or "server", from its
// tag ("client.out" is the client's).
func (l LogLine) Side() string {
	side, _, _ := strings.Cut(l.Tag, ".")
	return side
}

// ParseLog reads one of scripts/lib.sh's logs: each line is
// "TIME<tab>TAG<tab>TEXT", TIME the Unix time the line was stamped:
//
//	1732384321.123456	server.out	received 5 bytes: data1
//
// A stamp is when the line reached the stamping process, a little after the
// program wrote it. -trace lines carry their own time, taken by the program
// itself (the first says when it started): those are used, and every other
// line is kept between the trace lines written before and after it in the
// same log, which is where the program wrote it. (scripts/wire.sh sends the
// programs' standard error to their standard output, so that one log holds
// both in the order they were written.)
func ParseLog(r io.Reader) ([]LogLine, error) {
	var lines []LogLine
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		fields := strings.SplitN(sc.Text(), "\t", 3)
		if len(fields) != 3 {
			return nil, fmt.Errorf("line %d: %q is not TIME<tab>TAG<tab>TEXT", n, sc.Text())
		}
		at, ok := common.ParseUnixTime(fields[0])
		if !ok {
			return nil, fmt.Errorf("line %d: %q does not start with a Unix time", n, sc.Text())
		}
		line := LogLine{Time: at, Tag: fields[1], Text: fields[2]}
		if tl, ok := common.ParseTraceLine(line.Text); ok {
			line.Trace = &tl
		}
		lines = append(lines, line)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	retime(lines)
	return lines, nil
}

// retime gives -trace lines the time the program took for them, and keeps
// every other line between the trace lines around it.
func retime(lines []LogLine) {
	var start time.Time
	for _, l := range lines {
		if l.Trace != nil {
			if s, ok := common.ParseTraceStart(l.Trace.Event); ok {
				start = s
				break
			}
		}
	}
	if start.IsZero() {
		return
	}
	for i := range lines {
		if lines[i].Trace != nil {
			lines[i].Time = start.Add(lines[i].Trace.At)
		}
	}
	var prev time.Time
	for i := range lines {
		if lines[i].Trace != nil {
			prev = lines[i].Time
			continue
		}
		if lines[i].Time.Before(prev) {
			lines[i].Time = prev
		}
		for j := i + 1; j < len(lines); j++ {
			if lines[j].Trace != nil {
				if lines[i].Time.After(lines[j].Time) {
					lines[i].Time = lines[j].Time
				}
				break
			}
		}
		prev = lines[i].Time
	}
}

// sideLines returns the lines beside one lifeline, in time order (at equal
// times, in the order the logs were given).
func sideLines(logs [][]LogLine, side string) []LogLine {
	var out []LogLine
	for _, log := range logs {
		for _, l := range log {
			if l.Side() == side {
				out = append(out, l)
			}
		}
	}
	sortByTime(out)
	return out
}
