package events

import (
	"net/netip"
	"strings"
	"testing"
)

// TestReadProgramLog reads each kind of line a program writes to its event
// log (common.EventLog).
func TestReadProgramLog(t *testing.T) {
	log := `81633051226 start 4120 graceclient
81633051227 print stdout "now sending data1\n"
81633051230 call write 3 "5 bytes"
81633051260 return write 3 5 ESTABLISHED
81633051261 return read 3 EOF CLOSE_WAIT
81633051262 return read 3 ECONNRESET -
81633051263 addresses 3 127.0.0.1:51234 127.0.0.1:43211
81633051264 signal SIGINT
81633051265 exit 1
81633051266 die SIGPIPE
`
	evs, err := ReadProgramLog(strings.NewReader(log), "client")
	if err != nil {
		t.Fatal(err)
	}
	want := []Event{
		{At: 81633051227, Kind: Printed, Stream: "stdout", Text: "now sending data1\n"},
		{At: 81633051230, Kind: Called, Call: "write", FD: 3, Text: "5 bytes"},
		{At: 81633051260, Kind: Returned, Call: "write", FD: 3, Result: "5", State: "ESTABLISHED"},
		{At: 81633051261, Kind: Returned, Call: "read", FD: 3, Result: "EOF", State: "CLOSE_WAIT"},
		{At: 81633051262, Kind: Returned, Call: "read", FD: 3, Result: "ECONNRESET"},
		{At: 81633051263, Kind: Connection, FD: 3, Local: netip.MustParseAddrPort("127.0.0.1:51234"), Remote: netip.MustParseAddrPort("127.0.0.1:43211")},
		{At: 81633051264, Kind: Note, Text: "SIGINT caught: the program's handler runs"},
		{At: 81633051265, Kind: Called, Call: "exit", FD: -1, Text: "exit(1)", Status: 1},
		{At: 81633051266, Kind: Note, Text: "dies of SIGPIPE"},
	}
	if len(evs) != len(want) {
		t.Fatalf("got %d events; want %d: %+v", len(evs), len(want), evs)
	}
	for i, w := range want {
		w.Who, w.Source = "client", "program"
		got := evs[i]
		got.Packet, got.Sockets = nil, nil
		if got.At != w.At || got.Kind != w.Kind || got.Text != w.Text || got.Call != w.Call || got.FD != w.FD ||
			got.Result != w.Result || got.State != w.State || got.Local != w.Local || got.Remote != w.Remote ||
			got.Status != w.Status || got.Stream != w.Stream || got.Who != w.Who || got.Source != w.Source {
			t.Errorf("event %d: got %+v; want %+v", i, got, w)
		}
	}
}

// TestReadProgramLogErrors: a line the lab cannot read is an error naming
// it.
func TestReadProgramLogErrors(t *testing.T) {
	for _, line := range []string{
		"x print stdout \"a\"",
		"1 print stdout unquoted",
		"1 call write",
		"1 return read 3 EOF",
		"1 addresses 3 here there",
		"1 shout loud",
	} {
		if _, err := ReadProgramLog(strings.NewReader(line+"\n"), "client"); err == nil || !strings.HasPrefix(err.Error(), "line 1: ") {
			t.Errorf("ReadProgramLog(%q): got %v; want an error naming line 1", line, err)
		}
	}
}

// TestLines joins what was printed a piece at a time into lines, each at
// the instant its newline was printed.
func TestLines(t *testing.T) {
	evs := []Event{
		{At: 1, Kind: Printed, Stream: "stdout", Text: "Hi, "},
		{At: 2, Kind: Printed, Stream: "stdout", Text: "data1\nnow "},
		{At: 3, Kind: Printed, Stream: "stderr", Text: "oops\n"},
		{At: 4, Kind: Printed, Stream: "stdout", Text: "sending\n"},
		{At: 5, Kind: Printed, Stream: "stdout", Text: "no newline"},
	}
	var got []string
	for _, l := range Lines(evs, "stdout") {
		got = append(got, string(rune('0'+l.At))+":"+l.Text)
	}
	if want := "2:Hi, data1|4:now sending|5:no newline"; strings.Join(got, "|") != want {
		t.Errorf("Lines: got %q; want %q", strings.Join(got, "|"), want)
	}
}

// TestClock: a wall-clock time converted to CLOCK_MONOTONIC and back is the
// same instant.
func TestClock(t *testing.T) {
	c := NewClock()
	m := Now()
	if back := c.FromWall(c.ToWall(m)); back != m {
		t.Errorf("FromWall(ToWall(%d)) = %d", m, back)
	}
}
