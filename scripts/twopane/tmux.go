package twopane

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"syscall"
)

// tmuxClient runs tmux commands: on the private server's socket (with no
// config file, so that the panes are the same for everyone), or on the
// learner's own tmux, found as tmux finds it ($TMUX inside tmux).
type tmuxClient struct {
	path   string
	socket string // the private server's; "": the learner's tmux
	env    []string
}

// args are a tmux command's arguments, on the private socket if there is one.
func (c *tmuxClient) args(args ...string) []string {
	if c.socket == "" {
		return args
	}
	return append([]string{"-f", "/dev/null", "-S", c.socket}, args...)
}

// command is a tmux command, ended if ctx ends.
func (c *tmuxClient) command(ctx context.Context, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, c.path, c.args(args...)...)
	cmd.Env = c.env
	return cmd
}

// run runs one tmux command and returns its output without the last
// newline; an error carries what tmux said.
func (c *tmuxClient) run(ctx context.Context, args ...string) (string, error) {
	cmd := c.command(ctx, args...)
	// A process group of its own: Ctrl-C at the terminal is the run's to
	// handle (it cancels ctx, which ends this command). In the terminal's
	// group, the signal killed a tmux command under way before ctx said
	// why, and an interrupted run looked like a failed one.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return "", fmt.Errorf("tmux %s failed: %s", args[0], msg)
	}
	return strings.TrimSuffix(string(out), "\n"), nil
}
