package twopane

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
)

// paneShell is the panes' shell: bash without rc files, history file or
// inputrc, with the prompt "$ ", so that a pane shows only what is typed
// and what the programs print.
const paneShell = `env PS1='$ ' PS0= PROMPT_COMMAND= INPUTRC=/dev/null HISTFILE= bash --norc --noprofile`

// checkCols and checkRows size the private server's window: wide enough
// for two command lines side by side, never wrapped.
const checkCols, checkRows = 200, 50

// open opens the window and its panes side by side, one a program,
// titled, each with a shell at its prompt: in the private server (Check),
// a new session of the learner's tmux (Attach) or a new window of theirs
// (Window).
func (r *run) open(ctx context.Context) error {
	format := []string{"-c", r.home(), "-P", "-F", "#{window_id} #{pane_id}", paneShell}
	var ids string
	var err error
	switch r.cfg.Mode {
	case Check:
		r.session = "graceclose-" + r.cfg.Name
		ids, err = r.tmux.run(ctx, append([]string{"new-session", "-d", "-s", r.session, "-n", r.cfg.Name,
			"-x", strconv.Itoa(checkCols), "-y", strconv.Itoa(checkRows)}, format...)...)
		if err == nil {
			var pid string
			pid, err = r.tmux.run(ctx, "display-message", "-p", "#{pid}")
			r.serverPID, _ = strconv.Atoi(pid)
		}
	case Window:
		if r.session, err = r.tmux.run(ctx, "display-message", "-p", "#{session_name}"); err == nil {
			ids, err = r.tmux.run(ctx, append([]string{"new-window", "-n", "graceclose-" + r.cfg.Name}, format...)...)
		}
	default:
		if r.session, err = r.freeSessionName(ctx); err == nil {
			// The window keeps the terminal's size once attached: the
			// shells never see their width change under a line being
			// typed (bash redraws it wrongly).
			cols, rows := sessionSize(r.cfg.Terminal)
			ids, err = r.tmux.run(ctx, append([]string{"new-session", "-d", "-s", r.session, "-n", r.cfg.Name,
				"-x", strconv.Itoa(cols), "-y", strconv.Itoa(rows)}, format...)...)
		}
	}
	if err != nil {
		return err
	}
	window, first, _ := strings.Cut(ids, " ")
	r.window = window
	r.panes[0].id = first
	for i, p := range r.panes[1:] {
		if p.id, err = r.tmux.run(ctx, "split-window", "-h", "-t", r.panes[i].id, "-c", r.home(),
			"-P", "-F", "#{pane_id}", paneShell); err != nil {
			return err
		}
	}
	if len(r.panes) > 2 {
		if _, err := r.tmux.run(ctx, "select-layout", "-t", r.window, "even-horizontal"); err != nil {
			return err
		}
	}
	for _, p := range r.panes {
		p.title = r.title(p.who)
		if _, err := r.tmux.run(ctx, "select-pane", "-t", p.id, "-T", p.title); err != nil {
			return err
		}
	}
	for _, opt := range [][]string{{"pane-border-status", "top"}, {"pane-border-format", " #{pane_title} "}} {
		if _, err := r.tmux.run(ctx, "set-window-option", "-t", r.window, opt[0], opt[1]); err != nil {
			return err
		}
	}
	r.hint = r.leaveHint(ctx)
	if r.cfg.Mode == Attach {
		// The session is this run's own: its status line says how to leave.
		// (set-option's -t names a pane, or a session without "=".)
		for _, opt := range [][]string{{"status-right-length", "100"}, {"status-right", " " + r.hint + " "}} {
			if _, err := r.tmux.run(ctx, "set-option", "-t", r.session, opt[0], opt[1]); err != nil {
				return err
			}
		}
	}
	for _, p := range r.panes {
		if err := r.waitPrompt(ctx, p); err != nil {
			return err
		}
	}
	return nil
}

// title is a pane's title: the program as the lesson runs it,
// "graceserver", "graceclient 127.0.0.1".
func (r *run) title(who string) string {
	prog, _, _ := strings.Cut(r.sc.Command(who), " ")
	if prog == "graceclient" {
		return prog + " " + r.params["host"]
	}
	return prog
}

// waitPrompt waits for the pane's shell to show its prompt.
func (r *run) waitPrompt(ctx context.Context, p *pane) error {
	ok, err := poll(ctx, r.cfg.Bound, func() (bool, error) {
		lines, err := r.screen(ctx, p)
		return hasPrompt(lines), err
	})
	if err == nil && !ok {
		err = errors.New(r.T("the panes' shells did not show their prompt within %v", r.cfg.Bound))
	}
	return err
}

// freeSessionName is graceclose-NAME, or with a number after it where
// the learner already has a session of that name.
func (r *run) freeSessionName(ctx context.Context) (string, error) {
	name := "graceclose-" + r.cfg.Name
	for {
		if _, err := r.tmux.run(ctx, "has-session", "-t", "="+name); err != nil {
			if ctx.Err() != nil {
				return "", ctx.Err()
			}
			return name, nil
		}
		name = fmt.Sprintf("graceclose-%s-%d", r.cfg.Name, rand.IntN(32768))
	}
}

// sessionSize is the size of a new session's window: the terminal's (nil:
// this process's), less the status line; tmux's default, 80 by 23, where
// it cannot be read.
func sessionSize(terminal *os.File) (cols, rows int) {
	if terminal == nil {
		terminal = os.Stdin
	}
	cols, rows, ok := terminalSize(terminal)
	if !ok || cols <= 2 || rows <= 2 {
		return 80, 23
	}
	return cols, rows - 1
}

// leaveHint says how to leave, in a line, with the learner's prefix key.
func (r *run) leaveHint(ctx context.Context) string {
	prefix, _ := r.tmux.run(ctx, "show-options", "-gv", "prefix")
	switch {
	case prefix == "":
		prefix = "Ctrl-b"
	case strings.HasPrefix(prefix, "C-") && len(prefix) == 3:
		prefix = "Ctrl-" + prefix[2:]
	}
	if r.cfg.Mode == Window {
		return r.T("%s & closes this window (tmux kill-window -t %s)", prefix, r.window)
	}
	return r.T("%s d to detach, tmux kill-session -t %s to end", prefix, r.session)
}
