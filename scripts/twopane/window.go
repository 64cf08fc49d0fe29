package twopane

import "context"

// inWindow types the lesson into the new window of the learner's session
// (which tmux shows them at once), says how to leave, and leaves the
// window to them.
func (r *run) inWindow(ctx context.Context) (*Result, error) {
	if err := r.lesson(ctx); err != nil {
		if ctx.Err() != nil {
			return &Result{Interrupted: true}, nil
		}
		return nil, err
	}
	for _, d := range r.diffs {
		r.print("  " + d)
	}
	r.handedOver = true
	message := r.T("done: %s", r.hint)
	last := r.panes[len(r.panes)-1].id
	// Until a key is pressed (-d 0, tmux 3.2 on), else for the status
	// line's usual time.
	if _, err := r.tmux.run(ctx, "display-message", "-d", "0", "-t", last, message); err != nil {
		_, _ = r.tmux.run(ctx, "display-message", "-t", last, message)
	}
	r.print(message)
	return &Result{Differences: r.diffs}, nil
}
