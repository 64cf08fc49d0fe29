package twopane

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"graceclose/scripts/scenario"
)

// The pieces of a run that need no tmux: what a pane is expected to show,
// how it is read, compared and described, and how panes are printed.

func loadScenario(t *testing.T, name string) *scenario.Scenario {
	t.Helper()
	sc, err := scenario.Load(filepath.Join("..", "scenarios", name+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestTranscriptPanes builds each pane of the lesson's experiments from
// its scenario: the lines typed and printed in the scenario's order (a
// terminal shows stdout and stderr as they come), trailing blanks gone,
// then echo $? and the status as a shell shows it.
func TestTranscriptPanes(t *testing.T) {
	for _, tc := range []struct {
		scenario, who string
		want          []string
	}{
		{"close", "server", []string{"$ build/graceserver", "received 5 bytes: data1", "send bytes: 9",
			"received 5 bytes: data2", "$ echo $?", "141", "$"}},
		{"close", "client", []string{"$ build/graceclient", "data1", "now sending data1", "send bytes: 5",
			"data2", "now sending data2", "send bytes: 5", "close", "$ echo $?", "0", "$"}},
		{"close-ignore", "server", []string{"$ build/graceserver", "received 5 bytes: data1", "send bytes: 9",
			"received 5 bytes: data2", "send bytes: -1", "error write: Broken pipe (32)", "$ echo $?", "1", "$"}},
		{"close-custom", "server", []string{"$ build/graceserver", "received 5 bytes: data1", "send bytes: 9",
			"received 5 bytes: data2", "", "received 2 datagrams", "$ echo $?", "0", "$"}},
		{"shutdown", "client", []string{"$ build/graceclient", "data1", "now sending data1", "send bytes: 5",
			"data2", "now sending data2", "send bytes: 5", "shutdown", "Hi, data1", "Hi, data2", "server terminated",
			"$ echo $?", "1", "$"}},
	} {
		sc := loadScenario(t, tc.scenario)
		tr, full := sc.Transcript(tc.who)
		if !full {
			t.Fatalf("%s: the %s's transcript is not stated in full", tc.scenario, tc.who)
		}
		p := &pane{who: tc.who, command: "build/grace" + tc.who, entries: entries(sc, tc.who)}
		if got := p.want(tr); !slices.Equal(got, tc.want) {
			t.Errorf("%s, %s's pane:\ngot  %q\nwant %q", tc.scenario, tc.who, got, tc.want)
		}
	}
}

// TestShown counts the entries a pane shows in order, after its command
// line only, other lines between them allowed.
func TestShown(t *testing.T) {
	p := &pane{command: "build/graceclient 127.0.0.1", entries: []entry{{text: "data1"}, {text: "send bytes: 5"}, {text: "data2"}}}
	for _, tc := range []struct {
		lines []string
		want  int
	}{
		{[]string{"$"}, 0},
		{[]string{"data1", "$ build/graceclient 127.0.0.1"}, 0}, // before the command line
		{[]string{"$ build/graceclient 127.0.0.1", "data1", "now sending data1", "send bytes: 5"}, 2},
		{[]string{"$ build/graceclient 127.0.0.1", "send bytes: 5", "data1"}, 1}, // out of order
		{[]string{"$ build/graceclient 127.0.0.1", "data1", "send bytes: 5", "data2", "data2"}, 3},
	} {
		if got := p.shown(tc.lines); got != tc.want {
			t.Errorf("shown(%q): got %d; want %d", tc.lines, got, tc.want)
		}
	}
}

// TestScreen reads a pane as capture-pane prints it: trailing blanks and
// empty rows gone; a command has ended when the prompt is back after it.
func TestScreen(t *testing.T) {
	text := "$ build/graceserver -port 1 \nreceived 5 bytes: data1\t\nsend bytes: 9 \n$ \n\n\n"
	lines := screenLines(text)
	want := []string{"$ build/graceserver -port 1", "received 5 bytes: data1", "send bytes: 9", "$"}
	if !slices.Equal(lines, want) {
		t.Fatalf("screenLines: got %q; want %q", lines, want)
	}
	if !ended(lines, "build/graceserver -port 1") {
		t.Errorf("ended: got false; want true for %q", lines)
	}
	if ended(lines[:3], "build/graceserver -port 1") || ended(lines, "echo $?") {
		t.Errorf("ended: got true; want false while running, or for a line not typed")
	}
	if got := lastWords(lines); got != "send bytes: 9" {
		t.Errorf("lastWords: got %q; want %q", got, "send bytes: 9")
	}
	if !hasPrompt([]string{"$"}) || hasPrompt([]string{"$ x"}) {
		t.Errorf("hasPrompt: a lone $ is the prompt, $ x a line typed at it")
	}
}

// TestDescribe says how a pane's program ended, as the verdict does.
func TestDescribe(t *testing.T) {
	r := &run{}
	client := &pane{title: "graceclient 127.0.0.1", command: "build/graceclient 127.0.0.1",
		entries: []entry{{text: "data1", typed: true}, {text: "data2", typed: true}, {text: "shutdown", typed: true}, {text: "//x", typed: true}}}
	server := &pane{title: "graceserver", command: "build/graceserver"}
	for _, tc := range []struct {
		p     *pane
		lines []string
		want  string
	}{
		{client, []string{"$ build/graceclient 127.0.0.1", "data1", "Hi, data1", "Hi, data2", "server terminated", "$ echo $?", "1", "$"},
			`2 of 3 replies, "server terminated", exit 1`},
		{client, []string{"$ build/graceclient 127.0.0.1", "shutdown", "$ echo $?", "0", "$"}, "0 of 3 replies, exit 0"},
		{client, []string{"$ build/graceclient 127.0.0.1", "data1"}, "0 of 3 replies, no exit status (still running, or echo $? not typed)"},
		{server, []string{"$ build/graceserver", "received 5 bytes: data2", "$ echo $?", "141", "$"},
			`"received 5 bytes: data2", killed by SIGPIPE (status 141)`},
		{server, []string{"$ build/graceserver", "$ echo $?", "bash: oops", "$"}, `echo $? says "bash: oops"`},
		{&pane{title: "graceserver"}, []string{"$"}, "not started"},
	} {
		if got := r.describe(tc.p, tc.lines); got != tc.want {
			t.Errorf("describe(%q): got %q; want %q", tc.lines, got, tc.want)
		}
	}
}

// TestLineDiff shows a pane against its transcript as diff -u would.
func TestLineDiff(t *testing.T) {
	want := []string{"$ cmd", "a", "b", "$ echo $?", "141", "$"}
	got := []string{"$ cmd", "oops", "$ echo $?", "1", "$"}
	d := lineDiff(want, got)
	wantDiff := []string{" $ cmd", "-a", "-b", "+oops", " $ echo $?", "-141", "+1", " $"}
	if !slices.Equal(d, wantDiff) {
		t.Errorf("lineDiff:\ngot  %q\nwant %q", d, wantDiff)
	}
	if d := lineDiff(want, want); slices.ContainsFunc(d, func(l string) bool { return l[0] != ' ' }) {
		t.Errorf("lineDiff of equal panes: got %q; want only common lines", d)
	}
}

// TestSideBySide prints panes as they stood, under their titles.
func TestSideBySide(t *testing.T) {
	var b strings.Builder
	sideBySide(&b, []string{"graceserver", "graceclient 127.0.0.1"},
		[][]string{{"$ build/graceserver", "received 5 bytes: data1"}, {"$ build/graceclient 127.0.0.1", "data1", "now sending data1"}})
	want := "" +
		"graceserver             | graceclient 127.0.0.1\n" +
		"------------------------+-------------------------\n" +
		"$ build/graceserver     | $ build/graceclient 127.0.0.1\n" +
		"received 5 bytes: data1 | data1\n" +
		"                        | now sending data1\n"
	if b.String() != want {
		t.Errorf("sideBySide:\ngot\n%s\nwant\n%s", b.String(), want)
	}
}

// TestLiteral keeps a typed ";" from ending tmux's command.
func TestLiteral(t *testing.T) {
	for text, want := range map[string]string{"data1": "data1", ";": `\;`, "a;": `a\;`, `a\;`: `a\\;`, "a;b": "a;b"} {
		if got := literal(text); got != want {
			t.Errorf("literal(%q): got %q; want %q", text, got, want)
		}
	}
}

// TestTypeable refuses the steps a person cannot type into a pane.
func TestTypeable(t *testing.T) {
	for name, ok := range map[string]bool{"close": true, "shutdown": true, "close-ignore": true, "sigint": false} {
		if err := typeable(loadScenario(t, name)); (err == nil) != ok {
			t.Errorf("typeable(%s): got %v; want ok %v", name, err, ok)
		}
	}
}
