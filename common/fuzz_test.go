package common

import (
	"net/netip"
	"strings"
	"testing"
)

// FuzzParseHost: any command-line address is an IP address, a host name
// worth a lookup, or a one-line error, never a panic; text meant as an IP
// address never goes to the resolver.
func FuzzParseHost(f *testing.F) {
	for _, s := range []string{"127.0.0.1", "::1", "localhost", "1.2.3.999", "", "fe80::1%lo", "a..b", "-x", "::ffff:1.2.3.4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, host string) {
		ip, isName, err := parseHost(host)
		switch {
		case err != nil:
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("parseHost(%q): error %q is more than one line", host, err)
			}
		case isName:
			if strings.ContainsAny(host, ": \x00") || !isHostName(host) {
				t.Fatalf("parseHost(%q): would send to the resolver", host)
			}
		default:
			want, perr := netip.ParseAddr(host)
			if perr != nil || ip != want.Unmap() {
				t.Fatalf("parseHost(%q) = %v; netip says %v, %v", host, ip, want, perr)
			}
		}
	})
}

// FuzzSeconds: a pause is accepted as a non-negative duration that reads
// back the same, or refused with an error.
func FuzzSeconds(f *testing.F) {
	for _, s := range []string{"5s", "300ms", "5", "0.3", "-1", "1e9", "NaN", "Inf", "1h2m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var s Seconds
		if s.Set(text) != nil {
			return
		}
		if s.Duration() < 0 {
			t.Fatalf("Set(%q) gave a negative duration %v", text, s.Duration())
		}
		var again Seconds
		if err := again.Set(s.String()); err != nil || again != s {
			t.Fatalf("Set(%q) = %v, which reads back as %v, %v", text, s.Duration(), again.Duration(), err)
		}
	})
}

// FuzzPort: a port is 1 to 65535 and reads back the same, or an error.
func FuzzPort(f *testing.F) {
	for _, s := range []string{"43211", "0", "65536", "-1", "+80", "0x50", " 80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var p Port
		if p.Set(text) != nil {
			return
		}
		if p < 1 || p > 65535 {
			t.Fatalf("Set(%q) = %d: out of range", text, p)
		}
		var again Port
		if err := again.Set(p.String()); err != nil || again != p {
			t.Fatalf("Set(%q) = %d, which reads back as %d, %v", text, p, again, err)
		}
	})
}
