package engine

import (
	"bufio"
	"encoding/binary"
	"encoding/hex"
	"io"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"sync"
)

// stateSource says where the lab reads TCP states without tracefs.
const stateSource = "/proc/net/tcp"

// linuxStates are the kernel's TCP states (include/net/tcp_states.h), as
// /proc/net/tcp numbers them.
var linuxStates = [...]string{1: "ESTABLISHED", 2: "SYN_SENT", 3: "SYN_RECV", 4: "FIN_WAIT1",
	5: "FIN_WAIT2", 6: "TIME_WAIT", 7: "CLOSE", 8: "CLOSE_WAIT", 9: "LAST_ACK", 10: "LISTEN",
	11: "CLOSING", 12: "NEW_SYN_RECV"}

// readSockets lists the TCP sockets using port (either end), from
// /proc/net/tcp and /proc/net/tcp6, which every user may read.
func readSockets(port int) ([]Socket, error) {
	var all []Socket
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		f, err := os.Open(table)
		if err != nil {
			if os.IsNotExist(err) {
				continue // no IPv6
			}
			return nil, err
		}
		all = append(all, parseProcTCP(bufio.NewScanner(f), port)...)
		f.Close()
	}
	return all, nil
}

// parseProcTCP reads the lines of a /proc/net/tcp table.
func parseProcTCP(sc *bufio.Scanner, port int) []Socket {
	var out []Socket
	sc.Scan() // the header
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 10 {
			continue
		}
		local, ok1 := procAddrPort(f[1])
		remote, ok2 := procAddrPort(f[2])
		if !ok1 || !ok2 || (port != 0 && int(local.Port()) != port && int(remote.Port()) != port) {
			continue
		}
		st, _ := strconv.ParseUint(f[3], 16, 8)
		s := Socket{Local: local, Remote: remote, State: "STATE_" + f[3]}
		if int(st) < len(linuxStates) && linuxStates[st] != "" {
			s.State = linuxStates[st]
		}
		if _, rx, ok := strings.Cut(f[4], ":"); ok {
			n, _ := strconv.ParseUint(rx, 16, 32)
			s.Unread = int(n)
		}
		s.Inode, _ = strconv.ParseUint(f[9], 10, 64)
		out = append(out, s)
	}
	return out
}

// procAddrPort reads "0100007F:A8CB": the address as 32-bit words in the
// machine's byte order, in hex, then the port.
func procAddrPort(text string) (netip.AddrPort, bool) {
	addrHex, portHex, ok := strings.Cut(text, ":")
	raw, err := hex.DecodeString(addrHex)
	if !ok || err != nil || (len(raw) != 4 && len(raw) != 16) {
		return netip.AddrPort{}, false
	}
	port, err := strconv.ParseUint(portHex, 16, 16)
	if err != nil {
		return netip.AddrPort{}, false
	}
	for i := 0; i < len(raw); i += 4 {
		// The hex is the word's value: put it back in memory order.
		binary.NativeEndian.PutUint32(raw[i:], binary.BigEndian.Uint32(raw[i:]))
	}
	addr, _ := netip.AddrFromSlice(raw)
	return netip.AddrPortFrom(addr.Unmap(), uint16(port)), true
}

// listensFor reports whether the process pid listens on port: a LISTEN
// socket on the port whose inode is one of the process's descriptors (not
// another program's listener on the same port).
func listensFor(sockets []Socket, port, pid int) bool {
	mine := socketInodes(pid)
	for _, s := range sockets {
		if s.State == "LISTEN" && int(s.Local.Port()) == port && mine[s.Inode] {
			return true
		}
	}
	return false
}

// tables reads the kernel's TCP tables of the network namespaces the run's
// programs live in: /proc/PID/net/tcp of a program shows its namespace's
// (the root's, on loopback; a host's of its own, across a link). Each is
// opened when its first program starts, and read again from the start at
// each look: an open table keeps its namespace, so the client's end can
// still be seen once the client has exited.
type tables struct {
	mu     sync.Mutex
	files  []*os.File
	spaces map[string]bool // the namespaces already open, by /proc/PID/ns/net
}

// add opens the tables of pid's namespace, if not open yet.
func (t *tables) add(pid int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	proc := "/proc/" + strconv.Itoa(pid)
	space, err := os.Readlink(proc + "/ns/net")
	if err != nil || t.spaces[space] {
		return
	}
	if t.spaces == nil {
		t.spaces = map[string]bool{}
	}
	t.spaces[space] = true
	for _, table := range []string{"/net/tcp", "/net/tcp6"} {
		if f, err := os.Open(proc + table); err == nil {
			t.files = append(t.files, f)
		}
	}
}

// read lists the sockets using port in every namespace open; with none
// open, the lab's own.
func (t *tables) read(port int) ([]Socket, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.files) == 0 {
		return readSockets(port)
	}
	var all []Socket
	for _, f := range t.files {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		all = append(all, parseProcTCP(bufio.NewScanner(f), port)...)
	}
	return all, nil
}

// close closes the tables.
func (t *tables) close() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, f := range t.files {
		f.Close()
	}
	t.files, t.spaces = nil, nil
}

// socketInodes are the inodes of the sockets process pid has descriptors
// for.
func socketInodes(pid int) map[uint64]bool {
	mine := map[uint64]bool{}
	entries, err := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/fd")
	if err != nil {
		return mine
	}
	for _, e := range entries {
		link, err := os.Readlink("/proc/" + strconv.Itoa(pid) + "/fd/" + e.Name())
		if inode, ok := strings.CutPrefix(link, "socket:["); err == nil && ok {
			n, _ := strconv.ParseUint(strings.TrimSuffix(inode, "]"), 10, 64)
			mine[n] = true
		}
	}
	return mine
}
