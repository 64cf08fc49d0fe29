package twopane

import (
	"context"
	"time"

	"graceclose/scripts/engine"
)

// poll calls done until it reports true, looking again after a pause that
// grows from 5 ms to 50 ms: what a pane shows right after a key is seen at
// once, and a reply seconds away costs few looks. It reports false once
// bound has passed; an error from done, or ctx's, ends it.
func poll(ctx context.Context, bound time.Duration, done func() (bool, error)) (bool, error) {
	deadline := time.Now().Add(bound)
	pause := 5 * time.Millisecond
	for {
		ok, err := done()
		if ok || err != nil {
			return ok, err
		}
		if time.Now().After(deadline) {
			return false, nil
		}
		if !engine.Sleep(ctx, pause) {
			return false, ctx.Err()
		}
		pause = min(2*pause, 50*time.Millisecond)
	}
}
