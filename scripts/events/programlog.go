package events

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"strings"
)

// ReadProgramLog reads the event log a program wrote (common.EventLog: the
// GRACECLOSE_EVENTS side channel) and returns its events as who's, in
// order. Printed text comes as the program printed it, a Printf at a time;
// Lines joins it into lines. A line it cannot read is an error naming it.
func ReadProgramLog(r io.Reader, who string) ([]Event, error) {
	var out []Event
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	n := 0
	for sc.Scan() {
		n++
		e, err := parseProgramLine(sc.Text(), who)
		if err != nil {
			return out, fmt.Errorf("line %d: %v: %q", n, err, sc.Text())
		}
		if e.Kind >= 0 {
			out = append(out, e)
		}
	}
	return out, sc.Err()
}

func parseProgramLine(line, who string) (Event, error) {
	stamp, rest, _ := strings.Cut(line, " ")
	ns, err := strconv.ParseInt(stamp, 10, 64)
	if err != nil {
		return Event{}, fmt.Errorf("no time")
	}
	e := Event{At: Mono(ns), Who: who, Source: "program"}
	kind, rest, _ := strings.Cut(rest, " ")
	switch kind {
	case "start":
		e.Kind = -1 // the log's first line: nothing happened yet
	case "print":
		stream, text, _ := strings.Cut(rest, " ")
		s, err := strconv.Unquote(text)
		if err != nil {
			return Event{}, err
		}
		e.Kind, e.Stream, e.Text = Printed, stream, s
	case "call":
		f := strings.SplitN(rest, " ", 3)
		if len(f) != 3 {
			return Event{}, fmt.Errorf("a call needs a name, a descriptor and its arguments")
		}
		args, err := strconv.Unquote(f[2])
		if err != nil {
			return Event{}, err
		}
		e.Kind, e.Call, e.Text = Called, f[0], args
		e.FD, err = strconv.Atoi(f[1])
		if err != nil {
			return Event{}, err
		}
	case "return":
		f := strings.Fields(rest)
		if len(f) != 4 {
			return Event{}, fmt.Errorf("a return needs a name, a descriptor, a result and a state")
		}
		e.Kind, e.Call, e.Result = Returned, f[0], f[2]
		e.FD, err = strconv.Atoi(f[1])
		if err != nil {
			return Event{}, err
		}
		if f[3] != "-" {
			e.State = f[3]
		}
	case "signal":
		e.Kind, e.Text = Note, rest+" caught: the program's handler runs"
	case "exit":
		status, err := strconv.Atoi(rest)
		if err != nil {
			return Event{}, err
		}
		e.Kind, e.Call, e.Text, e.Status, e.FD = Called, "exit", "exit("+rest+")", status, -1
	case "addresses":
		f := strings.Fields(rest)
		if len(f) != 3 {
			return Event{}, fmt.Errorf("addresses need a descriptor and two addresses")
		}
		fd, err1 := strconv.Atoi(f[0])
		local, err2 := netip.ParseAddrPort(f[1])
		remote, err3 := netip.ParseAddrPort(f[2])
		if err := errors.Join(err1, err2, err3); err != nil {
			return Event{}, err
		}
		e.Kind, e.FD, e.Local, e.Remote = Connection, fd, local, remote
	case "die":
		e.Kind, e.Text = Note, "dies of "+rest
	default:
		return Event{}, fmt.Errorf("unknown event %q", kind)
	}
	return e, nil
}

// Lines joins a program's Printed events on one stream into lines: each
// line at the instant the program printed its newline (a line printed in
// pieces is printed when it is whole). A last line without its newline is
// kept, at its last piece.
func Lines(evs []Event, stream string) []Event {
	var out []Event
	var partial strings.Builder
	var last Event
	for _, e := range evs {
		if e.Kind != Printed || e.Stream != stream {
			continue
		}
		text := e.Text
		for {
			i := strings.IndexByte(text, '\n')
			if i < 0 {
				partial.WriteString(text)
				break
			}
			partial.WriteString(text[:i])
			l := e
			l.Text = partial.String()
			out = append(out, l)
			partial.Reset()
			text = text[i+1:]
		}
		last = e
	}
	if partial.Len() > 0 {
		last.Text = partial.String()
		out = append(out, last)
	}
	return out
}
