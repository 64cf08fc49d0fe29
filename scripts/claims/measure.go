package claims

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"graceclose/scripts/engine"
	"graceclose/scripts/events"
	"graceclose/scripts/explain"
	"graceclose/scripts/lang"
)

// Run is one experiment's result, with the measures the claims read from
// it: what each program's reads and sends returned (from the programs' own
// event logs), the TCP states at the moments the scenario named, the
// packets when they were captured.
type Run struct {
	*engine.Result
	// Lang is the language of what the Run says (Observe, Check); nil:
	// English. The measures themselves (Reads, Ending...) stay in
	// English: the claims compare them.
	Lang *lang.Printer
	// Skipped says why the experiment was not run here (it needs two
	// hosts, or the kernel's events), in Lang; "" if it was.
	Skipped string
}

// T says a message in the Run's language.
func (r Run) T(format string, args ...any) string { return r.printer().T(format, args...) }

// Words is text in the Run's language.
func (r Run) Words(text string) string { return r.printer().Words(text) }

func (r Run) printer() *lang.Printer {
	if r.Lang == nil {
		return lang.English
	}
	return r.Lang
}

// ReadsShown is ReadsText in the Run's language.
func (r Run) ReadsShown(who string) string {
	reads := r.Reads(who)
	if len(reads) == 0 {
		return r.Words("nothing")
	}
	var out []string
	for _, read := range reads {
		out = append(out, r.readShown(read))
	}
	return strings.Join(out, r.Words(", "))
}

// readShown is a read's result in the Run's language: "data 5", "EOF".
func (r Run) readShown(read string) string {
	if n, ok := strings.CutPrefix(read, "data "); ok {
		return r.T("data %s", n)
	}
	return read
}

// readsWithStateShown is ReadsWithState in the Run's language.
func (r Run) readsWithStateShown(who string) []string {
	return r.readsWithState(who, func(n string) string { return r.T("%s bytes", n) })
}

// EndingShown is Ending in the Run's language.
func (r Run) EndingShown(who string) string {
	if o := r.Program(who); o != nil {
		return explain.Ending(r.printer(), o.Ending, o.Status)
	}
	return r.Words("not started")
}

// sendShown is a send's words (SendWords, secondSend) in the Run's
// language.
func (r Run) sendShown(words string) string {
	switch {
	case words == "done":
		return r.Words("done")
	case words == "none":
		return r.Words("none")
	case strings.HasPrefix(words, "done -> "):
		return r.T("done -> %s", strings.TrimPrefix(words, "done -> "))
	}
	return words
}

// sendsShown lists the server's sends, each with sendShown: "done ->
// ESTABLISHED, done -> ESTABLISHED".
func (r Run) sendsShown() string {
	var out []string
	for _, e := range r.Sends("server") {
		out = append(out, r.sendShown(SendWords(e)))
	}
	if len(out) == 0 {
		return r.Words("none")
	}
	return strings.Join(out, r.Words(", "))
}

// calls returns who's returns of the calls named, on its sockets (not
// standard input), in order.
func (r Run) calls(who string, names ...string) []events.Event {
	var out []events.Event
	for _, e := range r.Events {
		if e.Kind != events.Returned || e.Who != who || e.FD < 3 {
			continue
		}
		for _, n := range names {
			if e.Call == n {
				out = append(out, e)
			}
		}
	}
	return out
}

// Reads is what each read(2) of who's returned: "data 5", "EOF",
// "ECONNRESET".
func (r Run) Reads(who string) []string {
	var out []string
	for _, e := range r.calls(who, "read") {
		out = append(out, readWords(e))
	}
	return out
}

func readWords(e events.Event) string {
	if _, err := strconv.Atoi(e.Result); err == nil {
		return "data " + e.Result
	}
	return e.Result
}

// ReadsText is Reads joined: "data 5, data 5, EOF"; "nothing" if none.
func (r Run) ReadsText(who string) string {
	if reads := r.Reads(who); len(reads) > 0 {
		return strings.Join(reads, ", ")
	}
	return "nothing"
}

// LastRead is who's last read's result, "" if none.
func (r Run) LastRead(who string) string {
	reads := r.Reads(who)
	if len(reads) == 0 {
		return ""
	}
	return reads[len(reads)-1]
}

