package proctest

import (
	"testing"
	"time"
)

// The import paths of the two programs.
const (
	ClientPkg = "graceclose/graceclient"
	ServerPkg = "graceclose/graceserver"
)

// Delay is the server's -delay in the lesson's experiments under test: long
// enough for the test to type data2 and close before the first reply (as a
// person does within the lesson's 5 s), short enough to keep the suite fast.
// GRACE_TEST_DELAY changes it, for a slow machine. Under the race detector
// every program runs several times slower: three times as long.
var Delay = durationFromEnv("GRACE_TEST_DELAY", defaultDelay)

var defaultDelay = map[bool]time.Duration{false: 500 * time.Millisecond, true: 1500 * time.Millisecond}[raceEnabled]

// Client returns the path of the built graceclient.
func Client(t testing.TB) string { return Binary(t, ClientPkg) }

// Server returns the path of the built graceserver.
func Server(t testing.TB) string { return Binary(t, ServerPkg) }

// DelayArg is Delay as a command-line value.
func DelayArg() string { return Delay.String() }
