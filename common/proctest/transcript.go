package proctest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"graceclose/scripts/scenario"
)

// Transcript is what graceclient and graceserver print and how each ends in
// one of the lesson's experiments.
type Transcript struct {
	ClientOut, ClientErr string
	ClientEnd            Exit
	ServerOut, ServerErr string
	ServerEnd            Exit
}

// LessonTranscript reads the lesson's transcript of the experiment name
// ("close", "close-ignore", "close-custom", "shutdown", "sigint") from the
// module's scripts/scenarios/NAME.txt: the experiment as the scripts run it,
// stated once (see scripts/scenarios/README.md).
func LessonTranscript(t testing.TB, name string) Transcript {
	t.Helper()
	tr, err := FromScenario(lessonScenario(t, name))
	if err != nil {
		t.Fatalf("scenario %s: %v", name, err)
	}
	return tr
}

// FromScenario is what the scenario says the client and the server print
// and how each ends: both must be stated in full.
func FromScenario(sc *scenario.Scenario) (Transcript, error) {
	var tr Transcript
	var errs []error
	side := func(who string) (out, errOut string, end Exit) {
		want, full := sc.Transcript(who)
		if !full {
			errs = append(errs, fmt.Errorf("the %s's transcript is not stated in full (an ends: line, no pattern)", who))
		}
		end, err := endOf(want.Ends)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", who, err))
		}
		return lines(want.Stdout), lines(want.Stderr), end
	}
	tr.ClientOut, tr.ClientErr, tr.ClientEnd = side("client")
	tr.ServerOut, tr.ServerErr, tr.ServerEnd = side("server")
	return tr, errors.Join(errs...)
}

// lines joins lines, each with its newline.
func lines(ls []string) string {
	if len(ls) == 0 {
		return ""
	}
	return strings.Join(ls, "\n") + "\n"
}

// endOf reads a scenario's ending: "exit 1", "killed by SIGPIPE".
func endOf(ending string) (Exit, error) {
	if code, ok := strings.CutPrefix(ending, "exit "); ok {
		n, err := strconv.Atoi(code)
		return Exited(n), err
	}
	if name, ok := strings.CutPrefix(ending, "killed by "); ok {
		for sig := syscall.Signal(1); sig < 32; sig++ {
			if unix.SignalName(sig) == name {
				return Killed(sig), nil
			}
		}
	}
	return Exit{}, fmt.Errorf("an ending %q: want exit N or killed by SIGNAME", ending)
}

// moduleRoot is the folder of the module's go.mod, as the go command that
// builds the programs (Binary) finds it.
var moduleRoot = sync.OnceValues(func() (string, error) {
	out, err := exec.Command(goTool(), "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %v", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("go env GOMOD: not in a module (%q)", gomod)
	}
	return filepath.Dir(gomod), nil
})
