package twopane

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"graceclose/common/proctest"
	"graceclose/scripts/scenario"
)

// TestMain runs the tests all at once unless -parallel says otherwise:
// they spend their time waiting for tmux, keys typed at a person's pace
// and the server's delay, not computing.
func TestMain(m *testing.M) { proctest.Main(m) }

// The verdicts of the lesson's experiments in two panes, word for word.
const (
	lessonTranscript = "the lesson's transcript in both panes"
	closeVerdict     = `verdict: close: server pane: "received 5 bytes: data2", killed by SIGPIPE (status 141); client pane: 0 of 2 replies, exit 0`
	shutdownVerdict  = `verdict: shutdown: server pane: "client closed", exit 1; client pane: 2 of 2 replies, "server terminated", exit 1`
)

// testRun is one run of the package on a private tmux server, with the
// programs built for the test, typed as a learner types them
// ("build/graceserver ...").
type testRun struct {
	t    *testing.T
	cfg  Config
	out  *syncBuffer
	mark string // in the environment of tmux and all it starts
}

// newTestRun sets up a Check run of the scenario name, as --fast runs it:
// the server replies after 1s, lines are typed at once.
func newTestRun(t *testing.T, name string, params map[string]string) *testRun {
	t.Helper()
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux is not installed: twopane needs it (apt-get install tmux; .ci/run installs it)")
	}
	home := t.TempDir()
	bin := filepath.Join(home, "build")
	if err := os.Mkdir(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	for prog, path := range map[string]string{"graceclient": proctest.Client(t), "graceserver": proctest.Server(t)} {
		if err := os.Symlink(path, filepath.Join(bin, prog)); err != nil {
			t.Fatal(err)
		}
	}
	sc, err := scenario.Load(filepath.Join("..", "scenarios", name+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	p := map[string]string{"delay": "1s", "sleep": "1.2s", "sigpipe": "default"}
	for k, v := range params {
		p[k] = v
	}
	experiment, _, _ := strings.Cut(name, "-")
	r := &testRun{t: t, out: &syncBuffer{}, mark: fmt.Sprintf("GRACECLOSE_TWOPANE_TEST=%s/%d", t.Name(), time.Now().UnixNano())}
	r.cfg = Config{Tmux: tmux, Mode: Check, Scenario: sc, Name: experiment, Title: experiment, Against: lessonTranscript,
		Params: p, Bin: bin, Pace: 50 * time.Millisecond, Bound: 10 * time.Second, Dir: t.TempDir(), Out: r.out,
		Env: append(os.Environ(), r.mark)}
	return r
}

// run runs it to the end and checks that it left nothing behind.
func (r *testRun) run(ctx context.Context) *Result {
	r.t.Helper()
	res, err := Run(ctx, r.cfg)
	if err != nil {
		r.t.Fatalf("Run: %v\n%s", err, r.out)
	}
	r.checkNothingLeft()
	return res
}

// checkNothingLeft fails the test if a process tmux started still runs
// once Run has returned (tmux's server, the panes' shells, the programs),
// or a file is left in the socket's folder.
func (r *testRun) checkNothingLeft() {
	r.t.Helper()
	if left := processesWith(r.mark); len(left) > 0 {
		r.t.Errorf("processes still running once Run returned:\n%s\n%s", strings.Join(left, "\n"), r.out)
	}
	entries, err := os.ReadDir(r.cfg.Dir)
	if err != nil {
		r.t.Fatal(err)
	}
	for _, e := range entries {
		r.t.Errorf("left %s in its folder", e.Name())
	}
}

// processesWith lists the processes with the line mark in their
// environment (Linux: /proc; elsewhere none can be listed).
func processesWith(mark string) []string {
	var left []string
	paths, _ := filepath.Glob("/proc/[0-9]*/environ")
	for _, p := range paths {
		env, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(append([]byte{0}, env...), []byte("\x00"+mark+"\x00")) {
			continue
		}
		pid := filepath.Base(filepath.Dir(p))
		cmd, _ := os.ReadFile(filepath.Join("/proc", pid, "cmdline"))
		left = append(left, pid+" "+strings.TrimSpace(string(bytes.ReplaceAll(cmd, []byte{0}, []byte{' '}))))
	}
	return left
}

// wantLines checks that the output has each line whole.
func (r *testRun) wantLines(lines ...string) {
	r.t.Helper()
	out := "\n" + r.out.String()
	for _, l := range lines {
		if !strings.Contains(out, "\n"+l+"\n") {
			r.t.Errorf("no line %q in the output:\n%s", l, r.out)
		}
	}
}

// TestCheck runs each of the lesson's experiments in two panes, typed a
// line at a time as --fast does: each pane must be its program's
// transcript, with the verdict the lesson gives.
func TestCheck(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		scenario, sigpipe, verdict string
	}{
		{"close", "default", closeVerdict},
		{"close-ignore", "ignore", `verdict: close, -sigpipe ignore: server pane: "error write: Broken pipe (32)", exit 1; client pane: 0 of 2 replies, exit 0`},
		{"close-custom", "custom", `verdict: close, -sigpipe custom: server pane: "received 2 datagrams", exit 0; client pane: 0 of 2 replies, exit 0`},
		{"shutdown", "default", shutdownVerdict},
	} {
		t.Run(tc.scenario, func(t *testing.T) {
			t.Parallel()
			r := newTestRun(t, tc.scenario, map[string]string{"sigpipe": tc.sigpipe})
			against := lessonTranscript
			if tc.sigpipe != "default" {
				r.cfg.Title = "close, -sigpipe " + tc.sigpipe
				against = "the transcript with -sigpipe " + tc.sigpipe + " in both panes"
				r.cfg.Against = against
			}
			res := r.run(context.Background())
			if len(res.Differences) > 0 || res.Interrupted {
				t.Errorf("differences %q, interrupted %v; want none\n%s", res.Differences, res.Interrupted, r.out)
			}
			r.wantLines(tc.verdict, "  this is "+against)
		})
	}
}

// TestCheckLessonPace types shutdown as the lesson is followed: each key
// on its own at a person's pace, a pause before each line (the two
// command lines pasted, as from the README). The server's
// delay and the pauses are shorter than the lesson's 5 s and 1 s, by the
// same factor; the keys keep a person's pace, so that the typing takes a
// larger share of the delay than in the lesson: the test is stricter
// there, not looser. The client's pane must be seen with shutdown half
// typed (keys, not a line at once), and the run must find shutdown typed
// before the server's first reply and both panes as in the lesson.
func TestCheckLessonPace(t *testing.T) {
	t.Parallel()
	// 0.3 of the lesson's 5 s delay, a quarter of its 1 s pause before each line.
	r := newTestRun(t, "shutdown", map[string]string{"delay": "1.5s"})
	r.cfg.Pace = 250 * time.Millisecond
	r.cfg.KeyPace = KeyPace
	r.cfg.PasteCommands = true // the commands pasted; what the lesson types, key by key
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var halfTyped atomic.Bool
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		r.watchClient(ctx, func(text string, _ bool) bool {
			if typing(text, "shutdown") {
				halfTyped.Store(true)
				return true
			}
			return false
		})
	}()
	res := r.run(ctx)
	cancel()
	<-watched
	if len(res.Differences) > 0 {
		t.Errorf("differences %q; want none\n%s", res.Differences, r.out)
	}
	r.wantLines(shutdownVerdict, "  this is "+lessonTranscript)
	if !halfTyped.Load() {
		t.Errorf("the client's pane never showed shutdown half typed: typed a line at once, not a key at a time\n%s", r.out)
	}
}

