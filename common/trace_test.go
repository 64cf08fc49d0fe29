package common

import (
	"bytes"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func TestParseTraceLine(t *testing.T) {
	for line, want := range map[string]TraceLine{
		"[tcp +1.203s] read 9 bytes -> FIN_WAIT2":                           {At: 1203 * time.Millisecond, Event: "read 9 bytes", State: "FIN_WAIT2"},
		"[tcp +0.000s] connected 127.0.0.1:1 to 127.0.0.1:2 -> ESTABLISHED": {Event: "connected 127.0.0.1:1 to 127.0.0.1:2", State: "ESTABLISHED"},
		"[tcp +2.5s] close(3): x -> gone (the descriptor is closed; y)":     {At: 2500 * time.Millisecond, Event: "close(3): x", State: "gone", About: "(the descriptor is closed; y)"},
		"[tcp +0.100s] trace on: events only":                               {At: 100 * time.Millisecond, Event: "trace on: events only"},
	} {
		got, ok := ParseTraceLine(line)
		if !ok || got != want {
			t.Errorf("ParseTraceLine(%q) = %+v, %v; want %+v", line, got, ok, want)
		}
	}
	for _, line := range []string{"received 5 bytes: data1", "[tcp 1.0s] x", "[tcp +xs] y", "[tcp +1.0s]", "[tcp +-1.0s] z"} {
		if got, ok := ParseTraceLine(line); ok {
			t.Errorf("ParseTraceLine(%q) = %+v; want not a trace line", line, got)
		}
	}
}

// A Tracer that is not enabled writes nothing: without -trace the output is
// the lesson's.
func TestTracerOff(t *testing.T) {
	var buf bytes.Buffer
	tr := &Tracer{w: &buf, fd: -1}
	tr.Connected(0)
	tr.Read(0, 5, nil)
	tr.Sending("send", 0, 9)
	tr.Sent("send", 0, 9, nil)
	tr.Shutdown(0, unix.SHUT_WR)
	tr.Closed(0)
	tr.Note("x")
	tr.exiting(1)
	if buf.Len() != 0 {
		t.Errorf("a disabled tracer wrote %q", buf.String())
	}
}

// Every line carries the prefix, the time, and the errno's name.
func TestTracerLines(t *testing.T) {
	var buf bytes.Buffer
	tr := &Tracer{w: &buf, fd: -1}
	tr.Enable("client")
	tr.Read(-1, 0, nil)
	tr.Read(-1, -1, unix.ECONNRESET)
	tr.Sent("send", -1, 0, unix.EPIPE)
	var events []string
	for _, line := range bytes.SplitAfter(buf.Bytes(), []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		tl, ok := ParseTraceLine(string(bytes.TrimSuffix(line, []byte("\n"))))
		if !ok {
			t.Fatalf("not a trace line: %q", line)
		}
		events = append(events, tl.Event)
	}
	want := []string{
		events[0], // the line saying where states come from
		"read EOF: the client's FIN",
		"read: ECONNRESET (Connection reset by peer): the client's RST",
		"send: EPIPE (Broken pipe): the connection was reset, SIGPIPE raised",
	}
	if len(events) != len(want) {
		t.Fatalf("got %q; want %q", events, want)
	}
	for i := range want {
		if events[i] != want[i] {
			t.Errorf("line %d: got %q; want %q", i, events[i], want[i])
		}
	}
}

func TestParseTraceStart(t *testing.T) {
	var buf bytes.Buffer
	tr := &Tracer{w: &buf, fd: -1}
	tr.Enable("server")
	tr.Note("x")
	first, _, _ := bytes.Cut(buf.Bytes(), []byte("\n"))
	tl, ok := ParseTraceLine(string(first))
	if !ok {
		t.Fatalf("first line %q is not a trace line", first)
	}
	start, ok := ParseTraceStart(tl.Event)
	if !ok || start.UnixMicro() != traceStart.UnixMicro() {
		t.Errorf("ParseTraceStart(%q) = %v, %v; want %v", tl.Event, start, ok, traceStart)
	}
	for text, want := range map[string]int64{"1732384321.123456": 1732384321123456000, "5": 5e9, "5.1": 5.1e9, "0.000000001": 1} {
		if got, ok := ParseUnixTime(text); !ok || got.UnixNano() != want {
			t.Errorf("ParseUnixTime(%q) = %v, %v; want %d ns", text, got.UnixNano(), ok, want)
		}
	}
	for _, text := range []string{"", "x", "1.x", "1.1234567890", "-1.5", "1.-5"} {
		if got, ok := ParseUnixTime(text); ok {
			t.Errorf("ParseUnixTime(%q) = %v; want an error", text, got)
		}
	}
}
