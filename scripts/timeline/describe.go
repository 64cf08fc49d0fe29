package timeline

import (
	"fmt"
	"strings"

	"graceclose/scripts/events"
	"graceclose/scripts/explain"
	"graceclose/scripts/lang"
)

// describe turns an event into a row, or reports that it is not shown.
func describe(e events.Event, p *lang.Printer, calls bool) (row, bool) {
	r := row{at: e.At, col: columnOf(e.Who)}
	prefix := ""
	if e.Who != "client" && e.Who != "server" && e.Who != "" {
		prefix = e.Who + ": " // a second client
	}
	switch e.Kind {
	case events.Printed:
		r.text = e.Text
		if e.Stream == "stderr" {
			r.text = "! " + e.Text
		}
	case events.Typed:
		r.text = "> " + e.Text
	case events.Signaled:
		r.text = "> " + signalWords(p, e.Text)
	case events.Exited:
		r.text = "[" + e.Text + "]"
		if strings.HasPrefix(e.Text, "killed by ") {
			r.text = fmt.Sprintf("[%s (status %d)]", e.Text, e.Status)
		}
	case events.Note:
		r.text = "[" + e.Text + "]"
	case events.StateChanged:
		r.text = "tcp: " + e.From + " -> " + e.State
		if e.From == "none" {
			r.text = "tcp: " + e.State
		}
		if why := explain.Transition(p, e.From, e.State, explain.Peer(e.Who)); why != "" {
			r.text += ": " + why
		}
	case events.ResetSent:
		r.text = p.Sprintf("tcp: RST sent (kernel: %s)", e.Reason)
		if why := explain.ResetReason(p, e.Reason, e.Who); why != "" {
			r.text = p.Sprintf("tcp: RST: %s (kernel: %s)", why, e.Reason)
		}
	case events.ResetReceived:
		r.text = p.Words("tcp: RST received")
	case events.Retransmitted:
		r.text = p.Sprintf("tcp: a segment sent again (%s): no ACK came in time", e.State)
	case events.Snapshot:
		r.col, r.text, r.right = bothColumns, "tcp: "+e.Client, fmt.Sprintf("tcp: %s  (%s)", e.Server, e.Text)
	case events.Segment:
		r.col, r.text = wireColumn, arrow(e)
	case events.Called:
		if !calls && !closing[e.Call] {
			return r, false
		}
		r.text = "* " + CallText(e)
	case events.Returned:
		if !calls && !telling(e) {
			return r, false
		}
		r.text = fmt.Sprintf("* %s(%d) = %s", e.Call, e.FD, e.Result)
		if e.State != "" {
			r.text += " -> " + e.State
		}
	default:
		return r, false
	}
	r.text = prefix + r.text
	return r, true
}

func columnOf(who string) column {
	if who == "server" {
		return serverColumn
	}
	return clientColumn
}

func signalWords(p *lang.Printer, sig string) string {
	switch sig {
	case "SIGINT":
		return p.Words("Ctrl-C (SIGINT)")
	case "SIGQUIT":
		return p.Words(`Ctrl-\ (SIGQUIT)`)
	}
	return "kill -" + strings.TrimPrefix(sig, "SIG")
}

// arrow draws a segment in the wire column: "FIN ------->" from the
// client, "<--- PSH 9" from the server (the server's port is the one the
// connection was made to: the Remote of the client's segments).
func arrow(e events.Event) string {
	label := e.Text
	if len(label) > 11 {
		label = label[:11]
	}
	if e.Who == "server" {
		return "<-" + label
	}
	return label + "->"
}

// closing are the calls that end or change a connection, shown at the
// instant they are made: the lesson is about them.
var closing = map[string]bool{"shutdown": true, "close": true, "exit": true}

// telling reports whether a call's return says something the printed lines
// do not: an EOF, an error (ECONNRESET, EPIPE), how a closing call ended.
func telling(e events.Event) bool {
	if closing[e.Call] {
		return e.Result != "0"
	}
	for _, c := range e.Result {
		if c < '0' || c > '9' {
			return true
		}
	}
	return false
}

// CallText writes a call as a program makes it: "shutdown(3, SHUT_WR)",
// "close(3)", "exit(1)".
func CallText(e events.Event) string {
	switch {
	case e.Call == "exit":
		return e.Text
	case e.Text == "":
		return fmt.Sprintf("%s(%d)", e.Call, e.FD)
	}
	return fmt.Sprintf("%s(%d, %s)", e.Call, e.FD, e.Text)
}