// TestCheckLate gives the server no delay: its first reply comes before
// data2 is typed, although the scenario expects it only after close. The
// run must say so (another order of events than the lesson's), and not
// take the panes for the lesson's.
func TestCheckLate(t *testing.T) {
	t.Parallel()
	r := newTestRun(t, "close", map[string]string{"delay": "0s"})
	res := r.run(context.Background())
	late := `"data2" was typed after the server printed "send bytes: 9", which the scenario expects only after it (the server's -delay 0s was too short for this machine)`
	if len(res.Differences) == 0 || res.Differences[0] != late {
		t.Errorf("differences %q; want first %q\n%s", res.Differences, late, r.out)
	}
	r.wantLines("  this differs from " + lessonTranscript + ":")
	why := "the lesson's outcome needs close typed before the server's first reply, within its -delay: a reply that comes first is read and printed while the socket is still open, and only the next one meets the closed socket; type sooner, or give the server a longer -delay"
	if !slices.Contains(res.Differences, why) {
		t.Errorf("differences %q; want one %q", res.Differences, why)
	}
}

// TestCheckPortInUse gives the server a port another program listens on:
// it cannot start, and the verdict must say the panes differ from the
// lesson, at once.
func TestCheckPortInUse(t *testing.T) {
	t.Parallel()
	r := newTestRun(t, "close", nil)
	port, closePort := takePort(t, true)
	defer closePort()
	r.cfg.Port = port
	res := r.run(context.Background())
	if len(res.Differences) == 0 {
		t.Fatalf("no differences; want the server ending early\n%s", r.out)
	}
	r.wantLines("  this differs from " + lessonTranscript + ":")
	// A pane is a terminal: after the course's error line, the server says
	// in one more line what holds the port (here, this test's listener).
	hint := fmt.Sprintf("graceserver: port %d is taken by a server listening on it", port)
	for _, want := range []string{
		"bind failed : Address already in use (98)\n",
		`  the server ended early; its last line: "` + hint,
		`verdict: close: server pane: "` + hint,
		`, exit 1; client pane: not started`,
	} {
		if !strings.Contains(r.out.String(), want) {
			t.Errorf("no %q in the output:\n%s", want, r.out.String())
		}
	}
}

