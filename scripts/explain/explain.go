// Package explain turns what the kernel did into words a learner reads at
// a glance: a state change and what caused it, a RST and the kernel's
// reason for it. The timeline, the sequence diagram and the page drawn in
// the browser all say it the same way.
package explain

import (
	"graceclose/scripts/lang"
)

// Transition says why an end of a connection went from one state to
// another, or "" where the change says it all. who is "client" or
// "server", peer the other; "none" is an end the kernel no longer lists.
func Transition(p *lang.Printer, from, to, peer string) string {
	if from == "none" && to == "ESTABLISHED" && peer == "client" {
		return p.Words("the handshake completes")
	}
	switch from + ">" + to {
	case "CLOSE>LISTEN":
		return p.Words("listening")
	case "CLOSE>SYN_SENT":
		return p.Words("SYN sent")
	case "SYN_SENT>ESTABLISHED", "none>ESTABLISHED":
		return p.Words("connected")
	case "LISTEN>SYN_RECV":
		return p.Words("a SYN arrived")
	case "SYN_RECV>ESTABLISHED", "NEW_SYN_RECV>ESTABLISHED":
		return p.Words("the handshake completes")
	case "ESTABLISHED>FIN_WAIT1":
		return p.Words("our FIN is sent")
	case "ESTABLISHED>CLOSE_WAIT":
		return p.T("the %s's FIN arrived", p.Words(peer))
	case "FIN_WAIT1>FIN_WAIT2":
		return p.T("the %s acknowledged our FIN", p.Words(peer))
	case "FIN_WAIT1>CLOSING":
		return p.T("the %s's FIN crossed ours", p.Words(peer))
	case "FIN_WAIT1>TIME_WAIT", "FIN_WAIT2>TIME_WAIT", "CLOSING>TIME_WAIT":
		return p.T("the %s's FIN arrived", p.Words(peer))
	case "FIN_WAIT2>CLOSE", "FIN_WAIT1>CLOSE", "CLOSING>CLOSE":
		return p.Words("a time-wait socket takes over this end")
	case "CLOSE_WAIT>LAST_ACK":
		return p.Words("our FIN is sent")
	case "LAST_ACK>CLOSE", "LAST_ACK>none":
		return p.T("the %s acknowledged our FIN", p.Words(peer))
	case "ESTABLISHED>CLOSE", "CLOSE_WAIT>CLOSE", "FIN_WAIT2>none", "ESTABLISHED>none", "CLOSE_WAIT>none":
		return p.Words("reset: this end is gone")
	case "TIME_WAIT>none":
		return p.Words("TIME_WAIT is over")
	case "LISTEN>CLOSE", "LISTEN>none":
		return p.Words("the listening socket is closed")
	}
	return ""
}

// ResetReason says why the kernel sent a RST, from its reason
// (tcp:tcp_send_reset), or "" for a reason without words here.
func ResetReason(p *lang.Printer, reason, sender string) string {
	switch reason {
	case "TCP_TIMEWAIT_SOCKET":
		return p.T("a segment reached a socket the %s already closed", p.Words(sender))
	case "NO_SOCKET":
		return p.Words("a segment arrived for a connection this host has no socket for")
	case "TCP_ABORT_ON_CLOSE":
		return p.Words("close() with data left unread: an abort, not a FIN")
	case "TCP_ABORT_ON_DATA":
		return p.Words("data arrived for a socket closed for reading")
	case "TCP_ABORT_ON_LINGER":
		return p.Words("FIN_WAIT2 ran out of time (tcp_fin_timeout / TCP_LINGER2)")
	case "TCP_STATE":
		return p.Words("an abortive close (SO_LINGER {on, 0}, or a connection never accepted): a RST, not a FIN")
	case "TCP_KEEPALIVE_TIMEOUT":
		return p.Words("keepalive probes went unanswered")
	case "TCP_DISCONNECT_WITH_DATA":
		return p.Words("disconnected with data still to send")
	case "NOT_SPECIFIED", "":
		return ""
	}
	return ""
}

// Peer is the other side: "server" for "client" (and "client2"), "client"
// for "server".
func Peer(who string) string {
	if who == "server" {
		return "client"
	}
	return "server"
}

// TooLate says why a line typed after the server's first reply changes
// the lesson's outcome, for the lines the lesson types last ("close",
// "shutdown"), or "". A person types slower than the lab: the lesson's
// order needs the line within the server's -delay of data1.
func TooLate(p *lang.Printer, typed string) string {
	switch typed {
	case "close":
		return p.Words("the lesson's outcome needs close typed before the server's first reply, within its -delay: a reply that comes first is read and printed while the socket is still open, and only the next one meets the closed socket; type sooner, or give the server a longer -delay")
	case "shutdown":
		return p.Words("the lesson's order needs shutdown typed before the server's first reply, within its -delay: the replies are read either way, but the server reads its EOF later; type sooner, or give the server a longer -delay")
	}
	return ""
}
