package proctest

import (
	"net"
	"strconv"
	"testing"
)

// FreePort returns a TCP port that nothing on host ("127.0.0.1", "::1")
// listens on now: the kernel picks it, and the socket is closed at once.
// Another program may take it meanwhile; StartServer retries when that happens.
func FreePort(t testing.TB, host string) int {
	t.Helper()
	l, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		t.Fatalf("finding a free port on %s: %v", host, err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// PortArg is the port as a command-line argument.
func PortArg(port int) string { return strconv.Itoa(port) }
