package twopane

import (
	"context"
	"errors"

	"graceclose/scripts/engine"
	"graceclose/scripts/explain"
	"graceclose/scripts/scenario"
)

// lesson types the scenario into the panes: each program's command line
// at its prompt (a server is then waited for until it listens), each line
// once the lines written above it in the scenario have appeared, after a
// person's pause; once a program has ended, echo $? in its pane. A step
// that does not happen in time is recorded and ends the typing; the error
// is ctx's, or says the lesson could not be typed at all.
func (r *run) lesson(ctx context.Context) error {
	err := r.steps(ctx)
	if err != nil && !errors.Is(err, errStop) {
		return err
	}
	// echo $? wherever the program has ended and it was not typed yet.
	for _, p := range r.panes {
		if p.command == "" || p.echoed {
			continue
		}
		lines, err := r.screen(ctx, p)
		if err != nil {
			return err
		}
		if ended(lines, p.command) {
			if err := r.echoStatus(ctx, p); err != nil && !errors.Is(err, errStop) {
				return err
			}
		}
	}
	return nil
}

// steps carries out the scenario's steps in order.
func (r *run) steps(ctx context.Context) error {
	first := true
	for i, st := range r.sc.Steps {
		var err error
		switch st.Op {
		case scenario.Start:
			err = r.start(ctx, st, first)
			first = false
		case scenario.Type:
			err = r.typeStep(ctx, i, st)
		case scenario.Ends:
			err = r.endStep(ctx, i, st)
		}
		if err != nil {
			return err
		}
	}
	return r.waitPrinted(ctx, len(r.sc.Steps))
}

// typeStep types a line into a program's pane, once the lines written
// above it have appeared, after a person's pause. A line another pane
// already shows when the line is typed, and before Enter sends it, which
// the scenario expects only after it, is recorded: the run then tests
// another order of events (a reply that came before close was typed).
func (r *run) typeStep(ctx context.Context, i int, st scenario.Step) error {
	if err := r.waitPrinted(ctx, i); err != nil {
		return err
	}
	if !engine.Sleep(ctx, r.cfg.Pace) {
		return ctx.Err()
	}
	r.lastTyped = st.Text
	return r.typeThenEnter(ctx, r.byWho[st.Who], st.Text, func() error {
		return r.checkNotLate(ctx, i, st)
	})
}

// checkNotLate records the lines that other panes show already, although
// the scenario expects them only after step i.
func (r *run) checkNotLate(ctx context.Context, i int, st scenario.Step) error {
	for _, q := range r.panes {
		if q.who == st.Who || q.command == "" {
			continue
		}
		lines, err := r.screen(ctx, q)
		if err != nil {
			return err
		}
		if n := q.before(i); q.shown(lines) > n {
			late := r.T("%q was typed after the %s printed %q, which the scenario expects only after it", st.Text, r.Words(q.who), q.entries[n].text)
			if delay, ok := r.params["delay"]; ok {
				late += r.T(" (the server's -delay %s was too short for this machine)", delay)
			}
			r.diffs = append(r.diffs, late)
			if why := explain.TooLate(r.lang(), st.Text); why != "" {
				r.diffs = append(r.diffs, why)
			}
		}
	}
	return nil
}

// endStep waits for a program to end, then types echo $? in its pane.
func (r *run) endStep(ctx context.Context, i int, st scenario.Step) error {
	if err := r.waitPrinted(ctx, i); err != nil {
		return err
	}
	p := r.byWho[st.Who]
	ok, err := poll(ctx, r.cfg.Bound, func() (bool, error) {
		lines, err := r.screen(ctx, p)
		return ended(lines, p.command), err
	})
	if err != nil {
		return err
	}
	if !ok {
		return r.differ("the %s was still running %v after %q was typed", r.Words(st.Who), r.cfg.Bound, r.lastTyped)
	}
	return r.echoStatus(ctx, p)
}

// echoStatus types echo $? in the pane and waits for its answer.
func (r *run) echoStatus(ctx context.Context, p *pane) error {
	p.echoed = true
	if err := r.typeLine(ctx, p, "echo $?"); err != nil {
		return err
	}
	ok, err := poll(ctx, r.cfg.Bound, func() (bool, error) {
		lines, err := r.screen(ctx, p)
		return ended(lines, "echo $?"), err
	})
	if err == nil && !ok {
		return r.differ("the %s's pane did not answer echo $? within %v", r.Words(p.who), r.cfg.Bound)
	}
	return err
}

// waitPrinted waits until every pane shows the lines the scenario expects
// of it before step upto. It gives up at once when a program has ended
// without them, and after Bound.
func (r *run) waitPrinted(ctx context.Context, upto int) error {
	var stuck *pane
	var stuckLines []string
	shows := map[*pane]bool{} // the panes that show theirs: they still will
	ok, err := poll(ctx, r.cfg.Bound, func() (bool, error) {
		for _, p := range r.panes {
			need := p.before(upto)
			if need == 0 || shows[p] {
				continue
			}
			lines, err := r.screen(ctx, p)
			if err != nil {
				return false, err
			}
			if p.shown(lines) >= need {
				shows[p] = true
				continue
			}
			stuck, stuckLines = p, lines
			if ended(lines, p.command) {
				return false, r.differ("the %s ended early; its last line: %q", r.Words(p.who), lastWords(lines))
			}
			return false, nil
		}
		return true, nil
	})
	if err != nil || ok {
		return err
	}
	return r.differ("the %s's pane did not show %q within %v", r.Words(stuck.who), stuck.entries[stuck.shown(stuckLines)].text, r.cfg.Bound)
}
