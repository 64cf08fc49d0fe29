package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*/diagram.txt")

// arrow is a segment as a test expects it: "->" from the client, "<-" from
// the server, and its label.
type arrow struct{ dir, label string }

func arrows(d *Diagram) []arrow {
	var out []arrow
	for _, s := range d.Segments {
		dir := "->"
		if s.Src == d.Server {
			dir = "<-"
		}
		out = append(out, arrow{dir, s.Label()})
	}
	return out
}

func loadRecorded(t *testing.T, experiment string) *Diagram {
	t.Helper()
	dir := filepath.Join("testdata", experiment)
	logs, err := filepath.Glob(filepath.Join(dir, "*.log"))
	if err != nil || len(logs) == 0 {
		t.Fatalf("no logs in %s: %v", dir, err)
	}
	d, err := load(filepath.Join(dir, "capture.txt"), 0, logs)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func wantArrows(t *testing.T, d *Diagram, want []arrow) {
	t.Helper()
	got := arrows(d)
	if len(got) != len(want) {
		t.Fatalf("got %d arrows %q; want %d %q", len(got), got, len(want), want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("arrow %d: got %s %q; want %s %q", i, got[i].dir, got[i].label, want[i].dir, want[i].label)
		}
	}
}

// The close experiment: the handshake, data1 and data2 (each ACKed), the
// client's FIN (ACKed late: a delayed ACK), "Hi, data1" answered by a RST,
// and nothing after it.
func TestRecordedClose(t *testing.T) {
	d := loadRecorded(t, "close")
	wantArrows(t, d, []arrow{
		{"->", "SYN"}, {"<-", "SYN ACK"}, {"->", "ACK"},
		{"->", `PSH 5 "data1"`}, {"<-", "ACK"},
		{"->", `PSH 5 "data2"`}, {"<-", "ACK"},
		{"->", "FIN"}, {"<-", "ACK"},
		{"<-", `PSH 9 "Hi, data1"`}, {"->", "RST"},
	})
	if d.Client.Addr().String() != "127.0.0.1" || d.Server.Port() == 0 {
		t.Errorf("connection %v to %v; want 127.0.0.1 to a port", d.Client, d.Server)
	}
	if err := d.Check("close"); err != nil {
		t.Errorf("Check(close): %v", err)
	}
	if err := d.Check("shutdown"); err == nil {
		t.Error("Check(shutdown) passed on the close experiment")
	}
}

// The shutdown experiment: the client's FIN, both replies (each ACKed), the
// server's FIN when it exits, and the client's last ACK.
func TestRecordedShutdown(t *testing.T) {
	d := loadRecorded(t, "shutdown")
	wantArrows(t, d, []arrow{
		{"->", "SYN"}, {"<-", "SYN ACK"}, {"->", "ACK"},
		{"->", `PSH 5 "data1"`}, {"<-", "ACK"},
		{"->", `PSH 5 "data2"`}, {"<-", "ACK"},
		{"->", "FIN"}, {"<-", "ACK"},
		{"<-", `PSH 9 "Hi, data1"`}, {"->", "ACK"},
		{"<-", `PSH 9 "Hi, data2"`}, {"->", "ACK"},
		{"<-", "FIN"}, {"->", "ACK"},
	})
	if err := d.Check("shutdown"); err != nil {
		t.Errorf("Check(shutdown): %v", err)
	}
	if err := d.Check("close"); err == nil {
		t.Error("Check(close) passed on the shutdown experiment")
	}
}

// Check notices an arrow missing, and one too many.
func TestCheckDiffers(t *testing.T) {
	d := loadRecorded(t, "close")
	noRST := *d
	noRST.Segments = d.Segments[:len(d.Segments)-1]
	if err := noRST.Check("close"); err == nil || !strings.Contains(err.Error(), "RST") {
		t.Errorf("Check without the RST: %v; want an error about the RST", err)
	}
	more := *d
	more.Segments = append(append([]Segment{}, d.Segments...), d.Segments[len(d.Segments)-2])
	if err := more.Check("close"); err == nil || !strings.Contains(err.Error(), "after") {
		t.Errorf("Check with a segment after the RST: %v; want an error", err)
	}
}

func TestRecordedIPv6(t *testing.T) {
	f, err := os.Open("testdata/shutdown-ipv6.capture.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	segs, err := ParseCapture(f)
	if err != nil {
		t.Fatal(err)
	}
	d, err := NewDiagram(segs, 0, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.Client.Addr().String() != "::1" || d.Server.Addr().String() != "::1" {
		t.Errorf("connection %v to %v; want ::1 both", d.Client, d.Server)
	}
	wantArrows(t, d, []arrow{
		{"->", "SYN"}, {"<-", "SYN ACK"}, {"->", "ACK"},
		{"->", `PSH 5 "data1"`}, {"<-", "ACK"},
		{"->", "FIN"}, {"<-", "ACK"},
		{"<-", `PSH 9 "Hi, data1"`}, {"->", "ACK"},
		{"<-", "FIN"}, {"->", "ACK"},
	})
}

// TestDiagramGolden draws the recorded experiments and compares with
// testdata/*/diagram.txt; -update rewrites them.
func TestDiagramGolden(t *testing.T) {
	for _, experiment := range []string{"close", "shutdown"} {
		t.Run(experiment, func(t *testing.T) {
			d := loadRecorded(t, experiment)
			d.Title = experiment
			var got bytes.Buffer
			if err := d.Render(&got); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", experiment, "diagram.txt")
			if *update {
				if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != string(want) {
				t.Errorf("diagram differs from %s:\ngot:\n%s", golden, got.String())
			}
		})
	}
}

// The diagram of the close experiment reads as the lesson's: the client's
// close and its FIN, the server's reply and the client's RST, the server's
// first send finding the connection reset, and its death by SIGPIPE last,
// after the attempt of the second send.
func TestCloseDiagramStory(t *testing.T) {
	d := loadRecorded(t, "close")
	var out bytes.Buffer
	if err := d.Render(&out); err != nil {
		t.Fatal(err)
	}
	wantInOrder(t, out.String(),
		"> close",
		"|----------- FIN ----------->|",
		"* close(3) -> FIN_WAIT1",
		`|<---- PSH 9 "Hi, data1" ----|`,
		"|----------- RST ----------->|",
		"* send 9 bytes -> CLOSE",
		"* read 5 bytes -> CLOSE",
		"* exit(0) -> gone",
		"* send 9 bytes... -> CLOSE",
		"[killed by SIGPIPE (status 141)]",
	)
	if strings.Contains(out.String(), "calling") || strings.Contains(out.String(), "trace on") {
		t.Errorf("the diagram shows trace lines it should leave out:\n%s", out.String())
	}
}

func TestShutdownDiagramStory(t *testing.T) {
	d := loadRecorded(t, "shutdown")
	var out bytes.Buffer
	if err := d.Render(&out); err != nil {
		t.Fatal(err)
	}
	wantInOrder(t, out.String(),
		"> shutdown",
		"|----------- FIN ----------->|",
		"* shutdown(SHUT_WR) -> FIN_WAIT1",
		`|<---- PSH 9 "Hi, data1" ----|`,
		"* read 9 bytes -> FIN_WAIT2",
		`|<---- PSH 9 "Hi, data2" ----|`,
		"* read EOF -> CLOSE_WAIT",
		"client closed",
		"* exit(1): the kernel sends our FIN -> CLOSE_WAIT",
		"|<----------- FIN -----------|",
		"|----------- ACK ----------->|",
		"* read EOF -> TIME_WAIT (fd: CLOSE)",
		"server terminated",
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

func TestLabel(t *testing.T) {
	for _, tc := range []struct {
		seg  Segment
		want string
	}{
		{Segment{Flags: "S"}, "SYN"},
		{Segment{Flags: "S."}, "SYN ACK"},
		{Segment{Flags: "."}, "ACK"},
		{Segment{Flags: "F."}, "FIN"},
		{Segment{Flags: "R"}, "RST"},
		{Segment{Flags: "R."}, "RST"},
		{Segment{Flags: "FP.", Len: 3, Payload: []byte("bye")}, `FIN PSH 3 "bye"`},
		{Segment{Flags: "P.", Len: 5}, "PSH 5"},
		{Segment{Flags: "P.", Len: 4, Payload: []byte("\x1b[2J")}, `PSH 4 "\x1b[2J"`},
		{Segment{Flags: "P.", Len: 30, Payload: []byte(strings.Repeat("x", 30))}, `PSH 30 "` + strings.Repeat("x", 20) + `..."`},
	} {
		if got := tc.seg.Label(); got != tc.want {
			t.Errorf("Label(%q, %d bytes) = %q; want %q", tc.seg.Flags, tc.seg.Len, got, tc.want)
		}
	}
}

// TestRetime: a line stamped after the trace line the program wrote after
// it is moved back before it; trace lines take the program's own times.
func TestRetime(t *testing.T) {
	log := "" +
		"100.000500\tclient.out\t[tcp +0.000000s] trace on at 100.000000 (Unix time): x\n" +
		"100.000600\tclient.out\t[tcp +0.000100s] connected a to b -> ESTABLISHED\n" +
		"100.900000\tclient.out\tnow sending data1\n" +
		"100.900001\tclient.out\t[tcp +0.800000s] write 5 bytes: calling write(2) -> ESTABLISHED\n" +
		"100.950000\tclient.out\tsend bytes: 5 \n"
	lines, err := ParseLog(strings.NewReader(log))
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{100.0, 100.0001, 100.8, 100.8, 100.95}
	for i, l := range lines {
		if got := float64(l.Time.UnixMicro()) / 1e6; got != want[i] {
			t.Errorf("line %d %q at %.6f; want %.6f", i, l.Text, got, want[i])
		}
	}
	if lines[1].Side() != "client" || lines[1].Trace == nil || lines[1].Trace.State != "ESTABLISHED" {
		t.Errorf("line 1 parsed as %+v", lines[1])
	}
	if _, err := ParseLog(strings.NewReader("not a log line\n")); err == nil {
		t.Error("ParseLog accepted a line without a time and a tag")
	}
}

func TestShortEvent(t *testing.T) {
	for event, want := range map[string]string{
		"connected 127.0.0.1:1 to 127.0.0.1:2":                            "connect",
		"read: ECONNRESET (Connection reset by peer): the server's RST":   "read: ECONNRESET",
		"send: EPIPE (Broken pipe): the connection was reset":             "send: EPIPE",
		"shutdown(SHUT_WR): our FIN is queued, replies can still be read": "shutdown(SHUT_WR)",
		"read EOF: the client's FIN":                                      "read EOF",
		"SIGPIPE ignored (SIG_IGN): the send just fails":                  "SIGPIPE ignored (SIG_IGN)",
		"exit(1): the kernel closes fd 4 and sends our FIN":               "exit(1): the kernel sends our FIN",
		"exit(1): the kernel closes fd 4":                                 "exit(1)",
		"read 9 bytes":                                                    "read 9 bytes",
	} {
		if got := shortEvent(event); got != want {
			t.Errorf("shortEvent(%q) = %q; want %q", event, got, want)
		}
	}
}
