package scripts

import (
	"runtime"
	"strings"
	"testing"
)

// claims.sh runs once with --fast, in TestScriptsFast with every script:
// exit status 0 there means every claim's verdict is the one recorded for
// this system. On Linux, where every verdict is recorded, its count line
// must also say that all of them were measured.
func init() {
	if runtime.GOOS == "linux" {
		wantLines["claims.sh"] = []string{
			"claims: 21 checked, 21 as recorded for Linux, 0 differ, 0 unrecorded, 0 not measured",
		}
	}
}

// TestClaimsContradiction runs one experiment with a verdict recorded the
// wrong way round (seed 000's "close() sends a RST", recorded as holding):
// the script must measure a FIN, say that its verdict differs from the one
// recorded, and exit 1. Not parallel: it sets the environment the script
// inherits.
func TestClaimsContradiction(t *testing.T) {
	t.Setenv("GRACE_CLAIMS_RECORD", "close-idle/seed000.close-rst=holds")
	r := start(t, "claims.sh", "--fast", "close-idle")
	status := r.wait()
	got := r.out.String()
	if status != 1 {
		t.Errorf("claims.sh close-idle with a wrong record: exit status %d; want 1\n%s", status, got)
	}
	for _, want := range []string{
		"| seed 000: \"close() sends a RST, not the FIN of the four-way close\" | `close-idle` | (the same run) | **does not hold**: ",
		"(DIFFERS: recorded for ",
		"claims: 2 checked, 1 as recorded for ",
		", 1 differ, 0 unrecorded, 0 not measured",
		"server's read: EOF",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("claims.sh close-idle with a wrong record: no %q in\n%s", want, got)
		}
	}
	r.checkNoFilesLeft()
}

// TestClaimsUnknownExperiment: an experiment name the script does not know
// is a usage error, said in one line.
func TestClaimsUnknownExperiment(t *testing.T) {
	t.Parallel()
	r := start(t, "claims.sh", "close-all")
	if status := r.wait(); status != 2 {
		t.Errorf("claims.sh close-all: exit status %d; want 2", status)
	}
	if got := r.out.String(); !strings.HasPrefix(got, "claims.sh: unknown experiment: close-all: want one of: lesson-close ") || strings.Count(got, "\n") != 1 {
		t.Errorf("claims.sh close-all: got %q; want one line naming the experiments", got)
	}
}
