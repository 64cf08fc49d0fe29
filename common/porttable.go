package common

import (
	"net/netip"
	"time"
)

// PortUser is a socket bound to a local TCP port, as the kernel's table of
// sockets shows it: a listening socket, a connection, or what is left of one
// (TIME_WAIT), whether or not a process still holds it.
type PortUser struct {
	Local, Remote netip.AddrPort
	State         string        // "LISTEN", "TIME_WAIT", ... (tcpStates)
	TimeWaitLeft  time.Duration // in TIME_WAIT: how long it still lasts
	// Owner is the process holding the socket, "name (pid N)", or ""
	// for one no process holds (TIME_WAIT, an orphan) or one this user
	// cannot see.
	Owner string
}

// TimeWait is how long a connection stays in TIME_WAIT after the end that
// closed first, on Linux: TCP_TIMEWAIT_LEN, 60 s, fixed in the kernel's
// source (no sysctl changes it).
const TimeWait = 60 * time.Second
