package main

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"graceclose/scripts/claims"
)

// TestClaims runs each of claims.sh's experiments, in parallel: each must
// decide its claims, with the verdicts recorded for this system (on Linux,
// every one is recorded, and all must be measured).
func TestClaims(t *testing.T) {
	t.Parallel()
	for _, name := range claims.Names() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			status, out, errs := runJob(t, context.Background(), "claims.sh", name)
			if status != exitOK {
				t.Fatalf("claims.sh %s: exit status %d; want 0\n%s%s", name, status, out, errs)
			}
			exp, _ := claims.Find(name)
			n := len(exp.Claims)
			want := "claims: " + itoa(n) + " checked, "
			if runtime.GOOS == "linux" {
				want = "claims: " + itoa(n) + " checked, " + itoa(n) + " as recorded for Linux, 0 differ, 0 unrecorded, 0 not measured"
			}
			if !strings.Contains(out, want) {
				t.Errorf("claims.sh %s: no %q in\n%s", name, want, out)
			}
			_, table, _ := strings.Cut(out, "=== the claims on this machine")
			for _, line := range strings.Split(table, "\n") {
				if len([]rune(line)) > 100 {
					t.Errorf("claims.sh %s: a line of %d columns; the table fits 100: %q", name, len([]rune(line)), line)
				}
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestClaimsContradiction records a verdict the wrong way round (the blog
// post's "close() sends a RST", recorded as holding): claims.sh must measure
// a FIN, say that its verdict differs from the one recorded, and exit 1.
func TestClaimsContradiction(t *testing.T) {
	t.Parallel()
	status, out, _ := runJobWith(t, func(j *job) {
		j.claimsRecord = map[string]string{"close-idle/blog.close-rst": "holds"}
	}, "claims.sh", "close-idle", "--markdown")
	if status != exitDiffers {
		t.Errorf("claims.sh close-idle with a wrong record: exit status %d; want 1\n%s", status, out)
	}
	for _, want := range []string{
		"| a blog post (captures of Python's http.client): \"close() sends a RST, not the FIN of the four-way close\" | `close-idle` | (the same run) | **does not hold**: ",
		"(DIFFERS: recorded for ",
		"claims: 2 checked, 1 as recorded for ",
		", 1 differ, 0 unrecorded, 0 not measured",
		"server's read: EOF",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("claims.sh close-idle with a wrong record: no %q in\n%s", want, out)
		}
	}
}
