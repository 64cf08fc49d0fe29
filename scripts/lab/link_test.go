package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"graceclose/scripts/events"
	"graceclose/scripts/netlab"
)

// needTwoHosts skips the test, with the reason, where two hosts cannot be
// made (not root, no nft...): CI runs it as root.
func needTwoHosts(t *testing.T) {
	t.Helper()
	if ok, why := netlab.Available(); !ok {
		t.Skip(why)
	}
}

// ours lists what this process left of its hosts (namespaces, links, tables
// named after its pid). TestMain checks it once every test has ended.
// Where two hosts cannot be made, none were: nothing to look for (and
// nft would not list its tables to another user).
func ours() ([]string, error) {
	if ok, _ := netlab.Available(); !ok {
		return nil, nil
	}
	left, err := netlab.Leftovers()
	if err != nil {
		return nil, err
	}
	var mine []string
	for _, l := range left {
		if strings.Contains(l, "graceclose-"+strconv.Itoa(os.Getpid())+"-") {
			mine = append(mine, l)
		}
	}
	return mine, nil
}

// TestLink runs each of link.sh's scenarios between two hosts, in
// parallel: each must go as its transcript says, by its verdict read from
// what happened; with a fault taken away the verdict must change; Ctrl-C
// must end it; and nothing may be left behind, however each ended
// (TestMain checks, once every run of two hosts has ended).
func TestLink(t *testing.T) {
	needTwoHosts(t)
	t.Parallel()
	t.Run("group", func(t *testing.T) {
		t.Run("verdict reads what happened", linkVerdictReadsWhatHappened)
		t.Run("interrupted", linkInterrupted)
		// Each file on its own, so that they all run at once.
		for _, s := range linkScenarios {
			for _, file := range s.files {
				name := s.name
				if file != s.name {
					name += "/" + file
				}
				t.Run(name, func(t *testing.T) {
					t.Parallel()
					status, out, errs := runJob(t, context.Background(), "link.sh", file)
					if status != exitOK {
						t.Errorf("link.sh %s: exit status %d; want 0\n%s%s", file, status, out, errs)
					}
					title := s.name
					if file != s.name {
						title += ": " + file
					}
					if !strings.Contains(out, "\nverdict: "+title+": ") {
						t.Errorf("link.sh %s: no verdict for %s in\n%s", file, title, out)
					}
				})
			}
		}
	})
}

// linkVerdictReadsWhatHappened runs lost-fin without its fault: the FIN is
// not lost, so the verdict must say no FIN was sent again, and differ.
func linkVerdictReadsWhatHappened(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	text, err := os.ReadFile(filepath.Join("..", "scenarios", "lost-fin.txt"))
	if err != nil {
		t.Fatal(err)
	}
	noFault := strings.Replace(string(text), "fault drop-first-fin client\n", "", 1)
	if err := os.WriteFile(filepath.Join(dir, "lost-fin.txt"), []byte(noFault), 0o644); err != nil {
		t.Fatal(err)
	}
	status, out, _ := runJobWith(t, func(j *job) { j.scenarioDir = dir }, "link.sh", "lost-fin")
	if status != exitDiffers {
		t.Errorf("link.sh lost-fin without the fault: exit status %d; want 1\n%s", status, out)
	}
	if !strings.Contains(out, "verdict: lost-fin: no FIN was sent again") {
		t.Errorf("link.sh lost-fin without the fault: the verdict does not say the FIN was not sent again:\n%s", out)
	}
}

// linkInterrupted stops link.sh in the middle of a scenario, as Ctrl-C
// does, once the fault is in place: it must end as interrupted (TestLink
// then checks both hosts are gone).
func linkInterrupted(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	status, out, _ := runJobWith(t, func(j *job) {
		j.progress = func(e events.Event) {
			if e.Kind == events.Note && strings.HasPrefix(e.Text, "fault: ") {
				cancel()
			}
		}
		j.ctx = ctx
	}, "link.sh", "lost-rst")
	if status != exitInterrupted {
		t.Errorf("link.sh interrupted: exit status %d; want 130\n%s", status, out)
	}
}
