package common

import (
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// userHZ is the clock tick /proc/net/tcp counts its timers in (USER_HZ,
// 100 on every Linux system).
const userHZ = 100

// PortUsers returns the sockets bound to local TCP port port, read from
// /proc/net/tcp and /proc/net/tcp6 (this network namespace's), each with the
// process holding it where /proc/PID/fd shows it to this user.
func PortUsers(port int) ([]PortUser, error) {
	var users []PortUser
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		data, err := readProcFile(table)
		if err != nil {
			return nil, err
		}
		for _, line := range strings.Split(string(data), "\n") {
			// sl local remote st tx:rx tr:when retrnsmt uid timeout inode
			f := strings.Fields(line)
			if len(f) < 10 {
				continue
			}
			local, ok1 := parseProcAddr(f[1])
			remote, ok2 := parseProcAddr(f[2])
			state, err := strconv.ParseUint(f[3], 16, 8)
			if !ok1 || !ok2 || err != nil || int(local.Port()) != port {
				continue
			}
			u := PortUser{Local: local, Remote: remote, State: stateName(uint8(state))}
			if timer, when, _ := strings.Cut(f[5], ":"); timer == "03" {
				ticks, _ := strconv.ParseInt(when, 16, 64)
				u.TimeWaitLeft = time.Duration(ticks) * time.Second / userHZ
			}
			if f[9] != "0" {
				u.Owner = socketOwner(f[9])
			}
			users = append(users, u)
		}
	}
	return users, nil
}

// parseProcAddr reads an address as /proc/net/tcp writes it (procAddr).
func parseProcAddr(text string) (netip.AddrPort, bool) {
	addrHex, portHex, ok := strings.Cut(text, ":")
	raw, err := hex.DecodeString(addrHex)
	port, perr := strconv.ParseUint(portHex, 16, 16)
	if !ok || err != nil || perr != nil || len(raw) != 4 && len(raw) != 16 {
		return netip.AddrPort{}, false
	}
	for i := 0; i < len(raw); i += 4 {
		binary.NativeEndian.PutUint32(raw[i:], binary.BigEndian.Uint32(raw[i:]))
	}
	addr, _ := netip.AddrFromSlice(raw)
	return netip.AddrPortFrom(addr.Unmap(), uint16(port)), true
}

// socketOwner finds the process holding the socket with inode, among
// those whose descriptors this user may read: "graceserver (pid 4242)".
// It reads /proc with raw system calls, as readProcFile does: os's would
// start the Go runtime's network poller, two descriptors more, which a
// server under a low ulimit -n may not have.
func socketOwner(inode string) string {
	link := "socket:[" + inode + "]"
	pids, _ := listDir("/proc")
	for _, pid := range pids {
		if strings.Trim(pid, "0123456789") != "" {
			continue
		}
		fds, _ := listDir("/proc/" + pid + "/fd")
		for _, fd := range fds {
			buf := make([]byte, 64)
			n, err := unix.Readlink("/proc/"+pid+"/fd/"+fd, buf)
			if err == nil && string(buf[:n]) == link {
				return processName(pid) + " (pid " + pid + ")"
			}
		}
	}
	return ""
}

// processName is the name process pid was started as: its argv[0], less
// the directory, or the kernel's (comm, at most 15 bytes).
func processName(pid string) string {
	cmdline, _ := readProcFile("/proc/" + pid + "/cmdline")
	argv0, _, _ := strings.Cut(string(cmdline), "\x00")
	if name := filepath.Base(argv0); argv0 != "" && name != "/" {
		return name
	}
	comm, _ := readProcFile("/proc/" + pid + "/comm")
	return strings.TrimSpace(string(comm))
}

// listDir returns the names in the directory path.
func listDir(path string) ([]string, error) {
	fd, err := retryEINTR(func() (int, error) { return unix.Open(path, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0) })
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	var names []string
	buf := make([]byte, 8192)
	for {
		n, err := retryEINTR(func() (int, error) { return unix.ReadDirent(fd, buf) })
		if err != nil || n <= 0 {
			return names, err
		}
		_, _, names = unix.ParseDirent(buf[:n], -1, names)
	}
}
