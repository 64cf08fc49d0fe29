// Package freeport picks TCP ports for the servers the tests and the lab
// start: ports nothing listens on, from below the range the kernel gives
// connections' own ends.
//
// A port the kernel picks (listen on port 0, close) comes from that very
// range, the ephemeral ports: with many tests at once, the kernel can give
// it to another connection's own end before the server binds it, and the
// server fails with "bind failed : Address already in use (98)". A port
// below the range is never handed out that way.
package freeport

import (
	"fmt"
	"math/rand/v2"
	"net"
	"net/netip"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"golang.org/x/sys/unix"
)

// low is the lowest port picked: above the ports local services commonly
// use.
const low = 10000

// Pick returns a TCP port nothing on host listens on now, between 10000 and
// the start of the ephemeral range. Another program may still take it
// before the caller binds it (a port picked at random by another test): rare,
// and the lab starts a server that finds its port taken again elsewhere.
func Pick(host string) (int, error) {
	ip, err := netip.ParseAddr(host)
	if err != nil {
		ips, lerr := net.LookupIP(host)
		if lerr != nil || len(ips) == 0 {
			return 0, fmt.Errorf("no free port on %s: %v", host, err)
		}
		ip, _ = netip.AddrFromSlice(ips[0])
	}
	high := ephemeralStart()
	var lastErr error
	for range 50 {
		port := low + rand.IntN(high-low)
		if picked.seen(port) {
			continue // handed out by this process already
		}
		if lastErr = bindable(ip.Unmap(), port); lastErr == nil {
			return port, nil
		}
	}
	return 0, fmt.Errorf("no free port on %s between %d and %d: %w", host, low, high, lastErr)
}

// bindable reports whether a socket can bind ip:port as graceserver does,
// without SO_REUSEADDR: nothing listens there, and no connection of that
// port lingers in TIME_WAIT (which a bind with SO_REUSEADDR, Go's
// net.Listen, would not mind, and the server would).
func bindable(ip netip.Addr, port int) error {
	family, sa := unix.AF_INET6, unix.Sockaddr(&unix.SockaddrInet6{Port: port, Addr: ip.As16()})
	if ip.Is4() {
		family, sa = unix.AF_INET, &unix.SockaddrInet4{Port: port, Addr: ip.As4()}
	}
	// Close-on-exec before any program can be started meanwhile (the
	// tests start them all the time): one that inherited the socket would
	// hold the port. ForkLock is how package syscall does it where there
	// is no SOCK_CLOEXEC (macOS).
	syscall.ForkLock.RLock()
	fd, err := unix.Socket(family, unix.SOCK_STREAM, 0)
	if err == nil {
		unix.CloseOnExec(fd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	return unix.Bind(fd, sa)
}

// picked remembers the ports this process handed out, so that two tests
// running at once are not given the same one.
var picked = &portSet{ports: map[int]bool{}}

type portSet struct {
	mu    sync.Mutex
	ports map[int]bool
}

// seen reports whether port was handed out before, and records it.
func (s *portSet) seen(port int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ports[port] {
		return true
	}
	s.ports[port] = true
	return false
}

// ephemeralStart is the first port of the kernel's ephemeral range: Linux's
// ip_local_port_range (32768 by default), 49152 elsewhere (the IANA range
// macOS and the BSDs use).
func ephemeralStart() int {
	if runtime.GOOS != "linux" {
		return 49152
	}
	text, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err == nil {
		if f := strings.Fields(string(text)); len(f) == 2 {
			if n, err := strconv.Atoi(f[0]); err == nil && n > low+1000 {
				return n
			}
		}
	}
	return 32768
}
