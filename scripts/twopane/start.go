package twopane

import (
	"context"
	"fmt"
	"strings"

	"graceclose/scripts/engine"
	"graceclose/scripts/scenario"
)

// start types a program's command line into its pane. A server is then
// waited for until it listens. If the port picked for it was taken
// meanwhile (another program bound it first), the pane starts afresh on
// another port: its port may still change before anything else has run.
func (r *run) start(ctx context.Context, st scenario.Step, first bool) error {
	p := r.byWho[st.Who]
	if !strings.HasPrefix(st.Text, "graceserver") {
		return r.typeCommand(ctx, p, st)
	}
	movable := first && r.cfg.Port == 0
	for attempt := 1; ; attempt++ {
		// Something listens there already: a port picked is picked
		// again; one given is typed all the same, and the server says
		// why it cannot use it.
		for tries := 1; movable && engine.Listens(r.port) && tries < 5; tries++ {
			old := r.port
			if err := r.choosePort(); err != nil {
				return err
			}
			r.say("(port %d was taken meanwhile: port %d then)", old, r.port)
		}
		taken := engine.Listens(r.port)
		if err := r.typeCommand(ctx, p, st); err != nil {
			return err
		}
		lines, err := r.waitListening(ctx, p, taken)
		if err != nil || lines == nil {
			return err
		}
		raced := movable && !taken && attempt < 5 && strings.Contains(strings.Join(lines, "\n"), "Address already in use")
		if !raced {
			return r.differ("the %s ended early; its last line: %q", r.Words(st.Who), lastWords(lines))
		}
		if err := r.restart(ctx, p); err != nil {
			return err
		}
		old := r.port
		if err := r.choosePort(); err != nil {
			return err
		}
		r.say("(port %d was taken meanwhile: port %d then)", old, r.port)
	}
}

// typeCommand types a program's command line, its {names} filled in.
func (r *run) typeCommand(ctx context.Context, p *pane, st scenario.Step) error {
	command, err := scenario.Fill(st.Text, r.params)
	if err != nil {
		return fmt.Errorf("%s line %d: %v", r.sc.Name, st.Line, err)
	}
	p.command = r.typed(command)
	keyPace := r.cfg.KeyPace
	if r.cfg.PasteCommands {
		keyPace = 0
	}
	return r.typeAt(ctx, p, p.command, keyPace, nil)
}

// waitListening waits until the server listens on the port (or, if the
// port was taken already, until it gives up), or has ended: then it
// returns what its pane shows.
func (r *run) waitListening(ctx context.Context, p *pane, taken bool) ([]string, error) {
	var lines []string
	ok, err := poll(ctx, r.cfg.Bound, func() (bool, error) {
		var err error
		lines, err = r.screen(ctx, p)
		return ended(lines, p.command) || !taken && engine.Listens(r.port), err
	})
	switch {
	case err != nil:
		return nil, err
	case !ok:
		return nil, r.differ("the %s did not listen on %s:%d within %v", r.Words(p.who), r.params["host"], r.port, r.cfg.Bound)
	case !ended(lines, p.command):
		return nil, nil
	}
	return lines, nil
}

// restart starts the pane's shell afresh, its screen and history empty.
func (r *run) restart(ctx context.Context, p *pane) error {
	if _, err := r.tmux.run(ctx, "respawn-pane", "-k", "-t", p.id, "-c", r.home(), paneShell); err != nil {
		return err
	}
	if _, err := r.tmux.run(ctx, "clear-history", "-t", p.id); err != nil {
		return err
	}
	p.command = ""
	return r.waitPrompt(ctx, p)
}
