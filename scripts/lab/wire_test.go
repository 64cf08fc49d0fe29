package main

import (
	"strings"
	"testing"

	"graceclose/scripts/capture"
)

// TestWire runs wire.sh: where packets can be captured (root and tcpdump),
// it must draw both diagrams and find them the lesson's; elsewhere it must
// say why there are none, and exit 0.
func TestWire(t *testing.T) {
	t.Parallel()
	status, out, errs := runJobWith(t, withCapture, "wire.sh")
	if status != exitOK {
		t.Fatalf("wire.sh: exit status %d; want 0\n%s%s", status, out, errs)
	}
	if ok, why := capture.Available(capture.LoopbackInterface()); !ok {
		if want := "wire.sh: no diagrams: " + why; !hasLine(out, want) {
			t.Errorf("wire.sh without capturing: no line %q in\n%s", want, out)
		}
		return
	}
	for _, want := range []string{
		"wire: as the lesson's close diagram: the client's FIN, the server's \"Hi, data1\" answered by the client's RST, nothing after (SIGPIPE)",
		"wire: as the lesson's shutdown diagram: ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("wire.sh: no %q in\n%s", want, out)
		}
	}
}
