package main

import (
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"graceclose/common/proctest"
)

// peer is a test server: a plain Go listener on loopback standing in for
// graceserver, so each test controls exactly what the client meets.
type peer struct {
	t    *testing.T
	l    *net.TCPListener
	port int
}

func newPeer(t *testing.T) *peer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return &peer{t: t, l: l.(*net.TCPListener), port: l.Addr().(*net.TCPAddr).Port}
}

func (p *peer) accept() *net.TCPConn {
	p.t.Helper()
	_ = p.l.SetDeadline(time.Now().Add(proctest.Timeout))
	conn, err := p.l.AcceptTCP()
	if err != nil {
		p.t.Fatalf("accept: %v", err)
	}
	p.t.Cleanup(func() { conn.Close() })
	_ = conn.SetDeadline(time.Now().Add(proctest.Timeout))
	return conn
}

// startClient runs graceclient against the peer and accepts its connection.
func (p *peer) startClient(args ...string) (*proctest.Proc, *net.TCPConn) {
	p.t.Helper()
	client := proctest.Start(p.t, proctest.Client(p.t), append([]string{"-port", strconv.Itoa(p.port)}, append(args, "127.0.0.1")...)...)
	return client, p.accept()
}

func readN(t *testing.T, conn net.Conn, n int) string {
	t.Helper()
	buf := make([]byte, n)
	if _, err := io.ReadFull(conn, buf); err != nil {
		t.Fatalf("peer reading %d bytes: %v", n, err)
	}
	return string(buf)
}

func wantEOF(t *testing.T, conn net.Conn) {
	t.Helper()
	if n, err := conn.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("peer read: %d bytes, %v; want EOF (the client's FIN)", n, err)
	}
}

// The checks every test here makes.
var (
	wantExit = proctest.WantExit
	wantText = proctest.WantText
)

func sending(lines ...string) string {
	var b strings.Builder
	for _, l := range lines {
		fmt.Fprintf(&b, "now sending %s\nsend bytes: %d \n", l, len(l))
	}
	return b.String()
}

func TestUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{nil, {"127.0.0.1", "extra"}} {
		p := proctest.Start(t, proctest.Client(t), args...)
		wantExit(t, p, proctest.Exited(1))
		wantText(t, fmt.Sprintf("stderr for %q", args), p.Stderr(), "usage: graceclient [flags] <address>\n")
	}
}

// TestHelp: -h says what the program does and what to type, then the flags.
func TestHelp(t *testing.T) {
	t.Parallel()
	p := proctest.Start(t, proctest.Client(t), "-h")
	wantExit(t, p, proctest.Exited(0))
	for _, want := range []string{
		"usage: graceclient [flags] <address>\n\ngraceclient connects to graceserver at <address>",
		"Type, a line at a time:\n", "\n  data1, data2, ...  ", "\n  close  ", "\n  shutdown  ", "\n  /help  ",
		"\n\nflags:\n", "-port", "-sleep", "-retry", "-keepalive", "-user-timeout",
	} {
		if !strings.Contains(p.Stdout(), want) {
			t.Errorf("-h output lacks %q:\n%s", want, p.Stdout())
		}
	}
}

// TestFlagsAfterAddress: flags typed after the address count, as before it
// (Go's flag package alone stops at the address).
func TestFlagsAfterAddress(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client := proctest.Start(t, proctest.Client(t), "127.0.0.1", "-port", strconv.Itoa(p.port), "-sleep", "0")
	conn := p.accept()
	client.Type("data1\nclose\n")
	wantText(t, "peer got", readN(t, conn, 5), "data1")
	wantEOF(t, conn)
	wantExit(t, client, proctest.Exited(0)) // -sleep 0 taken: no 6 s sleep
	wantText(t, "stdout", client.Stdout(), sending("data1"))
}

// TestAddressWithPort: an address written with its port gets a one-line
// error that shows the port as the flag it is.
func TestAddressWithPort(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]string{
		"127.0.0.1:43211": `graceclient: "127.0.0.1:43211" is an address with a port; the port is a flag: graceclient -port 43211 127.0.0.1`,
		"[::1]:43211":     `graceclient: "[::1]:43211" is an address with a port; the port is a flag: graceclient -port 43211 ::1`,
		"localhost:9999":  `graceclient: "localhost:9999" is an address with a port; the port is a flag: graceclient -port 9999 localhost`,
	} {
		p := proctest.Start(t, proctest.Client(t), addr)
		wantExit(t, p, proctest.Exited(1))
		wantText(t, fmt.Sprintf("stderr for %q", addr), p.Stderr(), want+"\n")
		wantText(t, fmt.Sprintf("stdout for %q", addr), p.Stdout(), "")
	}
}

