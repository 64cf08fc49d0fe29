package twopane

import (
	"context"
	"strings"
	"time"

	"graceclose/scripts/engine"
)

// typeLine types text and Enter into the pane as a person does: a key at a
// time, KeyPace apart, or with KeyPace 0 the whole line at once.
func (r *run) typeLine(ctx context.Context, p *pane, text string) error {
	return r.typeThenEnter(ctx, p, text, nil)
}

// typeThenEnter is typeLine with beforeEnter, if set, called once the
// line is typed and before Enter sends it: nothing typed has had an
// effect yet.
func (r *run) typeThenEnter(ctx context.Context, p *pane, text string, beforeEnter func() error) error {
	return r.typeAt(ctx, p, text, r.cfg.KeyPace, beforeEnter)
}

// typeAt is typeThenEnter with the keys keyPace apart (0: at once).
func (r *run) typeAt(ctx context.Context, p *pane, text string, keyPace time.Duration, beforeEnter func() error) error {
	if keyPace <= 0 && beforeEnter == nil {
		// The line and Enter in one tmux command.
		args := []string{"send-keys", "-t", p.id, "Enter"}
		if text != "" {
			args = []string{"send-keys", "-t", p.id, "-l", "--", literal(text), ";", "send-keys", "-t", p.id, "Enter"}
		}
		_, err := r.tmux.run(ctx, args...)
		return err
	}
	keys := []string{text}
	if keyPace > 0 {
		keys = strings.Split(text, "") // a character at a time
	}
	// Each key KeyPace after the one before, however long tmux took to
	// type it.
	next := time.Now()
	for _, key := range keys {
		if key == "" {
			continue
		}
		if _, err := r.tmux.run(ctx, "send-keys", "-t", p.id, "-l", "--", literal(key)); err != nil {
			return err
		}
		next = next.Add(keyPace)
		if !engine.Sleep(ctx, time.Until(next)) {
			return ctx.Err()
		}
	}
	if beforeEnter != nil {
		if err := beforeEnter(); err != nil {
			return err
		}
	}
	_, err := r.tmux.run(ctx, "send-keys", "-t", p.id, "Enter")
	return err
}

// literal is text as an argument of tmux's command line: an argument
// ending in ";" ends a command there, unless the ";" is escaped ("\;").
func literal(text string) string {
	if rest, ok := strings.CutSuffix(text, ";"); ok {
		return rest + `\;`
	}
	return text
}
