package common

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// resolveTimeout bounds a host name lookup, so a dead resolver cannot hang a program.
const resolveTimeout = 10 * time.Second

// ResolveHost turns an address given on the command line into the IP
// addresses to try, in order: an IPv4 literal as in the lesson
// ("127.0.0.1"), an IPv6 literal ("::1"), or a host name ("localhost"), which
// is looked up. Anything else is an error: the C programs pass the text to
// inet_pton, ignore its failure and use 0.0.0.0.
func ResolveHost(host string) ([]netip.Addr, error) {
	ip, isName, err := parseHost(host)
	if err != nil {
		return nil, err
	}
	if !isName {
		return []netip.Addr{ip}, nil
	}
	// The lookup goes through the Go runtime's network poller, which
	// takes two descriptors of its own for good the first time, and needs
	// one more for /etc/hosts or a name server's socket.
	if err := descriptorsFree(resolverDescriptors); err != nil {
		return nil, fmt.Errorf("cannot resolve %q: %v", host, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), resolveTimeout)
	defer cancel()
	// Go's own resolver, the same on every system: /etc/hosts, then the
	// name servers of /etc/resolv.conf.
	resolver := &net.Resolver{PreferGo: true}
	ips, err := resolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil, fmt.Errorf("cannot resolve %q: %s", host, lookupFailure(err))
	}
	for i := range ips {
		ips[i] = ips[i].Unmap()
	}
	return ips, nil
}

// lookupFailure says why a host name lookup failed in words a learner
// knows, not the resolver's ("dial udp 10.255.255.53:53: connect: network is
// unreachable"): the name does not exist, or no name server could be asked.
func lookupFailure(err error) string {
	var dnsErr *net.DNSError
	switch {
	case errors.Is(err, unix.EMFILE) || errors.Is(err, unix.ENFILE):
		return "too many open files"
	case !errors.As(err, &dnsErr):
		return err.Error()
	case dnsErr.IsNotFound:
		return "no such host"
	case dnsErr.IsTimeout:
		return "no name server answered (/etc/resolv.conf)"
	case dnsErr.Err == "server misbehaving":
		return "the name server failed to answer (/etc/resolv.conf)"
	}
	return "no name server reachable (/etc/resolv.conf)"
}

// parseHost tells what host is without asking any resolver: an IP address
// (returned), a host name to look up (isName), or neither (an error).
func parseHost(host string) (ip netip.Addr, isName bool, err error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return ip.Unmap(), false, nil
	}
	if looksLikeIPLiteral(host) {
		return netip.Addr{}, false, fmt.Errorf("invalid address %q: not an IPv4 or IPv6 address", host)
	}
	if !isHostName(host) {
		return netip.Addr{}, false, fmt.Errorf("invalid address %q: not an IP address or host name", host)
	}
	return netip.Addr{}, true, nil
}

// looksLikeIPLiteral reports whether s was meant as an IP address: it has a
// colon, or only digits and dots. Such text is never sent to the resolver, so
// "1.2.3.999" is an error at once instead of a DNS query.
func looksLikeIPLiteral(s string) bool {
	if strings.Contains(s, ":") {
		return true
	}
	return s != "" && strings.Trim(s, "0123456789.") == ""
}

// isHostName reports whether s is a syntactically valid host name (RFC 1123
// labels of letters, digits and hyphens, separated by dots).
func isHostName(s string) bool {
	s = strings.TrimSuffix(s, ".")
	if s == "" || len(s) > 253 {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// SplitAddrPort reports whether s is an address with a port, as a person
// used to URLs writes it: "127.0.0.1:43211", "[::1]:43211",
// "localhost:43211". The programs take the port as a flag: they say so,
// with the host and the port apart.
func SplitAddrPort(s string) (host string, port int, ok bool) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().String(), int(ap.Port()), ap.Port() != 0
	}
	i := strings.LastIndexByte(s, ':')
	if i < 0 || !isHostName(s[:i]) {
		return "", 0, false
	}
	port, ok = PortNumber(s[i+1:])
	return s[:i], port, ok
}

// PortNumber reports whether s is a TCP port number, 1 to 65535, in
// decimal digits only, and returns it.
func PortNumber(s string) (int, bool) {
	if s == "" || len(s) > 5 || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 1 && n <= 65535
}

// Family returns the socket family for ip: unix.AF_INET or unix.AF_INET6.
func Family(ip netip.Addr) int {
	if ip.Is4() {
		return unix.AF_INET
	}
	return unix.AF_INET6
}

// Sockaddr builds the socket address for ip and port, the sockaddr_in (or
// sockaddr_in6) the lesson fills in by hand.
func Sockaddr(ip netip.Addr, port int) (unix.Sockaddr, error) {
	if ip.Is4() {
		return &unix.SockaddrInet4{Port: port, Addr: ip.As4()}, nil
	}
	sa := &unix.SockaddrInet6{Port: port, Addr: ip.As16()}
	if zone := ip.Zone(); zone != "" {
		ifi, err := net.InterfaceByName(zone)
		if err != nil {
			return nil, fmt.Errorf("invalid address %q: unknown zone %q", ip, zone)
		}
		sa.ZoneId = uint32(ifi.Index)
	}
	return sa, nil
}

// FormatSockaddr shows a socket address as "127.0.0.1:43211" or "[::1]:43211".
func FormatSockaddr(sa unix.Sockaddr) string {
	switch sa := sa.(type) {
	case *unix.SockaddrInet4:
		return netip.AddrPortFrom(netip.AddrFrom4(sa.Addr), uint16(sa.Port)).String()
	case *unix.SockaddrInet6:
		return netip.AddrPortFrom(netip.AddrFrom16(sa.Addr), uint16(sa.Port)).String()
	}
	return fmt.Sprintf("%v", sa)
}
