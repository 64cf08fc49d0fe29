package proctest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
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
// ("close-default", "close-ignore", "close-custom", "shutdown", "sigint")
// from the module's scripts/transcripts/NAME.txt: the scripts' lesson_outcome
// reads the same files (see their README.md).
func LessonTranscript(t testing.TB, name string) Transcript {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(root, "scripts", "transcripts", name+".txt")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := ParseTranscript(string(data))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return tr
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

// The sections of a transcript file, in their order.
var sectionNames = []string{"client stdout", "client stderr", "client status", "server stdout", "server stderr", "server status"}

// ParseTranscript parses a transcript file: lines starting with # before the
// first section, then the six sections "[client stdout]", "[client stderr]",
// "[client status]", "[server stdout]", "[server stderr]", "[server status]",
// each a header line followed by its lines, verbatim (trailing spaces and
// empty lines included), up to the next header. A status is the shell's $?:
// above 128, killed by signal $?-128.
func ParseTranscript(text string) (Transcript, error) {
	sections := map[string][]string{}
	current := ""
	for i, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if name := strings.Trim(line, "[]"); line == "["+name+"]" && slices.Contains(sectionNames, name) {
			if _, seen := sections[name]; seen {
				return Transcript{}, fmt.Errorf("line %d: [%s] again", i+1, name)
			}
			current = name
			sections[name] = []string{}
		} else if current != "" {
			sections[current] = append(sections[current], line)
		} else if !strings.HasPrefix(line, "#") {
			return Transcript{}, fmt.Errorf("line %d: %q before the first section (a comment starts with #)", i+1, line)
		}
	}
	for _, name := range sectionNames {
		if _, ok := sections[name]; !ok {
			return Transcript{}, fmt.Errorf("no [%s]", name)
		}
	}
	output := func(name string) string {
		if len(sections[name]) == 0 {
			return ""
		}
		return strings.Join(sections[name], "\n") + "\n"
	}
	var errs []error
	end := func(name string) Exit {
		lines := sections[name]
		status, err := -1, error(nil)
		if len(lines) == 1 {
			status, err = strconv.Atoi(lines[0])
		}
		switch {
		case err != nil || status < 0 || status > 255:
			errs = append(errs, fmt.Errorf("[%s]: want one line, an exit status as $? shows it (0 to 255); got %q", name, lines))
		case status > 128:
			return Killed(syscall.Signal(status - 128))
		}
		return Exited(status)
	}
	tr := Transcript{
		ClientOut: output("client stdout"), ClientErr: output("client stderr"), ClientEnd: end("client status"),
		ServerOut: output("server stdout"), ServerErr: output("server stderr"), ServerEnd: end("server status"),
	}
	return tr, errors.Join(errs...)
}
