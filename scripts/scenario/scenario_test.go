package scenario

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestScenarioFiles reads every experiment in scripts/scenarios: each must
// parse, start its programs before using them, and fill with the lab's
// parameters.
func TestScenarioFiles(t *testing.T) {
	paths, err := filepath.Glob("../scenarios/*.txt")
	if err != nil || len(paths) < 5 {
		t.Fatalf("scenario files: %v, %v", paths, err)
	}
	params := map[string]string{"host": "127.0.0.1", "port": "43211", "delay": "5s", "sleep": "6s", "sigpipe": "default", "finwait": "1s", "timeout": "2s", "keepalive": "1s"}
	for _, path := range paths {
		sc, err := Load(path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if sc.About == "" {
			t.Errorf("%s: no comment at the top saying what it shows", path)
		}
		for _, name := range sc.Programs() {
			if _, err := Fill(sc.Command(name), params); err != nil {
				t.Errorf("%s: %s's command: %v", path, name, err)
			}
		}
	}
}

// TestLessonTranscript: the close experiment's transcript is the lesson's,
// trailing spaces and all.
func TestLessonTranscript(t *testing.T) {
	sc, err := Load("../scenarios/close.txt")
	if err != nil {
		t.Fatal(err)
	}
	got, full := sc.Transcript("client")
	want := Transcript{Stdout: []string{"now sending data1", "send bytes: 5 ", "now sending data2", "send bytes: 5 "}, Ends: "exit 0"}
	if !full || strings.Join(got.Stdout, "|") != strings.Join(want.Stdout, "|") || len(got.Stderr) != 0 || got.Ends != want.Ends {
		t.Errorf("client's transcript: got %q (full %v); want %q", got, full, want)
	}
	server, _ := sc.Transcript("server")
	if server.Ends != "killed by SIGPIPE" {
		t.Errorf("server ends: got %q; want killed by SIGPIPE", server.Ends)
	}
}

// TestParseErrors: each mistake is one error naming its line.
func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"client > data1\n", `1: client is not started before this line: "client > data1"`},
		{"server $ graceserver\nserver $ graceserver\n", "2: server is started twice"},
		{"server $\n", `1: $ needs a command line: "server $"`},
		{"server $ graceserver\nserver ends: done\n", `2: an ending is "exit N" or "killed by SIGNAME": "server ends: done"`},
		{"server $ graceserver\nserver |~ (\n", "2: error parsing regexp"},
		{"server $ graceserver\nserver ?? x\n", `2: unknown step "??"`},
		{"Server $ graceserver\n", "1: a step starts with a program's name"},
		{"fault flood\n", "1: fault needs one of"},
		{"fault drop-rst router\n", "1: a fault's host is client or server"},
		{"server $ graceserver\nserver queued many\n", "2: queued needs a number of bytes"},
		{"states\n", "1: states needs a label"},
	} {
		_, err := Parse(strings.NewReader(c.text))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Parse(%q): got %v; want an error starting %q", c.text, err, c.want)
		}
	}
}

// TestSteps reads each kind of step.
func TestSteps(t *testing.T) {
	sc, err := Parse(strings.NewReader(`# about it
server $ graceserver -port {port}
client $ graceclient {host}
client > data1
client | now sending data1
client ! server terminated 
server |~ received \d+ bytes: .*
server ^C
server ^\
client ^D
server kill -TERM
client queued 9
quiet {finwait}
states after close
fault drop-first-fin client
fault link-down
server ends
client ends: killed by SIGPIPE
`))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, st := range sc.Steps {
		got = append(got, st.Op.String()+":"+st.Who+":"+st.Text+":"+st.Stream+":"+st.Signal)
	}
	want := []string{
		"start:server:graceserver -port {port}::", "start:client:graceclient {host}::",
		"type:client:data1::", "print:client:now sending data1:stdout:", "print:client:server terminated :stderr:",
		`print:server:received \d+ bytes: .*:stdout:`, "signal:server:::SIGINT", "signal:server:::SIGQUIT",
		"close-stdin:client:::", "signal:server:::SIGTERM", "queued:client:::", "quiet::{finwait}::",
		"states::after close::", "fault::drop-first-fin::", "fault::link-down::", "ends:server:::", "ends:client:killed by SIGPIPE::",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("steps:\ngot\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if sc.About != "about it" {
		t.Errorf("About = %q; want %q", sc.About, "about it")
	}
}

// TestFill fills parameters, and refuses one without a value.
func TestFill(t *testing.T) {
	got, err := Fill("graceserver -port {port} -delay {delay}", map[string]string{"port": "1", "delay": "5s"})
	if err != nil || got != "graceserver -port 1 -delay 5s" {
		t.Errorf("Fill: got %q, %v", got, err)
	}
	if _, err := Fill("-delay {delay}", nil); err == nil || err.Error() != "no value for {delay}" {
		t.Errorf("Fill without a value: got %v; want no value for {delay}", err)
	}
}
