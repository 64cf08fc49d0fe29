package proctest

import (
	"strconv"
	"testing"

	"graceclose/common/freeport"
)

// FreePort returns a TCP port that nothing on host ("127.0.0.1", "::1")
// listens on now: the kernel picks it, and the socket is closed at once.
// Another program may take it meanwhile; StartServer retries when that happens.
func FreePort(t testing.TB, host string) int {
	t.Helper()
	port, err := freeport.Pick(host)
	if err != nil {
		t.Fatal(err)
	}
	return port
}

// PortArg is the port as a command-line argument.
func PortArg(port int) string { return strconv.Itoa(port) }
