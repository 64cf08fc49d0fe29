package kernel

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"graceclose/scripts/events"
)

// toEvent turns one of the four events the package reads into an
// events.Event; ok is false for other events and for connections that do
// not touch port.
func toEvent(l traceLine, port int) (ev events.Event, ok bool, err error) {
	var kind events.Kind
	switch l.event {
	case "inet_sock_set_state":
		// The tracepoint also fires for SCTP and for MPTCP's meta socket,
		// which mirrors its TCP subflows: the TCP socket is the connection
		// on the wire.
		if p, ok := l.fields["protocol"]; ok && p != "IPPROTO_TCP" {
			return events.Event{}, false, nil
		}
		kind = events.StateChanged
	case "tcp_send_reset":
		kind = events.ResetSent
	case "tcp_receive_reset":
		kind = events.ResetReceived
	case "tcp_retransmit_skb":
		kind = events.Retransmitted
	default:
		return events.Event{}, false, nil
	}
	local, remote, err := endpoints(l.fields)
	if err != nil {
		return events.Event{}, false, fmt.Errorf("%s: %w", l.event, err)
	}
	if int(local.Port()) != port && int(remote.Port()) != port {
		return events.Event{}, false, nil
	}
	ev = events.Event{At: l.at, Kind: kind, Who: "client", Local: local, Remote: remote, Source: "tracefs"}
	if int(local.Port()) == port {
		ev.Who = "server"
	}
	f := l.fields
	switch kind {
	case events.StateChanged:
		if f["oldstate"] == "" || f["newstate"] == "" {
			return events.Event{}, false, fmt.Errorf("%s without oldstate or newstate", l.event)
		}
		ev.From, ev.State = state(f["oldstate"]), state(f["newstate"])
		ev.Text = ev.From + " -> " + ev.State
	case events.ResetSent:
		// The state is the sending socket's, "UNKNOWN" when there is none
		// (a RST for a port nobody listens on).
		ev.Reason = f["reason"] // absent on older kernels
		ev.Text = "RST sent"
		if s, ok := f["state"]; ok && s == "UNKNOWN" {
			ev.Text += " without a socket"
		} else if ok {
			ev.State = state(s)
			ev.Text += " in " + ev.State
		}
		if ev.Reason != "" {
			ev.Text += ": " + ev.Reason
		}
	case events.ResetReceived:
		ev.Text = "RST received"
	case events.Retransmitted:
		ev.State = state(f["state"])
		ev.Text = "segment sent again in " + ev.State
		if e := f["err"]; e != "" && e != "0" {
			ev.Text += " (error " + e + ")"
		}
	}
	ev.Text += " (" + l.context() + ")"
	return ev, true, nil
}

// state turns the kernel's name for a TCP state into the lab's:
// "TCP_FIN_WAIT1" -> "FIN_WAIT1".
func state(s string) string { return strings.TrimPrefix(s, "TCP_") }

// endpoints returns an event's two ends, this one first. tcp_send_reset
// prints them as addresses with ports (src=127.0.0.1:43230,
// dest=[::1]:45111); the other events print the ports and the addresses
// apart, an IPv4 and an IPv6 field for each, of which family says which is
// meaningful (the other holds whatever the socket's memory did).
func endpoints(f map[string]string) (local, remote netip.AddrPort, err error) {
	if src, ok := f["src"]; ok {
		if local, err = netip.ParseAddrPort(src); err != nil {
			return local, remote, fmt.Errorf("src: %w", err)
		}
		if remote, err = netip.ParseAddrPort(f["dest"]); err != nil {
			return local, remote, fmt.Errorf("dest: %w", err)
		}
		return local, remote, nil
	}
	if local, err = endpoint(f, "s"); err != nil {
		return local, remote, err
	}
	remote, err = endpoint(f, "d")
	return local, remote, err
}

// endpoint reads one end, side "s" (source: this socket) or "d".
func endpoint(f map[string]string, side string) (netip.AddrPort, error) {
	port, err := strconv.ParseUint(f[side+"port"], 10, 16)
	if err != nil {
		return netip.AddrPort{}, fmt.Errorf("%sport: %w", side, err)
	}
	v4, v6 := f[side+"addr"], f[side+"addrv6"]
	text := v4
	switch f["family"] {
	case "AF_INET6":
		text = v6
	case "AF_INET":
	default: // older kernels print no family: an IPv6 socket leaves the IPv4 field empty
		if a, err := netip.ParseAddr(v6); err == nil && !a.Is4In6() && !a.IsUnspecified() {
			text = v6
		}
	}
	addr, err := netip.ParseAddr(text)
	if err != nil {
		return netip.AddrPort{}, fmt.Errorf("%saddr: %w", side, err)
	}
	return netip.AddrPortFrom(addr, uint16(port)), nil
}
