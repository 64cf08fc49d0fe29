package diagram

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.txt from what Render draws")

// render draws a diagram of the story's events.
func render(t *testing.T, s *story, title string) (*Diagram, string) {
	t.Helper()
	d, err := New(s.evs, 0)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := d.Render(&b, title); err != nil {
		t.Fatal(err)
	}
	return d, b.String()
}

// golden compares a drawing with testdata/NAME.txt; -update rewrites it.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".txt")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("the diagram differs from %s (go test -update rewrites it):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestRenderClose(t *testing.T) {
	_, got := render(t, closeStory(t), "close")
	golden(t, "close", got)
}

func TestRenderShutdown(t *testing.T) {
	_, got := render(t, shutdownStory(t), "shutdown")
	golden(t, "shutdown", got)
}

// Segments alone, over IPv6: the arrows and both ends' addresses.
func TestRenderIPv6(t *testing.T) {
	_, got := render(t, newStory(t, "shutdown-ipv6.pcap"), "")
	golden(t, "shutdown-ipv6", got)
}

// The close diagram reads as the lesson tells it, and as README.md's
// excerpt shows it: the client's close and its FIN, the server's reply
// answered by the client's RST, the server's send finding the connection
// reset, and its death by SIGPIPE in the second send. (The client's exit
// falls at the same moment as that send in this run, 0.5 s after close and
// 0.3 s after the first reply: their order is left open.)
func TestCloseStory(t *testing.T) {
	_, out := render(t, closeStory(t), "")
	wantInOrder(t, out,
		"> close",
		"|----------- FIN ----------->|",
		"* close(3) -> FIN_WAIT1",
		`|<---- PSH 9 "Hi, data1" ----|`,
		"tcp: RST sent (TCP_TIMEWAIT_SOCKET)",
		"|----------- RST ----------->|",
		"tcp: RST received",
		"* send 9 bytes -> CLOSE",
		"send bytes: 9",
		"* read 5 bytes -> CLOSE",
		"* send(4, 9 bytes)...",
		"[killed by SIGPIPE (status 141)]",
	)
}

func TestShutdownStory(t *testing.T) {
	_, out := render(t, shutdownStory(t), "")
	wantInOrder(t, out,
		"> shutdown",
		"|----------- FIN ----------->|",
		"* shutdown(SHUT_WR) -> FIN_WAIT1",
		`|<---- PSH 9 "Hi, data1" ----|`,
		"* read 9 bytes -> FIN_WAIT2",
		`|<---- PSH 9 "Hi, data2" ----|`,
		"* read EOF -> CLOSE_WAIT",
		"! client closed",
		"tcp: CLOSE_WAIT -> LAST_ACK",
		"|<----------- FIN -----------|",
		"|----------- ACK ----------->|",
		"* read EOF -> CLOSE",
		"! server terminated",
	)
}

func wantInOrder(t *testing.T, text string, parts ...string) {
	t.Helper()
	rest := text
	for _, p := range parts {
		i := strings.Index(rest, p)
		if i < 0 {
			t.Fatalf("no %q after the parts before it in:\n%s", p, text)
		}
		rest = rest[i+len(p):]
	}
}