// TestBadAddress: what inet_pton cannot parse is an error, not 0.0.0.0.
func TestBadAddress(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]string{
		"1.2.3.999":   `graceclient: invalid address "1.2.3.999": not an IPv4 or IPv6 address` + "\n",
		"::g":         `graceclient: invalid address "::g": not an IPv4 or IPv6 address` + "\n",
		"":            `graceclient: invalid address "": not an IP address or host name` + "\n",
		"not a host!": `graceclient: invalid address "not a host!": not an IP address or host name` + "\n",
	} {
		p := proctest.Start(t, proctest.Client(t), addr)
		wantExit(t, p, proctest.Exited(1))
		wantText(t, fmt.Sprintf("stderr for %q", addr), p.Stderr(), want)
	}
}

func TestBadFlag(t *testing.T) {
	t.Parallel()
	p := proctest.Start(t, proctest.Client(t), "-sleep", "-1s", "127.0.0.1")
	wantExit(t, p, proctest.Exited(1))
	wantText(t, "stderr", p.Stderr(), "graceclient: invalid value \"-1s\" for flag -sleep: must not be negative (see graceclient -h)\n")
}

func TestConnectRefused(t *testing.T) {
	t.Parallel()
	port := proctest.FreePort(t, "127.0.0.1")
	p := proctest.Start(t, proctest.Client(t), "-port", strconv.Itoa(port), "127.0.0.1")
	wantExit(t, p, proctest.Exited(1))
	wantText(t, "stderr", p.Stderr(), fmt.Sprintf("connect failed : Connection refused (%d)\n", int(unix.ECONNREFUSED)))
}

// TestRetryGivesUp: with -retry and no server, the client tries again while
// the connection is refused (-trace shows each refusal), then fails as
// without it. Its 500ms leave room for several tries 50ms apart.
func TestRetryGivesUp(t *testing.T) {
	t.Parallel()
	port := proctest.FreePort(t, "127.0.0.1")
	p := proctest.Start(t, proctest.Client(t), "-trace", "-retry", "500ms", "-port", strconv.Itoa(port), "127.0.0.1")
	wantExit(t, p, proctest.Exited(1))
	trace, rest := proctest.SplitTrace(p.Stderr())
	refused := 0
	for _, tl := range trace {
		if strings.HasPrefix(tl.Event, "connect refused (ECONNREFUSED)") {
			refused++
		}
	}
	if refused < 2 {
		t.Errorf("traced %d refused tries before giving up; want several\n%s", refused, proctest.FormatTrace(trace))
	}
	wantText(t, "stderr without the trace", rest, fmt.Sprintf("connect failed : Connection refused (%d)\n", int(unix.ECONNREFUSED)))
}

// TestRetryConnectsLater: a client started before its server connects once
// the server is up.
func TestRetryConnectsLater(t *testing.T) {
	t.Parallel()
	port := proctest.FreePort(t, "127.0.0.1")
	client := proctest.Start(t, proctest.Client(t), "-retry", "1m", "-port", strconv.Itoa(port), "127.0.0.1")
	l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		t.Fatal(err)
	}
	p := &peer{t: t, l: l.(*net.TCPListener), port: port}
	conn := p.accept()
	client.Type("hello\n")
	wantText(t, "peer got", readN(t, conn, 5), "hello")
}

// TestHostName: a host name is resolved; localhost is 127.0.0.1 here.
func TestHostName(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client := proctest.Start(t, proctest.Client(t), "-port", strconv.Itoa(p.port), "localhost")
	conn := p.accept()
	client.Type("data1\n")
	wantText(t, "peer got", readN(t, conn, 5), "data1")
}

// TestRepliesPrinted: each read from the socket is printed as received,
// then a newline.
func TestRepliesPrinted(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient()
	conn.Write([]byte("Hi, data1"))
	client.WaitStdout("Hi, data1\n", 1)
	conn.Write([]byte("你好\tdata2"))
	client.WaitStdout("你好\tdata2\n", 1)
	conn.Close()
	wantExit(t, client, proctest.Exited(1))
	wantText(t, "stdout", client.Stdout(), "Hi, data1\n你好\tdata2\n")
	wantText(t, "stderr", client.Stderr(), "server terminated \n")
}

