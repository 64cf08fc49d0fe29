package bench

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/sys/unix"

	"graceclose/scripts/lang"
)

// A process's ru_maxrss on Linux counts the memory it had before its
// exec: a child forked (or vforked, as Go does) from the bench starts
// with the bench's pages, so every program measured would weigh at least
// what the bench does. startClean forks the program from a small shell
// instead, which exits at once: the program, orphaned, is handed to the
// bench (a child subreaper), which waits for it and reads its own peak,
// as /usr/bin/time would.
var cleanLaunch = lang.Mark("(each program forked from /bin/sh, so that ru_maxrss is its own, not the lab's pages before exec)")

var (
	subreaperOnce sync.Once
	subreaperErr  error
)

// startClean starts cmd (its Stdin, Stdout and Stderr files, its
// environment) through /bin/sh, and waits for it as its new parent.
func startClean(name string, cmd *exec.Cmd) (*proc, error) {
	subreaperOnce.Do(func() {
		subreaperErr = os.NewSyscallError("prctl(PR_SET_CHILD_SUBREAPER)", unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0))
	})
	if subreaperErr != nil {
		return nil, subreaperErr
	}
	stdin, ok := cmd.Stdin.(*os.File)
	if !ok {
		null, err := os.Open(os.DevNull)
		if err != nil {
			return nil, err
		}
		defer null.Close()
		stdin = null
	}
	pidR, pidW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	defer pidR.Close()
	// fd 3 is the program's stdin (a background job's would be
	// /dev/null), fd 4 where the shell says the program's pid.
	sh := exec.Command("/bin/sh", append([]string{"-c", `"$@" <&3 3<&- 4>&- & echo $! >&4`, "sh", cmd.Path}, cmd.Args[1:]...)...)
	sh.Env, sh.Stdout, sh.Stderr = cmd.Env, cmd.Stdout, cmd.Stderr
	sh.ExtraFiles = []*os.File{stdin, pidW}
	err = sh.Run()
	pidW.Close()
	if err != nil {
		return nil, fmt.Errorf("/bin/sh starting %s: %v", cmd.Path, err)
	}
	line, _ := bufio.NewReader(pidR).ReadString('\n')
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		return nil, fmt.Errorf("/bin/sh did not say the pid of %s", cmd.Path)
	}
	process, err := os.FindProcess(pid)
	if err != nil {
		return nil, err
	}
	return watch(name, process, process.Wait), nil
}
