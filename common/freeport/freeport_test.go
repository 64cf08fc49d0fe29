package freeport

import (
	"net"
	"net/netip"
	"testing"
)

// TestPick: the ports picked are below the ephemeral range, free to bind
// without SO_REUSEADDR, and never the same twice in a process; a port
// something listens on is not bindable.
func TestPick(t *testing.T) {
	seen := map[int]bool{}
	for range 20 {
		port, err := Pick("127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		if port < low || port >= ephemeralStart() {
			t.Errorf("Pick = %d; want a port in [%d, %d)", port, low, ephemeralStart())
		}
		if seen[port] {
			t.Errorf("Pick gave %d twice", port)
		}
		seen[port] = true
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := l.Addr().(*net.TCPAddr).Port
	if err := bindable(mustAddr(t, "127.0.0.1"), port); err == nil {
		t.Errorf("bindable(127.0.0.1:%d) with a listener there = nil; want an error", port)
	}
	if p6, err := Pick("::1"); err != nil {
		t.Logf("no IPv6 here: %v", err)
	} else if p6 < low {
		t.Errorf("Pick(::1) = %d", p6)
	}
}

func mustAddr(t *testing.T, text string) netip.Addr {
	t.Helper()
	a, err := netip.ParseAddr(text)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