// hostile is what a peer may send to take over a terminal: clear the
// screen, retitle the window, a NUL (where C's fputs stops), bytes that are
// not UTF-8, a C1 CSI.
const hostile = "\x1b[2J\x1b]0;owned\x07a\x00b\xff\xfe\xc2\x9b31m"

// TestHostileServer: by default control characters from the server are
// shown escaped; with -raw every byte is printed as received.
func TestHostileServer(t *testing.T) {
	t.Parallel()
	for args, want := range map[string]string{
		"":     `\x1b[2J\x1b]0;owned\x07a\x00b\xff\xfe\u009b31m` + "\n",
		"-raw": hostile + "\n",
	} {
		t.Run("args="+args, func(t *testing.T) {
			t.Parallel()
			p := newPeer(t)
			client, conn := p.startClient(strings.Fields(args)...)
			conn.Write([]byte(hostile))
			client.WaitStdout(want, 1)
			conn.Close()
			wantExit(t, client, proctest.Exited(1))
			wantText(t, "stdout", client.Stdout(), want)
		})
	}
}

// TestServerReset: a RST from the server is a read error.
func TestServerReset(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient()
	client.Type("data1\n")
	readN(t, conn, 5)
	conn.SetLinger(0)
	conn.Close()
	wantExit(t, client, proctest.Exited(1))
	wantText(t, "stderr", client.Stderr(), fmt.Sprintf("read error: Connection reset by peer (%d)\n", int(unix.ECONNRESET)))
}

// TestLinesAtOnce: three lines arriving in one read are all sent before the
// client waits again (a bufio.Reader would keep two hidden from select).
func TestLinesAtOnce(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient()
	client.Type("a1\nb22\nc333\n")
	wantText(t, "peer got", readN(t, conn, 9), "a1b22c333")
	client.WaitStdout("send bytes: 4 \n", 1)
	wantText(t, "stdout", client.Stdout(), sending("a1", "b22", "c333"))
}

// TestLongLine: a 5000-byte line goes out in the pieces fgets(buf, 4096)
// returns: 4095 bytes, then the rest.
func TestLongLine(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient()
	line := strings.Repeat("x", 4000) + strings.Repeat("y", 1000)
	client.Type(line + "\n")
	wantText(t, "peer got", readN(t, conn, 5000), line)
	client.WaitStdout("send bytes: 905 \n", 1)
	wantText(t, "stdout", client.Stdout(), sending(line[:4095], line[4095:]))
}

// TestLineOf4095: a line of exactly 4095 bytes fills fgets' buffer, and its
// newline comes back alone, as an empty line: nothing is sent for it.
func TestLineOf4095(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient()
	line := strings.Repeat("z", 4095)
	client.Type(line + "\nend\n")
	wantText(t, "peer got", readN(t, conn, 4098), line+"end")
	client.WaitStdout("send bytes: 3 \n", 1)
	wantText(t, "stdout", client.Stdout(), sending(line, "", "end"))
}

// TestPartialLineWaits: bytes without a newline wait for the rest of the line.
func TestPartialLineWaits(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient()
	client.Type("da")
	client.Type("ta1\n")
	wantText(t, "peer got", readN(t, conn, 5), "data1")
	client.WaitStdout("send bytes: 5 \n", 1)
	wantText(t, "stdout", client.Stdout(), sending("data1"))
}

// TestShutdown: "shutdown" (any line starting with it) sends a FIN and
// keeps reading: the peer sees EOF, and what it sends afterwards is printed.
func TestShutdown(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient()
	client.Type("data1\nshutdown now\nnever sent\n")
	wantText(t, "peer got", readN(t, conn, 5), "data1")
	wantEOF(t, conn)
	conn.Write([]byte("Hi, data1"))
	client.WaitStdout("Hi, data1\n", 1)
	conn.Close()
	wantExit(t, client, proctest.Exited(1))
	wantText(t, "stdout", client.Stdout(), sending("data1")+"Hi, data1\n")
	wantText(t, "stderr", client.Stderr(), "server terminated \n")
}

