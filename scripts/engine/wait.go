package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"graceclose/scripts/scenario"
)

// waitPrinted waits until every line the scenario expects before step
// upto has been printed, each after the ones expected of the same program
// before it (other lines may come between them). It fails after Bound, or
// as soon as the program has ended without printing it.
func (r *run) waitPrinted(ctx context.Context, upto int) error {
	timer := time.NewTimer(r.lab.bound())
	defer timer.Stop()
	for {
		pending, changed, ended := r.match(upto)
		if pending < 0 {
			return nil
		}
		st := r.sc.Steps[pending]
		p := r.programs[st.Who]
		if ended {
			return errors.New(r.T("the %s did not print %s (it ended: %s)", r.who(st.Who), r.describeLine(st), p.endingWords(r.lab.printer())))
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return nil
		case <-timer.C:
			return errors.New(r.T("the %s did not print %s within %v", r.who(st.Who), r.describeLine(st), r.lab.bound()))
		}
	}
}

// describeLine quotes an expected line for a message.
func (r *run) describeLine(st scenario.Step) string {
	switch {
	case st.Pattern != nil && st.Stream == "stderr":
		return r.T("a line matching %q on stderr", st.Text)
	case st.Pattern != nil:
		return r.T("a line matching %q", st.Text)
	case st.Stream == "stderr":
		return r.T("%q on stderr", st.Text)
	}
	return fmt.Sprintf("%q", st.Text)
}

// match finds, for every program and stream, the lines that meet the
// expected ones in order (each the first fitting line after the previous
// one's), records them, and returns the first Print step before upto not
// met yet (-1 if none), with a channel closed at its program's next change
// and whether that program has ended (so no line will come).
func (r *run) match(upto int) (pending int, changed <-chan struct{}, ended bool) {
	type key struct{ who, stream string }
	cursor := map[key]int{}
	snaps := map[key][]line{}
	chans := map[key]<-chan struct{}{}
	ends := map[key]bool{}
	pending = -1
	for i, st := range r.sc.Steps {
		if st.Op != scenario.Print {
			continue
		}
		k := key{st.Who, st.Stream}
		if _, ok := snaps[k]; !ok {
			snaps[k], chans[k], ends[k] = r.programs[st.Who].snapshot(st.Stream)
		}
		lines := snaps[k]
		j := cursor[k]
		for j < len(lines) && !fits(st, lines[j].text) {
			j++
		}
		if j < len(lines) {
			r.matched[i] = lines[j]
			cursor[k] = j + 1
			continue
		}
		cursor[k] = len(lines) + 1 // nothing later in this stream fits either
		if i < upto && pending < 0 {
			pending, changed, ended = i, chans[k], ends[k]
		}
	}
	return pending, changed, ended
}

// fits reports whether a printed line is the one a Print step expects.
func fits(st scenario.Step, text string) bool {
	if st.Pattern != nil {
		return st.Pattern.MatchString(text)
	}
	return text == st.Text
}
