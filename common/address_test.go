package common

import (
	"net/netip"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

func TestResolveHostLiterals(t *testing.T) {
	for host, want := range map[string]string{
		"127.0.0.1":        "127.0.0.1",
		"::1":              "::1",
		"0.0.0.0":          "0.0.0.0",
		"::":               "::",
		"::ffff:127.0.0.1": "127.0.0.1", // a mapped address is used as IPv4
	} {
		ips, err := ResolveHost(host)
		if err != nil || len(ips) != 1 || ips[0].String() != want {
			t.Errorf("ResolveHost(%q) = %v, %v; want [%s]", host, ips, err, want)
		}
	}
}

func TestResolveHostLocalhost(t *testing.T) {
	ips, err := ResolveHost("localhost")
	if err != nil {
		t.Fatal(err)
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			t.Errorf("localhost resolved to %v, not a loopback address", ip)
		}
	}
}

// Text that cannot be an address is an error, and never reaches the resolver.
func TestResolveHostRejects(t *testing.T) {
	for host, want := range map[string]string{
		"1.2.3.999":                          "not an IPv4 or IPv6 address",
		"1.2.3":                              "not an IPv4 or IPv6 address",
		"12345":                              "not an IPv4 or IPv6 address",
		"::g":                                "not an IPv4 or IPv6 address",
		"[::1]":                              "not an IPv4 or IPv6 address",
		"":                                   "not an IP address or host name",
		"a b":                                "not an IP address or host name",
		"-bad.host":                          "not an IP address or host name",
		"under_line":                         "not an IP address or host name",
		"a..b":                               "not an IP address or host name",
		strings.Repeat("a", 64) + ".example": "not an IP address or host name",
	} {
		ips, err := ResolveHost(host)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ResolveHost(%q) = %v, %v; want error %q", host, ips, err, want)
		}
	}
}

func TestSockaddr(t *testing.T) {
	sa, err := Sockaddr(netip.MustParseAddr("127.0.0.1"), 43211)
	if err != nil {
		t.Fatal(err)
	}
	if in4, ok := sa.(*unix.SockaddrInet4); !ok || in4.Port != 43211 || in4.Addr != [4]byte{127, 0, 0, 1} {
		t.Errorf("Sockaddr(127.0.0.1, 43211) = %#v", sa)
	}
	if got := FormatSockaddr(sa); got != "127.0.0.1:43211" {
		t.Errorf("FormatSockaddr = %q", got)
	}
	sa, err = Sockaddr(netip.MustParseAddr("::1"), 80)
	if err != nil {
		t.Fatal(err)
	}
	if got := FormatSockaddr(sa); got != "[::1]:80" {
		t.Errorf("FormatSockaddr = %q; want [::1]:80", got)
	}
	if Family(netip.MustParseAddr("::1")) != unix.AF_INET6 || Family(netip.MustParseAddr("10.0.0.1")) != unix.AF_INET {
		t.Error("Family picks the wrong family")
	}
	if _, err := Sockaddr(netip.MustParseAddr("fe80::1%no-such-interface"), 80); err == nil {
		t.Error("Sockaddr accepted an unknown zone")
	}
}

// TestSplitAddrPort: an address written with its port is told apart from
// an address, an IPv6 address included, and from what is neither.
func TestSplitAddrPort(t *testing.T) {
	type split struct {
		host string
		port int
		ok   bool
	}
	for s, want := range map[string]split{
		"127.0.0.1:43211":    {"127.0.0.1", 43211, true},
		"[::1]:43211":        {"::1", 43211, true},
		"[fe80::1%lo]:80":    {"fe80::1%lo", 80, true},
		"localhost:43211":    {"localhost", 43211, true},
		"example.com:1":      {"example.com", 1, true},
		"127.0.0.1":          {"", 0, false},
		"::1":                {"", 0, false},
		"1::2:80":            {"", 0, false},
		"[::1]:0":            {"::1", 0, false},
		"127.0.0.1:65536":    {"", 0, false},
		"127.0.0.1:":         {"", 0, false},
		"localhost:+80":      {"", 0, false},
		"localhost:http":     {"", 0, false},
		"not a host!:80":     {"", 0, false},
		"127.0.0.1:43211:80": {"", 0, false},
	} {
		host, port, ok := SplitAddrPort(s)
		if got := (split{host, port, ok}); got.ok != want.ok || got.ok && got != want {
			t.Errorf("SplitAddrPort(%q) = %+v; want %+v", s, got, want)
		}
	}
}