// TestClose: "close" closes the socket (the peer sees EOF), nothing after
// it is sent, and the client exits 0 after -sleep.
func TestClose(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient("-sleep", "10ms")
	client.Type("data1\nclosed\nnever sent\n")
	wantText(t, "peer got", readN(t, conn, 5), "data1")
	wantEOF(t, conn)
	wantExit(t, client, proctest.Exited(0))
	wantText(t, "stdout", client.Stdout(), sending("data1"))
	wantText(t, "stderr", client.Stderr(), "")
}

// TestStdinEOF: at the end of stdin the client sends the last line (one
// without a newline, as fgets returns it), stops reading stdin, and sleeps
// in select until the socket wakes it: the C program keeps selecting on its
// stdin at EOF and spins at 100% CPU, reading it again and again. On Linux
// the client must be seen asleep in select, and make no more reads than the
// reply needs (whileAsleep, idle_linux_test.go); everywhere it must still
// print the reply, and end as the server does.
func TestStdinEOF(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient()
	client.Type("last line without newline")
	client.CloseStdin()
	// The line goes out after the read that found EOF: stdin is read to
	// its end from here on.
	wantText(t, "peer got", readN(t, conn, 25), "last line without newline")
	whileAsleep(t, client, func() {
		conn.Write([]byte("still here"))
		client.WaitStdout("still here\n", 1)
	})
	conn.Close()
	wantExit(t, client, proctest.Exited(1))
	wantText(t, "stdout", client.Stdout(), sending("last line without newline")+"still here\n")
	wantText(t, "stderr", client.Stderr(), "server terminated \n")
}

// TestEmptyLine: an empty line sends nothing, as write(fd, "", 0).
func TestEmptyLine(t *testing.T) {
	t.Parallel()
	p := newPeer(t)
	client, conn := p.startClient()
	client.Type("\nx\n")
	wantText(t, "peer got", readN(t, conn, 1), "x")
	client.WaitStdout("send bytes: 1 \n", 1)
	wantText(t, "stdout", client.Stdout(), sending("", "x"))
}

// TestTooLongDurations: a pause past time.Duration's limit is called too
// long, with the limit, whichever way it is written; the limit itself is
// taken.
func TestTooLongDurations(t *testing.T) {
	t.Parallel()
	const tooLong = "too long: at most 2562047h47m16.854775807s (9223372036.854775807 seconds)"
	for _, tc := range []struct{ flag, value string }{
		{"-sleep", "9999999h"}, {"-sleep", "9223372036.854775808"}, {"-retry", "1e300"}, {"-retry", "2562048h"},
	} {
		p := proctest.Start(t, proctest.Client(t), tc.flag, tc.value, "127.0.0.1")
		wantExit(t, p, proctest.Exited(1))
		wantText(t, "stderr for "+tc.flag+" "+tc.value, p.Stderr(),
			"graceclient: invalid value \""+tc.value+"\" for flag "+tc.flag+": "+tooLong+" (see graceclient -h)\n")
	}
	port := proctest.FreePort(t, "127.0.0.1")
	p := proctest.Start(t, proctest.Client(t), "-sleep", "9223372036.854775807", "-port", strconv.Itoa(port), "127.0.0.1")
	wantExit(t, p, proctest.Exited(1))
	wantText(t, "stderr with the longest -sleep", p.Stderr(), "connect failed : Connection refused (111)\n")
}

// TestLookupFailureInWords: a name that does not resolve is said in words a
// learner knows, not the resolver's internals (an address and port of a
// name server, "dial udp"), whatever this machine's name servers answer
// (lookupFails, edges_linux_test.go, takes them away).
func TestLookupFailureInWords(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"abc", "nosuchhost.invalid"} {
		wantLookupFailure(t, proctest.Start(t, proctest.Client(t), name), name,
			"no such host", "no name server reachable (/etc/resolv.conf)", "no name server answered (/etc/resolv.conf)",
			"the name server failed to answer (/etc/resolv.conf)")
	}
}

// wantLookupFailure checks that the client failed to resolve name, saying
// one of reasons, in one line.
func wantLookupFailure(t *testing.T, p *proctest.Proc, name string, reasons ...string) {
	t.Helper()
	wantExit(t, p, proctest.Exited(1))
	prefix := "graceclient: cannot resolve \"" + name + "\": "
	for _, reason := range reasons {
		if p.Stderr() == prefix+reason+"\n" {
			return
		}
	}
	t.Errorf("stderr %q; want %q and one of %q, in one line", p.Stderr(), prefix, reasons)
}
