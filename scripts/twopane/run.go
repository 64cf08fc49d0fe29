package twopane

import (
	"context"
	"errors"
	"io"
	"time"

	"graceclose/scripts/scenario"
)

// run is one run: the panes, and what went differently.
type run struct {
	cfg    Config
	sc     *scenario.Scenario
	tmux   *tmuxClient
	out    io.Writer
	params map[string]string
	port   int

	panes []*pane // in the order the scenario starts the programs
	byWho map[string]*pane

	session, window string // the session (or the learner's), the window opened
	hint            string // how to leave, in a line
	serverPID       int    // Check: the private server
	socketDir       string // Check: a folder made for the socket, removed at the end
	handedOver      bool   // the window is the learner's: leave it open
	attached        bool   // this terminal is tmux's (Attach): print nothing

	diffs     []string
	lastTyped string
}

// pane is a program's pane.
type pane struct {
	who, id, title string
	command        string  // the command line typed, once typed
	entries        []entry // what it shows after the command line, in order
	echoed         bool    // echo $? typed
}

// errStop stops the typing at a step that did not happen; the difference
// is recorded.
var errStop = errors.New("stopped")

// differ records a difference, in the run's language, and stops the
// typing.
func (r *run) differ(format string, args ...any) error {
	r.diffs = append(r.diffs, r.T(format, args...))
	return errStop
}

// cleanup closes what was opened and not handed over, on every way out,
// even once ctx has ended: the private server (and the processes of its
// panes), or the session or window opened in the learner's tmux.
func (r *run) cleanup() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	switch {
	case r.cfg.Mode == Check:
		r.endPrivate(ctx)
	case r.handedOver || r.window == "":
	case r.cfg.Mode == Window:
		r.endPanes(ctx, "kill-window", "-t", r.window)
	default:
		r.endPanes(ctx, "kill-session", "-t", "="+r.session)
	}
}