// ReadsWithState is each read's result and the socket's state after it:
// "9 bytes (ESTABLISHED)", "EOF (ESTABLISHED)".
func (r Run) ReadsWithState(who string) []string {
	return r.readsWithState(who, func(n string) string { return n + " bytes" })
}

// readsWithState is ReadsWithState, a count of bytes said by bytes.
func (r Run) readsWithState(who string, bytes func(n string) string) []string {
	var out []string
	for _, e := range r.calls(who, "read") {
		words := e.Result
		if _, err := strconv.Atoi(e.Result); err == nil {
			words = bytes(e.Result)
		}
		if e.State != "" {
			words += " (" + e.State + ")"
		}
		out = append(out, words)
	}
	return out
}

// Sends is each send(2) or write(2) of who's: its result and the state
// after it.
func (r Run) Sends(who string) []events.Event { return r.calls(who, "send", "write") }

// SendWords is a send's result and the socket's state after it: "done ->
// CLOSE", "EPIPE".
func SendWords(e events.Event) string {
	if _, err := strconv.Atoi(e.Result); err == nil {
		if e.State != "" {
			return "done -> " + e.State
		}
		return "done"
	}
	return e.Result
}

// StateAfter is the state of who's socket after its first call named call,
// "" if it made none or the state could not be read.
func (r Run) StateAfter(who, call string) string {
	for _, e := range r.calls(who, call) {
		return e.State
	}
	return ""
}

// Snapshot returns the states read at the moment labelled label.
func (r Run) Snapshot(label string) (events.Event, bool) {
	for _, e := range r.Events {
		if e.Kind == events.Snapshot && e.Text == label {
			return e, true
		}
	}
	return events.Event{}, false
}

// StateAt is one end's state at the moment labelled label: "FIN_WAIT2",
// "none" when gone, "?" when it was not read.
func (r Run) StateAt(label, who string) string {
	s, ok := r.Snapshot(label)
	switch {
	case !ok:
		return "?"
	case who == "server":
		return s.Server
	}
	return s.Client
}

// UnreadAt is how many bytes waited unread at one end at the moment
// labelled label (-1 when not read).
func (r Run) UnreadAt(label, who string) int {
	s, ok := r.Snapshot(label)
	if !ok {
		return -1
	}
	if who == "server" {
		return s.Ends[1].Unread
	}
	return s.Ends[0].Unread
}

// Quiet is the quiet window's start and end (the scenario's quiet step).
func (r Run) Quiet() (from, to events.Mono, ok bool) {
	for _, e := range r.Events {
		if e.Kind == events.Note && strings.HasPrefix(e.Text, "quiet: watching") {
			from, ok = e.At, true
		}
		if e.Kind == events.Note && e.Text == "quiet: done" && ok {
			return from, e.At, true
		}
	}
	return 0, 0, false
}

// ReadsInQuiet is how many reads who's made during the quiet window.
func (r Run) ReadsInQuiet(who string) int {
	from, to, ok := r.Quiet()
	if !ok {
		return -1
	}
	n := 0
	for _, e := range r.calls(who, "read") {
		if e.At >= from && e.At <= to {
			n++
		}
	}
	return n
}

// Replies is how many of the server's replies the client printed.
func (r Run) Replies() int {
	if c := r.Program("client"); c != nil {
		return strings.Count(string(c.Stdout), "Hi, ")
	}
	return 0
}

// Ending is how who ended, for a learner: "exit 1", "killed by SIGPIPE
// (status 141)".
func (r Run) Ending(who string) string {
	if o := r.Program(who); o != nil {
		return o.EndingWords()
	}
	return "not started"
}

// Captured reports whether the run's packets were captured.
func (r Run) Captured() bool {
	for _, e := range r.Events {
		if e.Kind == events.Segment {
			return true
		}
	}
	return false
}

