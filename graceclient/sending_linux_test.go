package main

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"graceclose/common/proctest"
)

// TestLinesReadTogetherLeaveTogether: 2,000 lines from a file, read from
// stdin in one go, reach the server in a few full segments (the batch is
// corked, then sent at once), every byte in order; uncorked, each line was
// a segment of its own (some 350 here). Lines typed one at a time still
// leave one segment each.
func TestLinesReadTogetherLeaveTogether(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	var lines []string
	for i := 1; i <= 2000; i++ {
		lines = append(lines, "data"+strconv.Itoa(i))
	}
	input := filepath.Join(t.TempDir(), "lines")
	if err := os.WriteFile(input, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(input)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	client := proctest.StartWith(t, proctest.Options{Stdin: f}, proctest.Client(t), "-port", strconv.Itoa(p.port), "127.0.0.1")
	conn := p.accept()
	want := strings.Join(lines, "")
	wantText(t, "peer got", readN(t, conn, len(want)), want)
	if segs := segmentsIn(t, conn); segs > 10 {
		t.Errorf("2000 lines read together reached the peer in %d segments; want a few full ones (corked)", segs)
	}
	client.Signal(unix.SIGTERM)
	client.Wait()

	typed, conn := p.startClient()
	typed.Type("data1\n")
	readN(t, conn, 5)
	before := segmentsIn(t, conn)
	typed.Type("data2\n")
	readN(t, conn, 5)
	if got := segmentsIn(t, conn) - before; got != 1 {
		t.Errorf("a line typed alone reached the peer in %d segments; want 1", got)
	}
}

// segmentsIn is how many segments conn has received (TCP_INFO).
func segmentsIn(t *testing.T, conn *net.TCPConn) uint32 {
	t.Helper()
	raw, err := conn.SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	var info *unix.TCPInfo
	var infoErr error
	if err := raw.Control(func(fd uintptr) { info, infoErr = unix.GetsockoptTCPInfo(int(fd), unix.IPPROTO_TCP, unix.TCP_INFO) }); err != nil {
		t.Fatal(err)
	}
	if infoErr != nil {
		t.Fatal(infoErr)
	}
	return info.Segs_in
}
