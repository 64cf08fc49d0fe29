package diagram

import (
	"testing"

	"graceclose/scripts/events"
)

func newDiagram(t *testing.T, evs []events.Event) *Diagram {
	t.Helper()
	d, err := New(evs, 0)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Each experiment's recorded run is the lesson's diagram, and not the
// other's.
func TestCheckLessons(t *testing.T) {
	for _, tc := range []struct {
		kind, pcap string
		other      string
	}{
		{"close", "close.pcap", `no arrow for the server's "Hi, data2" after the server's "Hi, data1"`},
		{"shutdown", "shutdown.pcap", "no arrow for the client's RST after the server's \"Hi, data1\""},
		{"shutdown", "shutdown-ipv6.pcap", "no arrow for the client's RST after the server's \"Hi, data1\""},
	} {
		d := newDiagram(t, newStory(t, tc.pcap).evs)
		if err := d.Check(tc.kind); err != nil {
			t.Errorf("%s: Check(%s): got %v; want nil", tc.pcap, tc.kind, err)
		}
		otherKind := map[string]string{"close": "shutdown", "shutdown": "close"}[tc.kind]
		if err := d.Check(otherKind); err == nil || err.Error() != tc.other {
			t.Errorf("%s: Check(%s): got %v; want %q", tc.pcap, otherKind, err, tc.other)
		}
	}
}

// A run that differs from the lesson's diagram says how.
func TestCheckDiffers(t *testing.T) {
	segs := newStory(t, "close.pcap").segs
	last := len(segs) - 1
	noFIN := append([]events.Event(nil), segs[:7]...)
	noFIN = append(noFIN, segs[8:]...)
	reply := segs[9]
	reply.At = segs[last].At + 1
	for _, tc := range []struct {
		name, kind string
		evs        []events.Event
		want       string
	}{
		{"without the RST", "close", segs[:last], `no arrow for the client's RST after the server's "Hi, data1"`},
		{"without the client's FIN", "close", noFIN, "no arrow for the client's FIN"},
		{"a segment after the RST", "close", append(append([]events.Event(nil), segs...), reply), `1 segments after the client's RST, the first PSH 9 "Hi, data1"`},
		{"an unknown experiment", "sigint", segs, `no lesson diagram for "sigint" (want close or shutdown)`},
	} {
		err := newDiagram(t, tc.evs).Check(tc.kind)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: Check(%s): got %v; want %q", tc.name, tc.kind, err, tc.want)
		}
	}
	// The shutdown run with a RST in the middle of it.
	shut := newStory(t, "shutdown.pcap").segs
	p := *shut[10].Packet
	p.Flags = "R."
	shut[10].Packet = &p
	if err := newDiagram(t, shut).Check("shutdown"); err == nil || err.Error() != "a RST from the client, which the lesson's shutdown diagram does not have" {
		t.Errorf("shutdown with a RST: got %v; want the RST named", err)
	}
}

// The server's FIN may ride on its last reply ("FP."): the lesson's
// shutdown diagram still holds.
func TestCheckFINOnTheLastReply(t *testing.T) {
	segs := newStory(t, "shutdown.pcap").segs
	// 11: "Hi, data2"; 12: its ACK; 13: the server's FIN; 14: the last ACK.
	p := *segs[11].Packet
	p.Flags = "FP."
	segs[11].Packet = &p
	segs = append(segs[:12], segs[14])
	if err := newDiagram(t, segs).Check("shutdown"); err != nil {
		t.Errorf("Check(shutdown) with the FIN on the last reply: got %v; want nil", err)
	}
}

func TestLessonSays(t *testing.T) {
	for kind := range lessonSteps {
		if LessonSays[kind] == "" {
			t.Errorf("LessonSays[%q]: got nothing; want the lesson's diagram in a line", kind)
		}
	}
}
