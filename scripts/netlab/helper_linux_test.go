package netlab

import (
	"bufio"
	"fmt"
	"net/netip"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"graceclose/common/proctest"
)

// The test binary is also the programs the tests run inside the hosts, as
// Go's os/exec tests do: NETLAB_TEST_HELPER says which.
const helperEnv = "NETLAB_TEST_HELPER"

func TestMain(m *testing.M) {
	switch os.Getenv(helperEnv) {
	case "":
		// The tests wait on timers (retransmissions, ARP) far more than
		// they compute: eight at a time rather than one per CPU.
		proctest.Parallel(8)
		os.Exit(m.Run())
	case "peer":
		peerMain()
	case "hold":
		holdMain()
	case "idle":
		for { // until killed
			time.Sleep(time.Hour)
		}
	default:
		fmt.Fprintln(os.Stderr, "unknown", helperEnv, os.Getenv(helperEnv))
		os.Exit(2)
	}
}

// peerMain is one end of a TCP connection, driven a command a line on
// standard input, one answer a line on standard output ("ok ...", "eof",
// "err ENAME"). Raw system calls, as the programs make them.
//
//	listen ADDR:PORT   accept        connect ADDR:PORT
//	usertimeout MS     send TEXT     read (blocks)
//	state              unread        shutdown   close
//	snmp PROTO NAME    timewait
func peerMain() {
	var lfd, fd = -1, -1
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		verb, arg, _ := strings.Cut(in.Text(), " ")
		var answer string
		var err error
		switch verb {
		case "listen":
			lfd, err = tcpSocket()
			if err == nil {
				_ = unix.SetsockoptInt(lfd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1)
				err = unix.Bind(lfd, sockaddr(arg))
			}
			if err == nil {
				err = unix.Listen(lfd, 8)
			}
		case "accept":
			var sa unix.Sockaddr
			fd, sa, err = unix.Accept(lfd)
			if err == nil {
				a := sa.(*unix.SockaddrInet4)
				answer = netip.AddrPortFrom(netip.AddrFrom4(a.Addr), uint16(a.Port)).String()
			}
		case "connect":
			fd, err = tcpSocket()
			if err == nil {
				err = unix.Connect(fd, sockaddr(arg))
			}
		case "usertimeout":
			ms, _ := strconv.Atoi(arg)
			err = unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_USER_TIMEOUT, ms)
		case "send":
			var k int
			k, err = unix.Write(fd, []byte(arg))
			answer = strconv.Itoa(k)
		case "read":
			buf := make([]byte, 4096)
			var k int
			k, err = unix.Read(fd, buf)
			if err == nil && k == 0 {
				fmt.Println("eof")
				continue
			}
			answer = string(buf[:max(k, 0)])
		case "state":
			var info *unix.TCPInfo
			info, err = unix.GetsockoptTCPInfo(fd, unix.IPPROTO_TCP, unix.TCP_INFO)
			if err == nil {
				answer = stateName(int(info.State))
			}
		case "unread":
			var k int
			k, err = unix.IoctlGetInt(fd, unix.SIOCINQ)
			answer = strconv.Itoa(k)
		case "shutdown":
			err = unix.Shutdown(fd, unix.SHUT_WR)
		case "close":
			err = unix.Close(fd)
		case "snmp": // snmp Tcp RetransSegs
			proto, name, _ := strings.Cut(arg, " ")
			answer, err = snmpValue(proto, name)
		case "timewait":
			answer, err = countState("06") // TIME_WAIT in /proc/net/tcp
		default:
			err = fmt.Errorf("unknown command %q", verb)
		}
		switch e, isErrno := err.(unix.Errno); {
		case isErrno:
			fmt.Println("err", unix.ErrnoName(e))
		case err != nil:
			fmt.Println("err", err)
		default:
			fmt.Println(strings.TrimSpace("ok " + answer))
		}
	}
	os.Exit(0)
}

func tcpSocket() (int, error) {
	return unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
}

func sockaddr(text string) unix.Sockaddr {
	ap := netip.MustParseAddrPort(text)
	return &unix.SockaddrInet4{Addr: ap.Addr().As4(), Port: int(ap.Port())}
}

// stateName names a TCP state as the kernel numbers them.
func stateName(st int) string {
	names := [...]string{1: "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
		"TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"}
	if st > 0 && st < len(names) {
		return names[st]
	}
	return "STATE_" + strconv.Itoa(st)
}

// snmpValue reads a counter of this namespace from /proc/net/snmp (per
// namespace), such as Tcp RetransSegs, the segments TCP retransmitted: a
// line of names "Tcp: ..." then a line of values "Tcp: ...".
func snmpValue(proto, name string) (string, error) {
	data, err := os.ReadFile("/proc/net/snmp")
	if err != nil {
		return "", err
	}
	var names []string
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || f[0] != proto+":" {
			continue
		}
		if names == nil {
			names = f
			continue
		}
		if i := slices.Index(names, name); i > 0 && i < len(f) {
			return f[i], nil
		}
	}
	return "", fmt.Errorf("no %s %s in /proc/net/snmp", proto, name)
}

// countState counts this namespace's TCP sockets in a state (hex, as
// /proc/net/tcp writes it).
func countState(hex string) (string, error) {
	data, err := os.ReadFile("/proc/net/tcp")
	if err != nil {
		return "", err
	}
	k := 0
	for _, line := range strings.Split(string(data), "\n")[1:] {
		if f := strings.Fields(line); len(f) > 3 && f[3] == hex {
			k++
		}
	}
	return strconv.Itoa(k), nil
}

// holdMain makes a Net and prints "NET CLIENT SERVER SUBNET IDLEPID", with a
// process (the idle helper) running in the client's host, then waits to be
// killed: what a lab killed with SIGKILL leaves behind.
func holdMain() {
	n, err := New()
	if err != nil {
		fmt.Println("err", err)
		os.Exit(1)
	}
	exe, _ := os.Executable()
	argv := n.Client.Command(exe)
	idle := exec.Command(argv[0], argv[1:]...)
	idle.Env = append(os.Environ(), helperEnv+"=idle")
	if err := idle.Start(); err != nil {
		fmt.Println("err", err)
		os.Exit(1)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if _, pids, _ := pidsIn(n.Client.Name); len(pids) > 0 || time.Now().After(deadline) {
			break
		}
	}
	fmt.Println("net", n.Client.Name, n.Server.Name, n.Subnet, idle.Process.Pid)
	for { // until killed
		time.Sleep(time.Hour)
	}
}
