package proctest

import (
	"strings"
	"syscall"
	"testing"
)

func TestParseTranscript(t *testing.T) {
	text := "# a comment\n# another\n" +
		"[client stdout]\nsend bytes: 5 \n" +
		"[client stderr]\n" +
		"[client status]\n0\n" +
		"[server stdout]\nreceived 5 bytes: data2\n\nreceived 2 datagrams\n" +
		"[server stderr]\nclient closed \n" +
		"[server status]\n141\n"
	want := Transcript{
		ClientOut: "send bytes: 5 \n", ClientErr: "", ClientEnd: Exited(0),
		ServerOut: "received 5 bytes: data2\n\nreceived 2 datagrams\n", ServerErr: "client closed \n",
		ServerEnd: Killed(syscall.SIGPIPE),
	}
	for _, text := range []string{text, strings.TrimSuffix(text, "\n")} {
		got, err := ParseTranscript(text)
		if err != nil || got != want {
			t.Errorf("ParseTranscript(%q):\ngot  %+v, %v\nwant %+v", text, got, err, want)
		}
	}
}

func TestParseTranscriptErrors(t *testing.T) {
	const good = "[client stdout]\n[client stderr]\n[client status]\n1\n[server stdout]\n[server stderr]\n[server status]\n0\n"
	if _, err := ParseTranscript(good); err != nil {
		t.Fatalf("ParseTranscript(%q): %v", good, err)
	}
	for _, bad := range []string{
		"",
		"not a comment\n" + good,
		strings.Replace(good, "[server stderr]\n", "", 1),
		good + "[client stdout]\n",
		strings.Replace(good, "[client status]\n1\n", "[client status]\n", 1),
		strings.Replace(good, "[client status]\n1\n", "[client status]\n1\n2\n", 1),
		strings.Replace(good, "[client status]\n1\n", "[client status]\nKilled\n", 1),
		strings.Replace(good, "[client status]\n1\n", "[client status]\n256\n", 1),
	} {
		if got, err := ParseTranscript(bad); err == nil {
			t.Errorf("ParseTranscript(%q) = %+v; want an error", bad, got)
		}
	}
}

// TestLessonTranscripts: every transcript the scripts and tests use parses,
// and each is the lesson's: both sides print the same first lines.
func TestLessonTranscripts(t *testing.T) {
	first := LessonTranscript(t, "close-default")
	for _, name := range []string{"close-default", "close-ignore", "close-custom", "shutdown", "sigint"} {
		tr := LessonTranscript(t, name)
		if !strings.HasPrefix(tr.ClientOut, first.ClientOut) || !strings.HasPrefix(tr.ServerOut, first.ServerOut) {
			t.Errorf("%s: %+v; want it to start as close-default: %+v", name, tr, first)
		}
	}
	if got, want := first.ServerEnd, Killed(syscall.SIGPIPE); got != want {
		t.Errorf("close-default: server %v; want %v", got, want)
	}
}
