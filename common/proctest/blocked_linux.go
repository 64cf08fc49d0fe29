package proctest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

// syscallNumbers are the system calls WaitBlockedIn knows, by name.
var syscallNumbers = map[string]int{
	"write": unix.SYS_WRITE, "sendto": unix.SYS_SENDTO, "sendmsg": unix.SYS_SENDMSG, "read": unix.SYS_READ,
	"clock_nanosleep": unix.SYS_CLOCK_NANOSLEEP, "pselect6": unix.SYS_PSELECT6, "close": unix.SYS_CLOSE,
}

// WaitBlockedIn waits until a thread of the program is asleep in one of the
// system calls named calls ("write", "sendto", ...) on descriptor fd (any if
// fd is -1): state S in /proc/PID/task/TID/stat, the call and its first
// argument in the thread's syscall file. Reading that file needs the right
// to ptrace the program (a parent has it, unless the system forbids it);
// where it cannot be read, every thread of the program asleep is taken
// instead.
func (p *Proc) WaitBlockedIn(fd int, calls ...string) {
	p.t.Helper()
	var nrs []int
	for _, call := range calls {
		nr, ok := syscallNumbers[call]
		if !ok {
			p.t.Fatalf("WaitBlockedIn: unknown system call %q", call)
		}
		nrs = append(nrs, nr)
	}
	call := strings.Join(calls, " or ")
	deadline := time.Now().Add(Timeout)
	for {
		threads, blocked := blockedIn(p.Pid(), nrs, fd)
		if blocked {
			return
		}
		select {
		case <-p.done:
			p.t.Fatalf("%s: ended (%v) before blocking in %s; stdout %q, stderr %q", p.name, p.exited(), call, p.Stdout(), p.Stderr())
		default:
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("%s: not seen blocked in %s within %v; its threads (id, state, system call):\n%s",
				p.name, call, Timeout, strings.Join(threads, "\n"))
		}
		time.Sleep(time.Millisecond) // a poll of /proc, not a wait for readiness
	}
}

func blockedIn(pid int, nrs []int, fd int) (threads []string, blocked bool) {
	allAsleep, known := true, false
	tasks := Threads(pid)
	for _, th := range tasks {
		threads = append(threads, th.String())
		allAsleep = allAsleep && th.State == "S"
		if th.Syscall == nil {
			continue
		}
		known = true
		if th.State == "S" && len(th.Syscall) > 1 && slices.Contains(nrs, atoi(th.Syscall[0])) {
			arg, err := strconv.ParseUint(strings.TrimPrefix(th.Syscall[1], "0x"), 16, 64)
			if fd < 0 || err == nil && int(arg) == fd {
				blocked = true
			}
		}
	}
	return threads, blocked || !known && len(tasks) > 0 && allAsleep
}

// Thread is what /proc shows of a thread of a process.
type Thread struct {
	ID    string
	State string // "R", "S", ... from /proc/PID/task/TID/stat; "?" if unknown
	// Syscall is the fields of /proc/PID/task/TID/syscall: the number of
	// the system call the thread is in and its arguments (or "running"),
	// nil where the file cannot be read (it needs the right to ptrace).
	Syscall []string
}

// String is the thread as failure messages show it: id, state, system call.
func (th Thread) String() string {
	call := "?"
	if th.Syscall != nil {
		call = strings.Join(th.Syscall, " ")
	}
	return th.ID + " " + th.State + " " + call
}

// Threads returns the threads of process pid, as /proc shows them now.
func Threads(pid int) []Thread {
	tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*", pid))
	var threads []Thread
	for _, task := range tasks {
		th := Thread{ID: filepath.Base(task), State: "?"}
		if stat, err := os.ReadFile(filepath.Join(task, "stat")); err == nil {
			// pid (comm) state ...: comm may hold spaces and parentheses.
			if i := bytes.LastIndexByte(stat, ')'); i >= 0 && i+2 < len(stat) {
				th.State = string(stat[i+2])
			}
		}
		if sc, err := os.ReadFile(filepath.Join(task, "syscall")); err == nil {
			th.Syscall = strings.Fields(string(sc))
		}
		threads = append(threads, th)
	}
	return threads
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}
