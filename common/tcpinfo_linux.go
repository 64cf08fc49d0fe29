package common

import (
	"encoding/binary"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// stateSource says where the trace's TCP states come from.
const stateSource = "getsockopt TCP_INFO, tcpi_state"

// tcpStates are the names of Linux's TCP states (include/net/tcp_states.h),
// as tcpi_state and /proc/net/tcp number them.
var tcpStates = map[uint8]string{
	1: "ESTABLISHED", 2: "SYN_SENT", 3: "SYN_RECV", 4: "FIN_WAIT1", 5: "FIN_WAIT2",
	6: "TIME_WAIT", 7: "CLOSE", 8: "CLOSE_WAIT", 9: "LAST_ACK", 10: "LISTEN",
	11: "CLOSING", 12: "NEW_SYN_RECV", 13: "BOUND_INACTIVE",
}

func stateName(n uint8) string {
	if s, ok := tcpStates[n]; ok {
		return s
	}
	return "STATE_" + strconv.Itoa(int(n))
}

// tcpState returns the kernel's TCP state of the socket fd.
func tcpState(fd int) (string, error) {
	info, err := unix.GetsockoptTCPInfo(fd, unix.IPPROTO_TCP, unix.TCP_INFO)
	if err != nil {
		return "", os.NewSyscallError("getsockopt TCP_INFO", err)
	}
	return stateName(info.State), nil
}

// connState looks the connection between local and remote up in the
// kernel's tables, /proc/net/tcp and /proc/net/tcp6, which list every TCP
// socket, those no descriptor refers to any more (closed, orphaned, in
// TIME_WAIT) too. It returns the state, or "" when the connection is not
// listed, and the table it read.
func connState(local, remote unix.Sockaddr) (state, where string, err error) {
	l, r := procAddr(local), procAddr(remote)
	if l == "" || r == "" {
		return "", "", fmt.Errorf("not an IP socket address")
	}
	table := "/proc/net/tcp"
	if len(l) > len("00000000:0000") {
		table = "/proc/net/tcp6"
	}
	data, err := readProcFile(table)
	if err != nil {
		return "", table, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		if len(fields) < 4 || fields[1] != l || fields[2] != r {
			continue
		}
		n, err := strconv.ParseUint(fields[3], 16, 8)
		if err != nil {
			return "", table, err
		}
		return stateName(uint8(n)), table, nil
	}
	return "", table, nil
}

// readProcFile reads a file of /proc with open(2) and read(2). os.Open
// would do, but it hands every file it opens to the Go runtime's network
// poller, whose first use takes two descriptors more (see Sleep): with
// ulimit -n 4, a client tracing its close would die of it.
func readProcFile(path string) ([]byte, error) {
	fd, err := retryEINTR(func() (int, error) { return unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0) })
	if err != nil {
		return nil, os.NewSyscallError("open", err)
	}
	defer unix.Close(fd)
	var data []byte
	buf := make([]byte, 16*1024)
	for {
		n, err := Read(fd, buf)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return data, nil
		}
		data = append(data, buf[:n]...)
	}
}

// procAddr writes a socket address the way /proc/net/tcp does: the address
// as 32-bit words in the machine's byte order, in hex, then the port in hex:
// 127.0.0.1:43211 is "0100007F:A8CB" on a little-endian machine.
func procAddr(sa unix.Sockaddr) string {
	var addr []byte
	var port int
	switch sa := sa.(type) {
	case *unix.SockaddrInet4:
		addr, port = sa.Addr[:], sa.Port
	case *unix.SockaddrInet6:
		addr, port = sa.Addr[:], sa.Port
	default:
		return ""
	}
	var b strings.Builder
	for i := 0; i < len(addr); i += 4 {
		fmt.Fprintf(&b, "%08X", binary.NativeEndian.Uint32(addr[i:i+4]))
	}
	fmt.Fprintf(&b, ":%04X", port)
	return b.String()
}
