package proctest

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"
)

// TCPEntry is what the kernel's table (/proc/net/tcp, tcp6) shows of one
// end of a connection, seen from outside the program that holds it.
type TCPEntry struct {
	State string // the state's number in hex, as the table has it: "01" ESTABLISHED, "04" FIN_WAIT1, "06" TIME_WAIT
	// Timer is the timer running on the socket: 0 none, 1 retransmission,
	// 2 keepalive (or a SYN's), 3 TIME_WAIT, 4 zero window probe; and
	// TimerLeft how long until it fires.
	Timer     int
	TimerLeft time.Duration
	TxQueue   int // bytes sent or queued and not yet acknowledged
	RxQueue   int // bytes received and not yet read
}

// userHZ is the clock tick /proc/net/tcp counts its timers in (USER_HZ,
// 100 on every Linux system).
const userHZ = 100

// LookupTCP returns the table's entry for the end of a connection whose
// address is local and whose peer is remote, and whether there is one.
func LookupTCP(local, remote netip.AddrPort) (TCPEntry, bool) {
	table := "/proc/net/tcp"
	if local.Addr().Is6() {
		table = "/proc/net/tcp6"
	}
	data, err := os.ReadFile(table)
	if err != nil {
		return TCPEntry{}, false
	}
	l, r := procAddr(local), procAddr(remote)
	for _, line := range strings.Split(string(data), "\n") {
		// sl local remote st tx_queue:rx_queue tr:tm->when retrnsmt ...
		f := strings.Fields(line)
		if len(f) < 6 || f[1] != l || f[2] != r {
			continue
		}
		tx, rx, _ := strings.Cut(f[4], ":")
		timer, when, _ := strings.Cut(f[5], ":")
		ticks, _ := strconv.ParseInt(when, 16, 64)
		return TCPEntry{State: f[3], Timer: int(hexValue(timer)), TimerLeft: time.Duration(ticks) * time.Second / userHZ,
			TxQueue: int(hexValue(tx)), RxQueue: int(hexValue(rx))}, true
	}
	return TCPEntry{}, false
}

func hexValue(s string) int64 {
	v, _ := strconv.ParseInt(s, 16, 64)
	return v
}

// procAddr writes an address the way /proc/net/tcp does: 32-bit words in
// the machine's byte order, in hex, then the port: 127.0.0.1:43211 is
// "0100007F:A8CB" on a little-endian machine.
func procAddr(ap netip.AddrPort) string {
	var addr []byte
	if ap.Addr().Is4() {
		a := ap.Addr().As4()
		addr = a[:]
	} else {
		a := ap.Addr().As16()
		addr = a[:]
	}
	var b strings.Builder
	for i := 0; i < len(addr); i += 4 {
		fmt.Fprintf(&b, "%08X", binary.NativeEndian.Uint32(addr[i:i+4]))
	}
	fmt.Fprintf(&b, ":%04X", ap.Port())
	return b.String()
}
