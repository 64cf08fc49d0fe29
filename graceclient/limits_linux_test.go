package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"graceclose/common/proctest"
)

// needDescriptors makes sure the programs this test process starts may open
// n descriptors, or skips the test where the hard limit is lower. The Go
// runtime raises its own soft limit to the hard one, but hands its children
// the limit it started with (often 1024) unless the program sets the limit
// itself: setting it keeps the raised one for them too.
func needDescriptors(t *testing.T, n uint64) {
	t.Helper()
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		t.Fatal(err)
	}
	if rl.Max < n {
		t.Skipf("the hard limit on open descriptors is %d; this test needs %d", rl.Max, n)
	}
	rl.Cur = max(rl.Cur, n)
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		t.Fatal(err)
	}
}

// TestPastSelectLimit: select(2) watches descriptors below FD_SETSIZE
// (1024) only. A socket past it (a client started with 1021 descriptors
// open, or a /dupclose copy after a thousand /dup) is a one-line error and
// exit 1, with every line printed before it kept: not a panic.
func TestPastSelectLimit(t *testing.T) {
	t.Parallel()
	needDescriptors(t, 2048)
	t.Run("inherited", func(t *testing.T) {
		t.Parallel()
		devNull, err := os.Open(os.DevNull)
		if err != nil {
			t.Fatal(err)
		}
		defer devNull.Close()
		extra := make([]*os.File, 1021) // descriptors 3 to 1023
		for i := range extra {
			extra[i] = devNull
		}
		p := newPeer(t)
		client := proctest.StartWith(t, proctest.Options{ExtraFiles: extra},
			proctest.Client(t), "-port", strconv.Itoa(p.port), "127.0.0.1")
		wantExit(t, client, proctest.Exited(1))
		wantText(t, "stderr", client.Stderr(),
			"graceclient: descriptor 1024 is past what select(2) can watch (FD_SETSIZE is 1024): too many descriptors open\n")
	})
	t.Run("dup", func(t *testing.T) {
		t.Parallel()
		p := newPeer(t)
		client := proctest.Start(t, proctest.Client(t), "-port", strconv.Itoa(p.port), "127.0.0.1")
		p.accept()
		client.Type(strings.Repeat("/dup\n", 1100) + "/dupclose\n")
		wantExit(t, client, proctest.Exited(1))
		// The copy's number is the lowest free one past the thousand
		// others (the test process may have left a few open too).
		past := regexp.MustCompile(`^graceclient: descriptor (\d+) is past what select\(2\) can watch \(FD_SETSIZE is 1024\): too many descriptors open\n$`)
		if m := past.FindStringSubmatch(client.Stderr()); m == nil || len(m[1]) < 4 {
			t.Errorf("stderr %q; want %q with a descriptor past 1023", client.Stderr(), past)
		}
		if n := strings.Count(client.Stdout(), "/dup: dup(3) = "); n != 1100 {
			t.Errorf("stdout holds %d answers to /dup; want 1100", n)
		}
	})
}

// TestLowDescriptorLimit: under a low ulimit -n the Go runtime, which takes
// descriptors of its own the first time it uses a timer or its network
// poller, must not die with a stack trace ("netpollinit failed"): the client
// needs no descriptor the C program does not (its socket, then /proc for
// -trace once the socket is closed), and a host name lookup that cannot
// have the three it needs says so in one line.
func TestLowDescriptorLimit(t *testing.T) {
	t.Parallel()
	t.Run("close traced", func(t *testing.T) {
		t.Parallel()
		p := newPeer(t)
		client := proctest.StartWith(t, proctest.Options{Wrapper: proctest.Ulimit(5)},
			proctest.Client(t), "-trace", "-sleep", "10ms", "-port", strconv.Itoa(p.port), "127.0.0.1")
		conn := p.accept()
		client.Type("data1\nclose\n")
		wantText(t, "peer got", readN(t, conn, 5), "data1")
		wantEOF(t, conn)
		wantExit(t, client, proctest.Exited(0))
		trace, rest := proctest.SplitTrace(client.Stderr())
		wantText(t, "stderr without the trace", rest, "")
		wantTraced(t, trace, "close(", "our FIN is queued", "FIN_WAIT1", "FIN_WAIT2")
		wantTraced(t, trace, "exit(0)", "exit(0)", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT")
	})
	t.Run("ulimit -n 4", func(t *testing.T) {
		// stdin, stdout, stderr and the socket: all the C client needs.
		// (Go 1.25's runtime, on a cgroup v1 system and at exactly this
		// limit, keeps a descriptor open at start: the socket then cannot
		// be had, which must be said in one line too.)
		t.Parallel()
		p := newPeer(t)
		// The lines from a file, not typed: a client that could not have
		// its socket may be gone before anything could be typed.
		input := filepath.Join(t.TempDir(), "input")
		if err := os.WriteFile(input, []byte("data1\nclose\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		stdin, err := os.Open(input)
		if err != nil {
			t.Fatal(err)
		}
		defer stdin.Close()
		client := proctest.StartWith(t, proctest.Options{Wrapper: proctest.Ulimit(4), Stdin: stdin},
			proctest.Client(t), "-trace", "-sleep", "10ms", "-port", strconv.Itoa(p.port), "127.0.0.1")
		end := client.Wait()
		_, rest := proctest.SplitTrace(client.Stderr())
		if !(end == proctest.Exited(0) && rest == "") && !(end == proctest.Exited(1) && rest == "socket failed : Too many open files (24)\n") {
			t.Errorf("client %v, stderr without the trace %q; want exit 0 after close, or one line on the socket", end, rest)
		}
	})
	for _, n := range []int{4, 5} {
		t.Run(fmt.Sprintf("lookup with ulimit -n %d", n), func(t *testing.T) {
			t.Parallel()
			client := proctest.StartWith(t, proctest.Options{Wrapper: proctest.Ulimit(n)}, proctest.Client(t), "localhost")
			wantExit(t, client, proctest.Exited(1))
			wantText(t, "stderr", client.Stderr(), fmt.Sprintf("graceclient: cannot resolve \"localhost\": too few file descriptors left (ulimit -n is %d): "+
				"a host name lookup needs 3; give an IP address, or raise the limit\n", n))
		})
	}
	t.Run("lookup with ulimit -n 6", func(t *testing.T) {
		t.Parallel()
		p := newPeer(t)
		client := proctest.StartWith(t, proctest.Options{Wrapper: proctest.Ulimit(6)},
			proctest.Client(t), "-port", strconv.Itoa(p.port), "localhost")
		conn := p.accept()
		client.Type("data1\n")
		wantText(t, "peer got", readN(t, conn, 5), "data1")
		client.WaitStdout("send bytes: 5 \n", 1)
	})
}

// TestLookupNoNameServer: in a network namespace of its own, where only a
// loopback that is down exists, no name server can be reached: the client
// says that, not "dial udp 10.255.255.53:53: connect: network is
// unreachable". It needs unshare(1) and user namespaces (or root).
func TestLookupNoNameServer(t *testing.T) {
	t.Parallel()
	if err := exec.Command("unshare", "-rn", "true").Run(); err != nil {
		t.Skipf("cannot make a network namespace here (unshare -rn: %v)", err)
	}
	client := proctest.StartWith(t, proctest.Options{Wrapper: []string{"unshare", "-rn"}}, proctest.Client(t), "abc")
	wantLookupFailure(t, client, "abc", "no name server reachable (/etc/resolv.conf)")
}
