package proctest

import (
	"strings"
	"syscall"
	"testing"
)

// TestLessonTranscripts: every transcript of the lesson the tests use is
// stated in full in its scenario, and each is the lesson's: both sides print
// the same first lines.
func TestLessonTranscripts(t *testing.T) {
	first := LessonTranscript(t, "close")
	for _, name := range []string{"close", "close-ignore", "close-custom", "shutdown", "sigint"} {
		tr := LessonTranscript(t, name)
		if !strings.HasPrefix(tr.ClientOut, first.ClientOut) || !strings.HasPrefix(tr.ServerOut, first.ServerOut) {
			t.Errorf("%s: %+v; want it to start as close: %+v", name, tr, first)
		}
	}
	if got, want := first.ServerEnd, Killed(syscall.SIGPIPE); got != want {
		t.Errorf("close: server %v; want %v", got, want)
	}
	if got := first.ClientOut; got != "now sending data1\nsend bytes: 5 \nnow sending data2\nsend bytes: 5 \n" {
		t.Errorf("close: client stdout %q; want the lesson's, trailing spaces and all", got)
	}
}
