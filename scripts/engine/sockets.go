package engine

import (
	"net/netip"
)

// Socket is one TCP socket as the kernel's table lists it.
type Socket struct {
	Local, Remote netip.AddrPort
	State         string // "ESTABLISHED", "FIN_WAIT2", ... (Linux's names)
	Unread        int    // bytes received and not read yet (Recv-Q)
	Inode         uint64 // the socket's inode (0: none, e.g. TIME_WAIT)
}

// ends picks, from the sockets, the two ends of the connection to the
// server's port: the server's end (local port, not listening) and the
// client's end (remote port), the first of each. With clientPort set, the
// client's end is the one using it. An end not found is "none".
func ends(sockets []Socket, serverPort, clientPort int) (client, server Socket) {
	client.State, server.State = "none", "none"
	clientSeen, serverSeen := false, false
	for _, s := range sockets {
		switch {
		case int(s.Local.Port()) == serverPort && s.State != "LISTEN" && !serverSeen &&
			(clientPort == 0 || int(s.Remote.Port()) == clientPort):
			server, serverSeen = s, true
		case int(s.Remote.Port()) == serverPort && !clientSeen &&
			(clientPort == 0 || int(s.Local.Port()) == clientPort):
			client, clientSeen = s, true
		}
	}
	return client, server
}

// Listening reports whether the process pid listens on port now, as the
// kernel's table says: a way to wait for a server without connecting to
// it (a connection would be the one client it accepts).
func Listening(port, pid int) bool {
	sockets, err := readSockets(port)
	return err == nil && listensFor(sockets, port, pid)
}

// Listens reports whether something listens on TCP port now, as the
// kernel's table says (true when the table cannot be read: the client then
// finds out). The tmux panes wait for their server with it.
func Listens(port int) bool {
	sockets, err := readSockets(port)
	if err != nil {
		return true
	}
	for _, s := range sockets {
		if s.State == "LISTEN" && int(s.Local.Port()) == port {
			return true
		}
	}
	return false
}
