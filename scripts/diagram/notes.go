package diagram

import (
	"fmt"
	"strings"

	"graceclose/common"
	"graceclose/scripts/events"
	"graceclose/scripts/explain"
)

// noteText is how event i is shown beside its lifeline, if at all:
//
//	> data1                           typed into the program
//	now sending data1                 printed on its standard output
//	! connect failed : ...            printed on its standard error
//	* close(3) -> FIN_WAIT1           a system call, and the socket's state after it
//	* send(4, 9 bytes)...             a call that never returned (SIGPIPE killed the program in it)
//	tcp: FIN_WAIT1 -> FIN_WAIT2       the kernel moved the socket to another state
//	tcp: RST sent (TCP_TIMEWAIT_SOCKET), tcp: RST received, tcp: retransmission (FIN_WAIT1)
//	[exit 0], [killed by SIGPIPE (status 141)], [SIGINT from the lab], [listening on ...]
func noteText(evs []events.Event, i int) (string, bool) {
	e := evs[i]
	switch e.Kind {
	case events.Typed:
		return "> " + e.Text, true
	case events.Printed:
		if e.Stream == "stderr" {
			return "! " + e.Text, true
		}
		return e.Text, true
	case events.Called:
		if e.Call == "exit" {
			return "* " + calledText(e), true
		}
		if returns(evs, i) {
			return "", false
		}
		return "* " + calledText(e) + "...", true
	case events.Returned:
		text := "* " + returnedText(e)
		if e.State != "" {
			text += common.StateArrow + tcpState(e.State)
		}
		return text, true
	case events.Exited:
		if strings.HasPrefix(e.Text, "killed") {
			return fmt.Sprintf("[%s (status %d)]", e.Text, e.Status), true
		}
		return "[" + e.Text + "]", true
	case events.Signaled:
		return "[" + e.Text + " from the lab]", true
	case events.Note:
		return "[" + e.Text + "]", true
	case events.StateChanged:
		return "tcp: " + tcpState(e.From) + common.StateArrow + tcpState(e.State), true
	case events.ResetSent:
		if e.Reason != "" {
			return "tcp: RST sent (" + e.Reason + ")", true
		}
		return "tcp: RST sent", true
	case events.ResetReceived:
		return "tcp: RST received", true
	case events.Retransmitted:
		if e.State != "" {
			return "tcp: retransmission (" + tcpState(e.State) + ")", true
		}
		return "tcp: retransmission", true
	}
	return "", false
}

// returns tells whether the call event i entered returned: a Returned of the
// same program, call and descriptor comes before the program's next call.
// One that never did is shown, with "...": the program died inside it.
func returns(evs []events.Event, i int) bool {
	call := evs[i]
	for _, e := range evs[i+1:] {
		if e.Who != call.Who {
			continue
		}
		if e.Kind == events.Returned && e.Call == call.Call && e.FD == call.FD {
			return true
		}
		if e.Kind == events.Called {
			return false
		}
	}
	return false
}

// tcpState names a state as the lesson does, "FIN_WAIT1": tracefs says
// "TCP_FIN_WAIT1".
func tcpState(s string) string { return strings.TrimPrefix(s, "TCP_") }

// snapshotText is one end's state as the lab read it at a moment it chose.
func snapshotText(state, when string) string {
	if when == "" {
		return "tcp: " + tcpState(state)
	}
	return "tcp: " + tcpState(state) + " (" + when + ")"
}

// Text is how a row is shown, in the diagram's language: the lab's and the
// kernel's words translated, what the programs printed and typed as it is.
func (d *Diagram) Text(r Row) string {
	e := r.Event
	switch r.Kind {
	case events.Exited:
		return "[" + explain.Ending(d.printer(), e.Text, e.Status) + "]"
	case events.Note:
		return "[" + explain.Note(d.printer(), e.Text) + "]"
	case events.Signaled:
		return d.T("[%s from the lab]", e.Text)
	case events.ResetSent:
		if e.Reason != "" {
			return d.T("tcp: RST sent (%s)", e.Reason)
		}
		return d.Words("tcp: RST sent")
	case events.ResetReceived:
		return d.Words("tcp: RST received")
	case events.Retransmitted:
		if e.State != "" {
			return d.T("tcp: retransmission (%s)", tcpState(e.State))
		}
		return d.Words("tcp: retransmission")
	}
	return r.Text
}
