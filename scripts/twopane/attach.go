package twopane

import (
	"context"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"
)

// attach types the lesson while this terminal is attached to the new
// session: from the moment the learner sees it, so that nothing is typed
// while the window takes the terminal's size. The session is theirs from
// the moment they attach; leaving it (detached, or ended) ends the run.
func (r *run) attach(ctx context.Context) (*Result, error) {
	r.handedOver, r.attached = true, true
	typing, stopTyping := context.WithCancel(ctx)
	defer stopTyping()
	typed := make(chan struct{})
	go func() {
		defer close(typed)
		_ = r.waitAttached(typing) // not attached (yet): type all the same
		if r.lesson(typing) != nil {
			return // stopped by the learner leaving, or tmux gone
		}
		message := r.T("done: %s", r.hint)
		if len(r.diffs) > 0 {
			message = r.T("stopped: %s", strings.Join(r.diffs, r.Words("; ")))
		}
		_, _ = r.tmux.run(typing, "display-message", "-t", r.panes[len(r.panes)-1].id, message)
	}()

	cmd := r.tmux.command(ctx, "attach-session", "-t", "="+r.session)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	if r.cfg.Terminal != nil {
		cmd.Stdin, cmd.Stdout, cmd.Stderr = r.cfg.Terminal, r.cfg.Terminal, r.cfg.Terminal
	}
	// Ended as a terminal being closed would end it, so that it puts the
	// terminal back as it found it (not SIGKILL).
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGHUP) }
	cmd.WaitDelay = 2 * time.Second
	attachErr := cmd.Run()

	left := false
	select {
	case <-typed:
	default:
		left = true
	}
	stopTyping()
	<-typed
	r.attached = false
	if ctx.Err() != nil {
		return &Result{Interrupted: true}, nil
	}
	// attach-session also fails when the session ends while attached
	// (tmux kill-server): that is the learner leaving, not a terminal
	// tmux cannot use.
	still := r.hasSession(ctx)
	if attachErr != nil && still {
		r.handedOver = false // closed by cleanup
		return nil, fmt.Errorf("%w (TERM=%s)", ErrAttach, r.term())
	}
	if left {
		fmt.Fprintln(r.out, r.Words("(you left before the end: the typing stopped)"))
	}
	if still {
		fmt.Fprintln(r.out, r.T("the session is still there: tmux attach -t %s; to end it: tmux kill-session -t %s", r.session, r.session))
	}
	return &Result{Differences: r.diffs}, nil
}

// waitAttached waits until a tmux client shows the session and its window
// has taken the client's size.
func (r *run) waitAttached(ctx context.Context) error {
	last := r.panes[len(r.panes)-1].id
	_, err := poll(ctx, r.cfg.Bound, func() (bool, error) {
		clients, _ := r.tmux.run(ctx, "list-clients", "-t", "="+r.session, "-F", "#{client_width}")
		if strings.TrimSpace(clients) == "" {
			return false, ctx.Err()
		}
		sizes, _ := r.tmux.run(ctx, "display-message", "-p", "-t", last, "#{window_width} #{client_width}")
		window, client, _ := strings.Cut(sizes, " ")
		return window != "" && window == client, ctx.Err()
	})
	return err
}

// hasSession reports whether the session is still there.
func (r *run) hasSession(ctx context.Context) bool {
	_, err := r.tmux.run(ctx, "has-session", "-t", "="+r.session)
	return err == nil
}

// term is the terminal's type, as tmux reads it.
func (r *run) term() string {
	for _, kv := range r.cfg.Env {
		if v, ok := strings.CutPrefix(kv, "TERM="); ok {
			return v
		}
	}
	return ""
}