// TestCheckPortTaken has the port picked for the server taken by another
// program: bound before the server binds it (as a connection's own port
// can be), so that only the server's bind finds it; or listening already,
// so that the run finds it before it types the command. Either way the
// server's pane must end up on another port, the move said, and the run
// end as the lesson does, with no trace of the first attempt in the pane.
func TestCheckPortTaken(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		listen bool
	}{{"bound", false}, {"listening", true}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newTestRun(t, "close", nil)
			taken, closePort := takePort(t, tc.listen)
			defer closePort()
			picks := 0
			r.cfg.freePort = func() (int, error) {
				picks++
				if picks == 1 {
					return taken, nil
				}
				return freePort()
			}
			res := r.run(context.Background())
			if len(res.Differences) > 0 {
				t.Errorf("differences %q; want none\n%s", res.Differences, r.out)
			}
			r.wantLines(closeVerdict)
			// The move, from the port taken to the one the server listens
			// on in the end. (With many tests at once, the port picked
			// next can be taken meanwhile too, by another test's
			// connection: a move more, said too.)
			moves := regexp.MustCompile(`\(port (\d+) was taken meanwhile: port (\d+) then\)`).FindAllStringSubmatch(r.out.String(), -1)
			if len(moves) == 0 || moves[0][1] != strconv.Itoa(taken) || moves[len(moves)-1][2] != strconv.Itoa(r.portOf(res)) {
				t.Errorf("moves %q; want from port %d to the pane's port %d\n%s", moves, taken, r.portOf(res), r.out)
			}
		})
	}
}

// portOf reads the server's port from its pane's command line.
func (r *testRun) portOf(res *Result) int {
	r.t.Helper()
	var port int
	for _, l := range res.Panes["server"] {
		if _, rest, ok := strings.Cut(l, " -port "); ok {
			fmt.Sscan(rest, &port)
			return port
		}
	}
	r.t.Fatalf("no -port in the server's pane\n%s", r.out)
	return 0
}

// TestCheckInterrupt ends a run (Ctrl-C: its ctx) at two moments of the
// close experiment: while data1 is being typed into the client, a key at a
// time, and while the server holds its first reply. Run must return at
// once, say it was interrupted after showing the panes so far, and leave
// nothing behind.
func TestCheckInterrupt(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		at   func(text string, running bool) bool
	}{
		{"typing data1", func(text string, running bool) bool { return running && typing(text, "data1") }},
		{"before the reply", func(text string, running bool) bool { return strings.HasSuffix(text, "\nclose") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newTestRun(t, "close", map[string]string{"delay": "3s"})
			r.cfg.KeyPace = 10 * time.Millisecond
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var cancelled atomic.Int64
			go func() {
				if r.watchClient(ctx, tc.at) {
					cancelled.Store(time.Now().UnixNano())
					cancel()
				}
			}()
			res := r.run(ctx)
			if at := cancelled.Load(); at == 0 {
				t.Fatalf("the run ended before %s\n%s", tc.name, r.out)
			} else if took := time.Since(time.Unix(0, at)); took > 5*time.Second {
				t.Errorf("Run took %v to return once interrupted; want at once", took)
			}
			if !res.Interrupted {
				t.Errorf("Result.Interrupted false; want true\n%s", r.out)
			}
			r.wantLines("interrupted: the panes above are what they showed until then")
		})
	}
}

// watchClient looks at the client's pane on the run's private server
// until at reports true for its text (and whether graceclient runs in
// it), or ctx ends; it reports whether at did.
func (r *testRun) watchClient(ctx context.Context, at func(text string, running bool) bool) bool {
	socket := filepath.Join(r.cfg.Dir, "tmux.sock")
	tmux := func(args ...string) string {
		out, _ := exec.Command(r.cfg.Tmux, append([]string{"-S", socket}, args...)...).Output()
		return strings.TrimRight(string(out), "\n ")
	}
	for ctx.Err() == nil {
		for _, pane := range strings.Split(tmux("list-panes", "-a", "-F", "#{pane_id} #{pane_current_command} #{pane_title}"), "\n") {
			f := strings.SplitN(pane, " ", 3)
			if len(f) == 3 && strings.HasPrefix(f[2], "graceclient ") &&
				at(tmux("capture-pane", "-p", "-t", f[0]), filepath.Base(f[1]) == "graceclient") {
				return true
			}
		}
		time.Sleep(5 * time.Millisecond) // a look at the pane, not a wait for readiness
	}
	return false
}

// typing reports whether a pane's text ends with line being typed: its
// last line is the beginning of line, not all of it.
func typing(text, line string) bool {
	lines := strings.Split(text, "\n")
	last := strings.TrimRight(lines[len(lines)-1], " ")
	return last != "" && last != line && strings.HasPrefix(line, last)
}

// takePort returns a port of 127.0.0.1 that a socket of the test's has
// bound (and listens on, if listen), and a function that closes it.
func takePort(t *testing.T, listen bool) (int, func()) {
	t.Helper()
	fd, port, err := boundSocket(listen)
	if err != nil {
		t.Fatal(err)
	}
	return port, func() { closeSocket(fd) }
}

// syncBuffer is a bytes.Buffer safe for a run writing and a test reading.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
