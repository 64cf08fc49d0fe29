package timeline

import (
	"strings"
	"testing"
	"time"

	"graceclose/scripts/engine"
	"graceclose/scripts/events"
)

func ms(ms float64) events.Mono { return events.Mono(time.Duration(ms * float64(time.Millisecond))) }

// TestClosingEndAborted: a closing end that goes to CLOSE as it sends a RST
// of its own was aborted (here its host vanished, as link.sh vanished
// recorded it); one that goes to CLOSE with no RST was handed to a
// time-wait socket (the lesson's close, recorded on loopback).
func TestClosingEndAborted(t *testing.T) {
	for _, tc := range []struct {
		name string
		evs  []events.Event
		want string
	}{
		{"host removed", []events.Event{
			{At: ms(122), Kind: events.StateChanged, Who: "client", From: "ESTABLISHED", State: "FIN_WAIT1"},
			{At: ms(163.2), Kind: events.ResetSent, Who: "client", Reason: "TCP_STATE"},
			{At: ms(163.3), Kind: events.StateChanged, Who: "client", From: "FIN_WAIT1", State: "CLOSE"},
		}, "tcp: FIN_WAIT1 -> CLOSE: reset: this end is gone"},
		{"lesson's close", []events.Event{
			{At: ms(5), Kind: events.StateChanged, Who: "client", From: "ESTABLISHED", State: "FIN_WAIT1"},
			{At: ms(45), Kind: events.StateChanged, Who: "client", From: "FIN_WAIT1", State: "FIN_WAIT2"},
			{At: ms(46), Kind: events.StateChanged, Who: "client", From: "FIN_WAIT2", State: "CLOSE"},
			{At: ms(5010), Kind: events.ResetSent, Who: "client", Reason: "TCP_TIMEWAIT_SOCKET"},
		}, "tcp: FIN_WAIT2 -> CLOSE: a time-wait socket takes over this end"},
		// link.sh cable-cut: the server's reply sent again twice, then
		// its -user-timeout ran out; no RST anywhere.
		{"timed out", []events.Event{
			{At: ms(166), Kind: events.StateChanged, Who: "server", From: "ESTABLISHED", State: "CLOSE_WAIT"},
			{At: ms(1771), Kind: events.Retransmitted, Who: "server", State: "CLOSE_WAIT"},
			{At: ms(1979), Kind: events.Retransmitted, Who: "server", State: "CLOSE_WAIT"},
			{At: ms(2295), Kind: events.StateChanged, Who: "server", From: "CLOSE_WAIT", State: "CLOSE"},
		}, "tcp: CLOSE_WAIT -> CLOSE: timed out: what this end sent again went unanswered, and the kernel gave up"},
		// The lesson's close: the reply answered with a RST.
		{"reset by the peer", []events.Event{
			{At: ms(166), Kind: events.StateChanged, Who: "server", From: "ESTABLISHED", State: "CLOSE_WAIT"},
			{At: ms(1771), Kind: events.Retransmitted, Who: "server", State: "CLOSE_WAIT"},
			{At: ms(1800), Kind: events.ResetReceived, Who: "server"},
			{At: ms(1800.2), Kind: events.StateChanged, Who: "server", From: "CLOSE_WAIT", State: "CLOSE"},
		}, "tcp: CLOSE_WAIT -> CLOSE: reset: this end is gone"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows := Rows(&engine.Result{Events: tc.evs}, Options{})
			var texts []string
			for _, r := range rows {
				texts = append(texts, r.Text)
			}
			found := false
			for _, text := range texts {
				found = found || text == tc.want
			}
			if !found {
				t.Errorf("rows %q; want one %q", strings.Join(texts, " | "), tc.want)
			}
		})
	}
}
