//go:build !linux

package main

import (
	"testing"

	"graceclose/common/proctest"
)

// TestUserTimeoutNotSupported: TCP_USER_TIMEOUT is Linux's; elsewhere
// -user-timeout is one line saying so, exit 1, before any connection.
func TestUserTimeoutNotSupported(t *testing.T) {
	t.Parallel()
	p := proctest.Start(t, proctest.Client(t), "-user-timeout", "2s", "127.0.0.1")
	wantExit(t, p, proctest.Exited(1))
	wantText(t, "stderr", p.Stderr(), "graceclient: -user-timeout is not supported here: TCP_USER_TIMEOUT is Linux's\n")
}
