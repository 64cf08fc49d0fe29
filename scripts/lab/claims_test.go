package main

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"graceclose/scripts/claims"
	"graceclose/scripts/lang"
	"graceclose/scripts/scenario"
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
				want = "claims: " + itoa(n) + " checked, " + itoa(n) + " as recorded for Linux, 0 differ, 0 unrecorded, 0 not measured\n"
			}
			if why := (&job{lang: lang.English}).lacks(exp.Needs); why != "" {
				// Not root, or no namespaces: said, not failed.
				t.Logf("claims.sh %s: skipped here: %s", name, why)
				want = "claims: 0 checked, 0 as recorded for "
				if !strings.Contains(out, "skipped: "+why) || !strings.Contains(strings.Join(strings.Fields(out), " "), "; "+itoa(n)+" skipped (") {
					t.Errorf("claims.sh %s: want it skipped, with the reason %q:\n%s", name, why, out)
				}
			}
			if !strings.Contains(out, want) {
				t.Errorf("claims.sh %s: no %q in\n%s", name, want, out)
			}
			// The commands to type by hand, in as many terminals as the
			// run has programs (accept-queue: five).
			sc, err := scenario.Load(filepath.Join("..", "scenarios", exp.Scenario+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			if n := len(sc.Programs()); n > 2 && !strings.Contains(out, "by hand, in "+itoa(n)+" terminals at the repository's root:") {
				t.Errorf("claims.sh %s: the by-hand hint does not count its %d terminals:\n%s", name, n, out)
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

// TestClaimsAbortReadsTheKernel runs abort-after-fins with a server that
// never sends its FIN (-on-eof wait): the client's /abort then resets a
// connection in FIN_WAIT1 or FIN_WAIT2, the kernel sends a RST, and the passt claim must
// be decided "does not hold" from the kernel's events (its recorded
// verdict differs: exit 1). As root, where tracefs is.
func TestClaimsAbortReadsTheKernel(t *testing.T) {
	t.Parallel()
	if why := (&job{lang: lang.English}).lacks(claims.Kernel); why != "" {
		t.Skipf("the kernel's events are needed: %s", why)
	}
	dir := t.TempDir()
	text, err := os.ReadFile(filepath.Join("..", "scenarios", "abort-after-fins.txt"))
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(text), "-port {port} -on-eof shutdown", "-port {port} -on-eof wait", 1)
	changed = strings.Replace(changed, "server |~ -on-eof shutdown: .*\n", "", 1)
	if changed == string(text) {
		t.Fatal("abort-after-fins.txt: no -on-eof shutdown to change")
	}
	if err := os.WriteFile(filepath.Join(dir, "abort-after-fins.txt"), []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	status, out, _ := runJobWith(t, func(j *job) { j.scenarioDir = dir }, "claims.sh", "abort-after-fins")
	if status != exitDiffers {
		t.Errorf("claims.sh abort-after-fins, the server never closing: exit status %d; want 1\n%s", status, out)
	}
	for _, want := range []string{"RSTs the kernel sent from it after /abort: 1", "=> does not hold: "} {
		if !strings.Contains(out, want) {
			t.Errorf("claims.sh abort-after-fins, the server never closing: no %q in\n%s", want, out)
		}
	}
}
