//go:build !linux

package main

import (
	"testing"

	"graceclose/common/proctest"
)

// whileAsleep runs reply. Elsewhere there is no /proc to see the client
// asleep in select or count its reads (idle_linux_test.go does both);
// scripts/bench.sh prints its CPU time at stdin EOF.
func whileAsleep(t *testing.T, client *proctest.Proc, reply func()) {
	t.Helper()
	reply()
}
