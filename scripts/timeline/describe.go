package timeline

import (
	"fmt"
	"strings"

	"graceclose/scripts/events"
	"graceclose/scripts/explain"
	"graceclose/scripts/lang"
)

// describe turns an event into a row, or reports that it is not shown.
func describe(e events.Event, p *lang.Printer, calls bool) (Row, bool) {
	r := Row{At: e.At, Col: columnOf(e.Who), Kind: e.Kind, Event: e}
	prefix := ""
	if e.Who != "client" && e.Who != "server" && e.Who != "" {
		prefix = e.Who + ": " // a second client
	}
	switch e.Kind {
	case events.Printed:
		r.Text = e.Text
		if e.Stream == "stderr" {
			r.Text = "! " + e.Text
		}
	case events.Typed:
		r.Text = "> " + e.Text
	case events.Signaled:
		r.Text = "> " + signalWords(p, e.Text)
	case events.Exited:
		r.Text = "[" + explain.Ending(p, e.Text, e.Status) + "]"
	case events.Note:
		r.Text = "[" + explain.Note(p, e.Text) + "]"
	case events.StateChanged:
		r.Text = "tcp: " + e.From + " -> " + e.State
		if e.From == "none" {
			r.Text = "tcp: " + e.State
		}
		if why := explain.Transition(p, e.From, e.State, explain.Peer(e.Who)); why != "" {
			r.Text += ": " + why
		}
	case events.ResetSent:
		r.Text = p.T("tcp: RST sent (kernel: %s)", e.Reason)
		if why := explain.ResetReason(p, e.Reason, e.Who); why != "" {
			r.Text = p.T("tcp: RST: %s (kernel: %s)", why, e.Reason)
		}
	case events.ResetReceived:
		r.Text = p.Words("tcp: RST received")
	case events.Retransmitted:
		r.Text = p.T("tcp: a segment sent again (%s): no ACK came in time", e.State)
	case events.Snapshot:
		r.Col, r.Text, r.Right = BothColumns, "tcp: "+e.Client, fmt.Sprintf("tcp: %s  (%s)", e.Server, e.Text)
	case events.Segment:
		r.Col, r.Text = WireColumn, arrow(e)
	case events.Called:
		if !calls && !closing[e.Call] {
			return r, false
		}
		r.Text = "* " + CallText(e)
	case events.Returned:
		if !calls && !telling(e) {
			return r, false
		}
		r.Text = fmt.Sprintf("* %s(%d) = %s", e.Call, e.FD, e.Result)
		if e.State != "" {
			r.Text += " -> " + e.State
		}
	default:
		return r, false
	}
	r.Text = prefix + r.Text
	return r, true
}

func columnOf(who string) Column {
	if who == "server" {
		return ServerColumn
	}
	return ClientColumn
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
