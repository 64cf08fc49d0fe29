// Package twopane runs one of the lab's experiments (package scenario) in
// tmux, as a learner follows the lesson: two terminals side by side, a
// program in each, its command line typed at the shell's prompt, then the
// scenario's lines typed into the client at a person's pace, each once the
// lines written above it in the scenario have appeared in the panes, and
// `echo $?` in each pane once its program has ended.
//
// It runs in one of three places (Mode): a private tmux server of its own,
// detached, whose panes it then compares with the scenario's transcripts
// (Check); a new session of the learner's tmux, attached to this terminal
// (Attach); or a new window of the learner's session, run from inside tmux
// (Window). Whatever it opened and has not handed over to the learner yet
// is closed on every way out, and no process it started is left behind.
package twopane

import (
	"context"
	"errors"
	"fmt"
	"graceclose/scripts/engine"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"graceclose/scripts/lang"
	"graceclose/scripts/scenario"
)

// Mode says whose tmux the panes open in, and who watches them.
type Mode int

const (
	// Check runs a private tmux server (its own socket, no config file),
	// detached; once the lesson is typed it prints the panes side by side,
	// compares each with its transcript and gives a verdict.
	Check Mode = iota
	// Attach opens a new session of the learner's tmux, sized to this
	// terminal, and attaches this terminal to it; the lesson is typed
	// while the learner watches, and the session is theirs.
	Attach
	// Window opens a new window of the learner's tmux session, from
	// inside tmux, types the lesson there and leaves the window to them.
	Window
)

// KeyPace is the pause between two keys typed at a person's pace.
const KeyPace = 30 * time.Millisecond

// ErrAttach says tmux could not attach to this terminal.
var ErrAttach = errors.New("tmux could not attach to this terminal")

// Config is one run.
type Config struct {
	Tmux     string // the tmux program's path
	Mode     Mode
	Scenario *scenario.Scenario
	// Name is the experiment's name in the session's and the window's
	// names ("close": graceclose-close) and in the header.
	Name string
	// Title and Against are the verdict's words, in Lang: "verdict:
	// TITLE: ...", then "this is AGAINST" or "this differs from AGAINST".
	Title, Against string
	// Lang is the language of what the run says (its header, hints and
	// verdict); nil: English. What the panes show is never translated.
	Lang *lang.Printer
	// Params fill the scenario's {names}; host is 127.0.0.1 unless given,
	// port is added.
	Params map[string]string
	Port   int // the server's port; 0: a free one
	// Bin is the folder of graceclient and graceserver: the panes' shells
	// start in its parent, where the programs are typed as "build/graceserver".
	Bin     string
	Pace    time.Duration // a person's pause before each line typed
	KeyPace time.Duration // between two keys typed; 0: a line at once
	// PasteCommands types the programs' command lines at once, as pasted
	// from the README, and only what is typed into the programs at
	// KeyPace.
	PasteCommands bool
	Bound         time.Duration // the longest any wait may last
	Dir           string        // Check: a folder for the private server's socket
	Logs          string        // if set, each pane's text and its transcript are written there
	Env           []string      // the environment tmux runs in; nil: this process's
	Out           io.Writer     // what the learner reads (never written while attached)
	// Terminal is the learner's terminal (Attach): tmux attaches it, and
	// the session takes its size; nil: this process's standard input,
	// output and error.
	Terminal *os.File

	// freePort picks a port for the server (tests choose one taken).
	freePort func() (int, error)
}

// Result is how a run went.
type Result struct {
	// Differences say how the panes differ from the scenario, one a line
	// (lines of a pane's diff start with two spaces): none, the lesson's
	// transcripts. Check compares the panes; the other modes only record
	// a step that did not happen in time.
	Differences []string
	// Panes hold each program's pane as it was at the end (Check).
	Panes       map[string][]string
	Interrupted bool // ctx ended first
}

// Run opens the panes, types the lesson and, in Check mode, compares the
// panes with the scenario. An error means it could not run (tmux failed,
// a scenario it cannot type); what went differently is in the Result. When
// ctx ends (Ctrl-C), what it opened is closed and the Result says so.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	r, err := newRun(cfg)
	if err != nil {
		return nil, err
	}
	defer r.cleanup()
	if err := r.open(ctx); err != nil {
		if ctx.Err() != nil {
			return &Result{Interrupted: true}, nil
		}
		return nil, err
	}
	r.printHeader()
	switch cfg.Mode {
	case Attach:
		return r.attach(ctx)
	case Window:
		return r.inWindow(ctx)
	}
	return r.check(ctx)
}

// newRun checks the scenario and picks the port.
func newRun(cfg Config) (*run, error) {
	if cfg.Out == nil {
		cfg.Out = io.Discard
	}
	if cfg.Env == nil {
		cfg.Env = os.Environ()
	}
	if cfg.Bound <= 0 {
		cfg.Bound = 30 * time.Second
	}
	if cfg.freePort == nil {
		cfg.freePort = freePort
	}
	if err := typeable(cfg.Scenario); err != nil {
		return nil, err
	}
	r := &run{cfg: cfg, sc: cfg.Scenario, out: cfg.Out, byWho: map[string]*pane{}}
	r.tmux = &tmuxClient{path: cfg.Tmux, env: cfg.Env}
	if cfg.Mode == Check {
		// Never the tmux this may run in: the private server only.
		r.tmux.env = withoutVars(cfg.Env, "TMUX", "TMUX_PANE")
		if err := r.privateSocket(); err != nil {
			return nil, err
		}
	}
	r.params = map[string]string{"host": "127.0.0.1"}
	for k, v := range cfg.Params {
		r.params[k] = v
	}
	if err := r.choosePort(); err != nil {
		return nil, err
	}
	for _, who := range r.sc.Programs() {
		p := &pane{who: who, entries: entries(r.sc, who)}
		r.panes = append(r.panes, p)
		r.byWho[who] = p
	}
	return r, nil
}

// typeable checks that every step of the scenario is one a person does at
// a terminal that this package types: start, type, and the lines expected.
func typeable(sc *scenario.Scenario) error {
	for _, st := range sc.Steps {
		switch st.Op {
		case scenario.Start, scenario.Type, scenario.Print, scenario.Ends:
		default:
			return fmt.Errorf("%s line %d: two panes cannot run a %s step", sc.Name, st.Line, st.Op)
		}
	}
	if len(sc.Programs()) == 0 {
		return fmt.Errorf("%s: no program to start", sc.Name)
	}
	return nil
}

// choosePort sets the port: the one given, or one free now.
func (r *run) choosePort() error {
	r.port = r.cfg.Port
	if r.port == 0 {
		port, err := r.cfg.freePort()
		if err != nil {
			return err
		}
		r.port = port
	}
	r.params["port"] = strconv.Itoa(r.port)
	return nil
}

// freePort is a port nothing listens on now, picked by the kernel.
func freePort() (int, error) { return engine.FreePort("127.0.0.1") }

// typed is how a filled command line is typed at the panes' prompt: the
// program in Bin, from Bin's parent ("build/graceserver -port 43211").
func (r *run) typed(command string) string {
	return filepath.Base(r.cfg.Bin) + "/" + command
}

// home is the folder the panes' shells start in.
func (r *run) home() string { return filepath.Dir(r.cfg.Bin) }

// withoutVars returns env without the variables named.
func withoutVars(env []string, names ...string) []string {
	var out []string
	for _, kv := range env {
		keep := true
		for _, name := range names {
			if strings.HasPrefix(kv, name+"=") {
				keep = false
			}
		}
		if keep {
			out = append(out, kv)
		}
	}
	return out
}
