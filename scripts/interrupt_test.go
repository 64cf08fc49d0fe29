package scripts

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// loopScript sources lib.sh and calls, over and over, the functions a script
// runs between two naps (command substitutions, pipelines, TCP states read
// with ss or netstat), so that a Ctrl-C lands in one of them.
const loopScript = `#!/usr/bin/env bash
. "$1"
apply_timing
make_workdir
begin_run loop
PORT=9
echo ready
while :; do
	record_states "in a loop"
	wait_client_closing 0.05
	expect "a line" "$RANDOM" x
	describe_status 141 >/dev/null
	has_lines states.log '.*' 1
done
`

// TestInterruptCommandSubstitutions presses Ctrl-C at ten moments of a loop
// of lib.sh's functions, where bash (5.2) used to lose the Ctrl-C: it ran the
// trap while parsing a $(...) ("interrupt trap: ... unexpected EOF"), and
// carried on, or a $(...) spun forever. Each run must end within 5 s with
// status 130, leaving nothing behind. bash can still complain, rarely (the
// watchdog then ends the script): at most one run of ten may say so; the old
// lib.sh said so one time in three.
func TestInterruptCommandSubstitutions(t *testing.T) {
	script := filepath.Join(t.TempDir(), "loop.sh")
	if err := os.WriteFile(script, []byte(loopScript), 0o755); err != nil {
		t.Fatal(err)
	}
	lib, err := filepath.Abs("lib.sh")
	if err != nil {
		t.Fatal(err)
	}
	var complaints atomic.Int32
	t.Run("group", func(t *testing.T) {
		for i := 0; i < 10; i++ {
			after := time.Duration(100+40*i) * time.Millisecond
			t.Run(fmt.Sprint(after), func(t *testing.T) {
				t.Parallel()
				r := start(t, script, lib)
				r.waitOutput("ready", time.Minute)
				time.Sleep(after) // the moment of the Ctrl-C, not a wait for readiness
				r.interruptQuietly(5 * time.Second)
				if strings.Contains(r.out.String(), "trap") {
					complaints.Add(1)
					t.Logf("bash complained (the watchdog ended the script):\n%s", r.out.String())
				}
				r.checkNoFilesLeft()
			})
		}
	})
	if n := complaints.Load(); n > 1 {
		t.Errorf("bash could not run the Ctrl-C trap in %d runs of 10; want 1 at most", n)
	}
}
