// Package scenario reads the lab's experiments, each written once in a file
// that reads like the lesson's transcripts: what runs, what is typed when,
// what each side prints and how each ends. The lab runs them (scripts/*.sh)
// and so do the tests; see scripts/scenarios/README.md for the format.
//
//	server $ graceserver -addr {host} -port {port} -delay {delay}
//	client $ graceclient -port {port} -sleep {sleep} {host}
//	client > data1
//	client | now sending data1
//	server | received 5 bytes: data1
//	client > close
//	server ends: killed by SIGPIPE
package scenario

import (
	"fmt"
	"regexp"
	"strings"
)

// Scenario is one experiment: its programs and its steps, in order.
type Scenario struct {
	Name  string // the file's name without .txt: "close"
	About string // the comment at the top, without the "# "
	Steps []Step
}

// Op is what a step does.
type Op int

const (
	// Start runs a program: Who is its name in the experiment, Text its
	// command line as a learner types it (before {params} are filled in).
	Start Op = iota
	// Type types Text and a newline into Who's standard input, as a
	// person at its terminal, once every line expected before it has
	// been printed.
	Type
	// Print expects Who to print Text (a whole line, without its
	// newline) on Stream, after the lines expected of it before; with
	// Pattern, a line that matches it.
	Print
	// Ends waits for Who to end; with Status set, expects that ending
	// ("exit 1", "killed by SIGPIPE").
	Ends
	// Signal sends Who the signal Signal ("SIGINT" for ^C).
	Signal
	// CloseStdin ends Who's standard input (^D at a terminal).
	CloseStdin
	// Quiet waits for the quiet window, in which "nothing arrives" is
	// seen (Text: what is watched, for the timeline).
	Quiet
	// States reads both ends' TCP states now, labelled Text.
	States
	// Queued waits until Who's end of the connection holds at least
	// Count unread bytes.
	Queued
	// Fault breaks the link between two hosts (link.sh): Text names the
	// fault ("drop-first-fin", "cross-fins", "drop-rst", "drop-all", "link-down",
	// "remove-host"), Host the host it concerns, if any.
	Fault
)

var opNames = [...]string{"start", "type", "print", "ends", "signal", "close-stdin", "quiet", "states", "queued", "fault"}

// String names the op.
func (o Op) String() string { return opNames[o] }

// Step is one line of a scenario.
type Step struct {
	Line    int    // its line number in the file
	Op      Op     //
	Who     string // the program it concerns: "client", "server", "client2"
	Text    string // Start: the command line; Type, Print: the line; Ends: the expected ending ("" any); States, Quiet: a label
	Stream  string // Print: "stdout" or "stderr"
	Pattern *regexp.Regexp
	Signal  string // Signal: "SIGINT", "SIGQUIT", "SIGTERM"...
	Count   int    // Queued: bytes
	Host    string // Fault: "client" or "server", the host it concerns
	Now     bool   // Signal: at once, without a person's pause (two keys pressed together)
}

// Programs returns the names of the programs the scenario starts, in order.
func (s *Scenario) Programs() []string {
	var names []string
	for _, st := range s.Steps {
		if st.Op == Start {
			names = append(names, st.Who)
		}
	}
	return names
}

// Command returns the command line a program is started with.
func (s *Scenario) Command(who string) string {
	for _, st := range s.Steps {
		if st.Op == Start && st.Who == who {
			return st.Text
		}
	}
	return ""
}

// Transcript is what a program is expected to print and how it ends,
// where the scenario says so in full: each of its expected lines, and its
// ending. A program whose ending is not stated is not a transcript: its
// expected lines are only waited for.
type Transcript struct {
	Stdout, Stderr []string
	Ends           string
}

// Transcript returns who's transcript, and whether the scenario states it
// in full (an "ends:" step with an ending, and no pattern among its lines).
func (s *Scenario) Transcript(who string) (Transcript, bool) {
	var t Transcript
	full := false
	for _, st := range s.Steps {
		if st.Who != who {
			continue
		}
		switch {
		case st.Op == Print && st.Pattern != nil:
			return Transcript{}, false
		case st.Op == Print && st.Stream == "stdout":
			t.Stdout = append(t.Stdout, st.Text)
		case st.Op == Print:
			t.Stderr = append(t.Stderr, st.Text)
		case st.Op == Ends && st.Text != "":
			t.Ends, full = st.Text, true
		}
	}
	return t, full
}

// Fill returns text with each {name} replaced by params[name]. A name
// without a value is an error: a scenario must not run half filled.
func Fill(text string, params map[string]string) (string, error) {
	var b strings.Builder
	for {
		i := strings.IndexByte(text, '{')
		if i < 0 {
			b.WriteString(text)
			return b.String(), nil
		}
		j := strings.IndexByte(text[i:], '}')
		if j < 0 {
			b.WriteString(text)
			return b.String(), nil
		}
		name := text[i+1 : i+j]
		value, ok := params[name]
		if !ok {
			return "", fmt.Errorf("no value for {%s}", name)
		}
		b.WriteString(text[:i])
		b.WriteString(value)
		text = text[i+j+1:]
	}
}

// Ended reports whether the scenario waits for who to end.
func (s *Scenario) Ended(who string) bool {
	for _, st := range s.Steps {
		if st.Op == Ends && st.Who == who {
			return true
		}
	}
	return false
}
