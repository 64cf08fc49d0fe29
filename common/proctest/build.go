package proctest

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
)

var (
	buildDir  string
	buildMu   sync.Mutex
	binaries  = map[string]string{}
	buildErrs = map[string]error{}
)

// Main is the tests' TestMain: it makes the folder the programs are built
// into, runs the tests, and removes it.
//
// The programs' tests spend their time waiting for the programs' delays, not
// computing, so unless -parallel is given they run up to eight at a time
// rather than one per CPU.
func Main(m *testing.M) { MainWith(m, nil) }

// MainWith is Main with setup run before the tests, and what it returns
// after them (nil: nothing): an error from it fails the run, as a check
// that must see every test ended (nothing left behind) does.
func MainWith(m *testing.M, setup func() (cleanup func() error)) {
	Parallel(16)
	dir, err := os.MkdirTemp("", "graceclose-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "proctest:", err)
		os.Exit(2)
	}
	buildDir = dir
	var cleanup func() error
	if setup != nil {
		cleanup = setup()
	}
	code := m.Run()
	if cleanup != nil {
		if err := cleanup(); err != nil {
			fmt.Fprintln(os.Stderr, "after the tests:", err)
			code = 1
		}
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// Binary returns the path of the program built from pkg ("graceclose/graceclient"),
// building it on first use, with -race when the tests themselves use it.
func Binary(t testing.TB, pkg string) string {
	t.Helper()
	buildMu.Lock()
	defer buildMu.Unlock()
	if path, ok := binaries[pkg]; ok {
		return path
	}
	if err, ok := buildErrs[pkg]; ok {
		t.Fatal(err)
	}
	if buildDir == "" {
		t.Fatal("proctest: call proctest.Main from TestMain")
	}
	path := filepath.Join(buildDir, filepath.Base(pkg))
	args := []string{"build", "-o", path}
	if raceEnabled {
		args = append(args, "-race")
	}
	out, err := exec.Command(goTool(), append(args, pkg)...).CombinedOutput()
	if err != nil {
		buildErrs[pkg] = fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
		t.Fatal(buildErrs[pkg])
	}
	binaries[pkg] = path
	return path
}

// goTool finds the go command: the one on PATH, or the toolchain's own.
func goTool() string {
	if path, err := exec.LookPath("go"); err == nil {
		return path
	}
	return filepath.Join(os.Getenv("GOROOT"), "bin", "go")
}

// Parallel lets n tests marked t.Parallel run at once, unless -parallel was
// given: for a TestMain whose tests wait (on programs, timers, tmux) far
// more than they compute, where one per CPU would leave the machine idle.
func Parallel(n int) {
	flag.Parse()
	if !flagSet("test.parallel") {
		_ = flag.Set("test.parallel", strconv.Itoa(n))
	}
}

func flagSet(name string) bool {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
