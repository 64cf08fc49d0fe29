// Package graceclose_test checks the repository as a whole: that the
// programs install with go install, and that the READMEs agree.
package graceclose_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGoInstall installs both programs from the checkout into a fresh GOBIN,
// as the README says, and runs their -h.
func TestGoInstall(t *testing.T) {
	gobin := t.TempDir()
	cmd := exec.Command("go", "install", "./graceclient", "./graceserver")
	cmd.Env = append(os.Environ(), "GOBIN="+gobin)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go install: %v\n%s", err, out)
	}
	for name, usage := range map[string]string{
		"graceclient": "usage: graceclient [flags] <address>",
		"graceserver": "usage: graceserver [flags]",
	} {
		out, err := exec.Command(filepath.Join(gobin, name), "-h").Output()
		if err != nil {
			t.Errorf("%s -h: %v", name, err)
		}
		if !strings.HasPrefix(string(out), usage+"\n") {
			t.Errorf("%s -h printed %q; want it to start with %q", name, out, usage)
		}
	}
}
