package main

import (
	"errors"
	"fmt"
	"net/netip"
	"time"

	"golang.org/x/sys/unix"

	"graceclose/common"
)

// bindFailed reports a failed bind(2) in the course's format and exits 1.
// On a terminal, "Address already in use" is followed by one line saying
// what holds the port and what to do (portHint): restarting the server
// right after Ctrl-C with a client connected fails for a minute, and
// nothing in the course's line says why.
func bindFailed(err error, opts options) {
	var hint func() string
	if errors.Is(err, unix.EADDRINUSE) {
		hint = func() string { return portHint(opts.addr, opts.port, opts.reuseAddr) }
	}
	common.ErrorHint(1, err, "bind failed ", hint)
}

// portHint says, in one line, what holds port on addr: a server listening
// on it (which process, where /proc tells), or a connection left by the
// previous server, in TIME_WAIT because its end closed first, with how long
// that lasts; and what to do: stop the other server, wait, choose another
// -port, or -reuseaddr where a bind with it would succeed now.
func portHint(addr netip.Addr, port int, reuseAddr bool) string {
	users, _ := common.PortUsers(port)
	var listener, conn *common.PortUser
	conns := 0
	for i := range users {
		u := &users[i]
		if !overlap(addr, u.Local.Addr()) {
			continue
		}
		switch {
		case u.State == "LISTEN":
			listener = u
		case conn == nil || u.State == "TIME_WAIT" && conn.State != "TIME_WAIT":
			conn = u
			conns++
		default:
			conns++
		}
	}
	hint := fmt.Sprintf("graceserver: port %d is ", port)
	switch {
	case listener != nil:
		who := listener.Owner
		if who == "" {
			who = "a process /proc does not show this user (sudo ss -ltnp names it)"
		}
		return hint + "taken by a server listening on it, " + who + "; stop it (Ctrl-C in its terminal), or choose another -port"
	case conn == nil:
		return hint + "in use: by a server listening on it, or by the previous server's connection in TIME_WAIT " +
			"(the end that closes first waits there, 60 s on Linux); wait, or choose another -port"
	}
	hint += fmt.Sprintf("held by a connection in %s (%v to %v", conn.State, conn.Local, conn.Remote)
	if conn.Owner != "" {
		hint += ", " + conn.Owner
	}
	hint += ")"
	if conns > 1 {
		hint += fmt.Sprintf(" and %d more", conns-1)
	}
	switch conn.State {
	case "TIME_WAIT":
		left := (conn.TimeWaitLeft + time.Second - 1) / time.Second
		hint += fmt.Sprintf(": the previous server's end, which closed first, waits there %d s, fixed on Linux: %d s more", common.TimeWait/time.Second, left)
	case "FIN_WAIT1", "FIN_WAIT2", "CLOSING":
		hint += fmt.Sprintf(": the previous server's end, which closed first; once the client closes too it waits %d s in TIME_WAIT", common.TimeWait/time.Second)
	}
	hint += "; wait, or choose another -port"
	if !reuseAddr {
		if reuseWouldBind(addr, port) {
			hint += ", or add -reuseaddr (with it the bind succeeds now)"
		} else {
			hint += " (-reuseaddr would not help now: on Linux the previous server must have set it too)"
		}
	}
	return hint
}

// overlap reports whether sockets bound to a and b share a port: the same
// address, or either is the wildcard (0.0.0.0, ::).
func overlap(a, b netip.Addr) bool {
	return a.IsUnspecified() || b.IsUnspecified() || a.Unmap() == b.Unmap()
}

// reuseWouldBind tries what -reuseaddr would do: a socket with
// SO_REUSEADDR bound to addr and port, then closed at once (bound, not
// listening, it takes no connection).
func reuseWouldBind(addr netip.Addr, port int) bool {
	fd, err := common.Socket(common.Family(addr))
	if err != nil {
		return false
	}
	defer unix.Close(fd)
	sa, err := common.Sockaddr(addr, port)
	return err == nil && common.SetReuseAddr(fd) == nil && common.Bind(fd, sa) == nil
}
