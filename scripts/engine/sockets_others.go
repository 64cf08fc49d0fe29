//go:build !linux

package engine

import (
	"bufio"
	"bytes"
	"net/netip"
	"os/exec"
	"strconv"
	"strings"
)

// stateSource says where the lab reads TCP states without tracefs.
const stateSource = "netstat -an"

// readSockets lists the TCP sockets using port (either end), from netstat
// -an (macOS, the BSDs), with netstat's state names turned into Linux's
// (FIN_WAIT_2 is FIN_WAIT2). Unread is Recv-Q.
func readSockets(port int) ([]Socket, error) {
	out, err := exec.Command("netstat", "-an", "-p", "tcp").Output()
	if err != nil {
		out, err = exec.Command("netstat", "-an").Output()
		if err != nil {
			return nil, err
		}
	}
	var all []Socket
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 6 || !strings.HasPrefix(f[0], "tcp") {
			continue
		}
		local, ok1 := netstatAddr(f[3])
		remote, ok2 := netstatAddr(f[4])
		if !ok1 || !ok2 || (int(local.Port()) != port && int(remote.Port()) != port) {
			continue
		}
		unread, _ := strconv.Atoi(f[1])
		state := strings.ReplaceAll(f[5], "FIN_WAIT_", "FIN_WAIT")
		all = append(all, Socket{Local: local, Remote: remote, State: state, Unread: unread})
	}
	return all, nil
}

// netstatAddr reads "127.0.0.1.43211" or "*.43211".
func netstatAddr(text string) (netip.AddrPort, bool) {
	i := strings.LastIndexByte(text, '.')
	if i < 0 {
		return netip.AddrPort{}, false
	}
	port, err := strconv.ParseUint(text[i+1:], 10, 16)
	if err != nil {
		return netip.AddrPort{}, false
	}
	addr, err := netip.ParseAddr(strings.TrimSuffix(text[:i], "%lo0"))
	if err != nil {
		addr = netip.IPv4Unspecified()
	}
	return netip.AddrPortFrom(addr, uint16(port)), true
}

// listensFor reports whether a socket listens on port (netstat does not
// say whose: a server that failed to bind is seen by its exit instead).
func listensFor(sockets []Socket, port, pid int) bool {
	return Listens(port)
}

// tables reads the kernel's TCP table (netstat): one namespace here.
type tables struct{}

func (t *tables) add(pid int)                     {}
func (t *tables) read(port int) ([]Socket, error) { return readSockets(port) }
func (t *tables) close()                          {}

// socketInodes: netstat lists no inodes here; the first connection on the
// port is taken for the run's.
func socketInodes(pid int) map[uint64]bool { return nil }
