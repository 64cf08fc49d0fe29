package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"graceclose/common/proctest"
)

// maxIdleReads bounds the read(2) calls of a client at stdin EOF from the
// moment its last line went out until it has printed one reply: one read
// of the socket for the reply, and a few to spare (a reply split across
// reads, a read the Go runtime might make), yet far below a client that
// spins on its EOF stdin, which makes a read each turn of its loop, some
// thousands in a millisecond. Measured (amd64, Linux 6.18): 1 in each of 420
// runs, with and without -race, on an idle and a loaded machine, and none
// from the last line to the client asleep; the runtime makes no read of its
// own once started. A client spinning on stdin made 1017 to 2760 by the
// second look at /proc, a millisecond in.
const maxIdleReads = 5

// whileAsleep checks, on Linux, that the client, its stdin at EOF and its
// last line sent, sleeps in select(2) until the socket has something to
// read: it waits until the thread running the select is seen asleep in it,
// then runs reply (the peer sends a line, and the client prints it), and
// counts the client's read(2) calls over both (/proc/PID/io's syscr): the
// reply's one, not a stream of reads of stdin at EOF.
func whileAsleep(t *testing.T, client *proctest.Proc, reply func()) {
	t.Helper()
	pid := client.Pid()
	before := readCalls(t, pid)
	waitAsleepInSelect(t, client, before)
	reply()
	if n := readCalls(t, pid) - before; n > maxIdleReads {
		t.Errorf("the client made %d reads for one reply at stdin EOF; want %d at most: it keeps reading stdin", n, maxIdleReads)
	}
}

// waitAsleepInSelect waits until a thread of the client is asleep in select
// (see asleepInSelect), failing at once if the client makes more than
// maxIdleReads reads meanwhile: a client spinning on its stdin is never
// asleep.
func waitAsleepInSelect(t *testing.T, client *proctest.Proc, before int) {
	t.Helper()
	pid := client.Pid()
	deadline := time.Now().Add(proctest.Timeout)
	for {
		if n := readCalls(t, pid) - before; n > maxIdleReads {
			t.Fatalf("the client made %d reads at stdin EOF with nothing to read; want %d at most: it spins on stdin", n, maxIdleReads)
		}
		threads, asleep := asleepInSelect(pid)
		if asleep {
			return
		}
		select {
		case <-client.Done():
			t.Fatalf("the client ended at stdin EOF: stdout %q, stderr %q", client.Stdout(), client.Stderr())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the client was not seen asleep in select within %v of stdin EOF; its threads (id, state, system call):\n%s",
				proctest.Timeout, strings.Join(threads, "\n"))
		}
		time.Sleep(time.Millisecond) // a poll of /proc, not a wait for readiness
	}
}

// selectCall is the system call unix.Select makes: pselect6 where x/sys
// makes no other (amd64, arm64, riscv64, loong64); elsewhere (_newselect on
// 386, arm, mips, ppc) 0, and the threads' states alone are looked at.
var selectCall = map[string]int{"amd64": unix.SYS_PSELECT6, "arm64": unix.SYS_PSELECT6,
	"riscv64": unix.SYS_PSELECT6, "loong64": unix.SYS_PSELECT6}[runtime.GOARCH]

// asleepInSelect reports whether a thread of process pid is asleep (state S
// in /proc/PID/task/TID/stat) in select (the first field of its syscall file,
// which the kernel shows only for a thread that is not running). Where that
// cannot be told (selectCall unknown, the syscall files unreadable: they
// need the right to ptrace), it is whether every thread is asleep: a client
// spinning on stdin always has one running. It also returns what it saw.
func asleepInSelect(pid int) (threads []string, asleep bool) {
	tasks := proctest.Threads(pid)
	allAsleep, known := len(tasks) > 0, false
	for _, th := range tasks {
		threads = append(threads, th.String())
		if th.Syscall != nil {
			known = selectCall > 0
			if selectCall > 0 && th.State == "S" && th.Syscall[0] == strconv.Itoa(selectCall) {
				asleep = true
			}
		}
		allAsleep = allAsleep && th.State == "S"
	}
	return threads, asleep || !known && allAsleep
}

// readCalls is the number of read(2) calls process pid has made: syscr in
// /proc/PID/io.
func readCalls(t *testing.T, pid int) int {
	t.Helper()
	io, err := os.ReadFile(fmt.Sprintf("/proc/%d/io", pid))
	if err != nil {
		t.Fatalf("counting the client's reads: %v", err)
	}
	for _, line := range strings.Split(string(io), "\n") {
		if v, ok := strings.CutPrefix(line, "syscr: "); ok {
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatalf("counting the client's reads: %q in /proc/%d/io", line, pid)
			}
			return n
		}
	}
	t.Fatalf("counting the client's reads: no syscr in /proc/%d/io:\n%s", pid, io)
	return 0
}
