package common

import (
	"errors"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// stateSource says where the trace's TCP states come from.
const stateSource = "getsockopt TCP_CONNECTION_INFO, tcpi_state"

// tcpStates are the BSD TCP states (netinet/tcp_fsm.h), named as Linux names
// them, so that a trace reads the same on both systems.
var tcpStates = map[uint8]string{
	0: "CLOSE", 1: "LISTEN", 2: "SYN_SENT", 3: "SYN_RECV", 4: "ESTABLISHED",
	5: "CLOSE_WAIT", 6: "FIN_WAIT1", 7: "CLOSING", 8: "LAST_ACK", 9: "FIN_WAIT2",
	10: "TIME_WAIT",
}

// tcpState returns the kernel's TCP state of the socket fd.
func tcpState(fd int) (string, error) {
	info, err := unix.GetsockoptTCPConnectionInfo(fd, unix.IPPROTO_TCP, unix.TCP_CONNECTION_INFO)
	if err != nil {
		return "", os.NewSyscallError("getsockopt TCP_CONNECTION_INFO", err)
	}
	if s, ok := tcpStates[info.State]; ok {
		return s, nil
	}
	return "STATE_" + strconv.Itoa(int(info.State)), nil
}

// connState would look a connection up by its addresses; macOS has no
// /proc, and reading its tables (sysctl net.inet.tcp.pcblist_n) is not worth
// a parser here, so a closed descriptor's state is unknown.
func connState(local, remote unix.Sockaddr) (state, where string, err error) {
	return "", "", errors.New("no table of connections to read on macOS")
}