// Packets is the run's segments in one line, in the Run's language,
// without the handshakes and the bare ACKs unless all: "client FIN, server
// data 9, client RST"; repeats in a row are counted ("client data 5 x2").
// Each client is named by its port when there are several.
func (r Run) Packets(all bool) string {
	clients := map[uint16]bool{}
	for _, e := range r.Events {
		if e.Kind == events.Segment && int(e.Remote.Port()) == r.Port {
			clients[e.Local.Port()] = true
		}
	}
	var items []string
	last, n := "", 0
	flush := func() {
		if last != "" {
			if n > 1 {
				last += fmt.Sprintf(" x%d", n)
			}
			items = append(items, last)
		}
	}
	for _, e := range r.Events {
		if e.Kind != events.Segment || e.Packet == nil {
			continue
		}
		what := r.segmentWords(e.Packet, len(e.Packet.Payload))
		if what == "ACK" || (!all && (what == "SYN" || what == "SYN-ACK")) {
			continue
		}
		who := r.Words("client")
		port := e.Local.Port()
		server := int(port) == r.Port
		if server {
			who, port = r.Words("server"), e.Remote.Port()
		}
		if !server && len(clients) > 1 {
			who = fmt.Sprintf("%s:%d", who, port)
		}
		item := who + " " + what
		if item == last {
			n++
			continue
		}
		flush()
		last, n = item, 1
	}
	flush()
	if len(items) == 0 {
		return r.Words("none")
	}
	return strings.Join(items, r.Words(", "))
}

// segmentWords names a segment by its most telling flag.
func (r Run) segmentWords(p *events.Packet, length int) string {
	switch {
	case strings.Contains(p.Flags, "S") && strings.Contains(p.Flags, "."):
		return "SYN-ACK"
	case strings.Contains(p.Flags, "S"):
		return "SYN"
	case strings.Contains(p.Flags, "R"):
		return "RST"
	case strings.Contains(p.Flags, "F") && length > 0:
		return r.T("data %d + FIN", length)
	case strings.Contains(p.Flags, "F"):
		return "FIN"
	case length > 0:
		return r.T("data %d", length)
	}
	return "ACK"
}

// Retransmissions counts the segments the kernel sent again from who's
// end while it was in state (any state if ""): tcp:tcp_retransmit_skb.
func (r Run) Retransmissions(who, state string) int {
	n := 0
	for _, e := range r.Events {
		if e.Kind == events.Retransmitted && e.Who == who && (state == "" || e.State == state) {
			n++
		}
	}
	return n
}

// StateDuration is how long who's end stayed in state the first time it
// was there, in the Run's language: "210ms", "until the end", "never".
func (r Run) StateDuration(who, state string) string {
	var from events.Mono
	in := false
	for _, e := range r.Events {
		if e.Kind != events.StateChanged || e.Who != who {
			continue
		}
		if e.State == state && !in {
			from, in = e.At, true
		} else if in && e.From == state {
			return e.At.Sub(from).Round(time.Millisecond).String()
		}
	}
	if in {
		return r.Words("until the end")
	}
	return r.Words("never")
}

// WentThrough reports whether the kernel moved who's end into state.
func (r Run) WentThrough(who, state string) bool {
	for _, e := range r.Events {
		if e.Kind == events.StateChanged && e.Who == who && e.State == state {
			return true
		}
	}
	return false
}

// KernelSeen reports whether the kernel's own events were watched in this
// run (tracefs, as root): without them, a RST the kernel sends is not
// seen.
func (r Run) KernelSeen() bool {
	for _, e := range r.Events {
		if e.Source == "tracefs" {
			return true
		}
	}
	return false
}

// ResetsAfter lists the reasons of the RSTs the kernel sent from who's end
// after the lab typed typed into who's standard input.
func (r Run) ResetsAfter(who, typed string) []string {
	var from events.Mono
	seen := false
	var reasons []string
	for _, e := range r.Events {
		switch {
		case e.Kind == events.Typed && e.Who == who && e.Text == typed:
			from, seen = e.At, true
		case seen && e.Kind == events.ResetSent && e.Who == who && e.At >= from:
			reasons = append(reasons, e.Reason)
		}
	}
	return reasons
}

// CallTook is how long who's first call of call took, from the moment it
// was made to the moment it returned, and whether both were seen.
func (r Run) CallTook(who, call string) (time.Duration, bool) {
	var from events.Mono
	called := false
	for _, e := range r.Events {
		if e.Who != who || e.Call != call {
			continue
		}
		switch {
		case e.Kind == events.Called && !called:
			from, called = e.At, true
		case e.Kind == events.Returned && called:
			return e.At.Sub(from), true
		}
	}
	return 0, false
}
