package twopane

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// maxSocketPath is the longest path a Unix socket may have everywhere
// (sun_path is 104 bytes on macOS and the BSDs, 108 on Linux).
const maxSocketPath = 100

// privateSocket sets the private server's socket: Dir/tmux.sock, or in a
// folder of its own under /tmp where that path is too long for a socket.
func (r *run) privateSocket() error {
	if r.cfg.Dir == "" {
		return fmt.Errorf("twopane: Check needs a folder for its tmux socket")
	}
	socket := filepath.Join(r.cfg.Dir, "tmux.sock")
	if len(socket) > maxSocketPath {
		dir, err := os.MkdirTemp("/tmp", "graceclose.")
		if err != nil {
			return err
		}
		r.socketDir = dir
		socket = filepath.Join(dir, "tmux.sock")
	}
	r.tmux.socket = socket
	return nil
}

// endPrivate ends the private server: its panes' shells and what runs in
// them get SIGHUP, as when a terminal is closed. It waits until they and
// the server are gone, and removes the socket (tmux leaves it).
func (r *run) endPrivate(ctx context.Context) {
	r.endPanes(ctx, "kill-server")
	if r.serverPID != 0 {
		waitGone(ctx, []int{r.serverPID})
	}
	os.Remove(r.tmux.socket)
	if r.socketDir != "" {
		os.RemoveAll(r.socketDir)
	}
}

// endPanes runs the tmux command that closes the panes (kill-server,
// kill-session, kill-window), then waits until the processes that ran in
// them are gone: each pane's shell and, where they can be listed, the
// programs it started.
func (r *run) endPanes(ctx context.Context, kill ...string) {
	var pids []int
	target := []string{"list-panes", "-a", "-F", "#{pane_pid}"}
	if r.cfg.Mode != Check {
		target = []string{"list-panes", "-s", "-t", "=" + r.session, "-F", "#{pane_pid}"}
		if r.cfg.Mode == Window {
			target = []string{"list-panes", "-t", r.window, "-F", "#{pane_pid}"}
		}
	}
	if out, err := r.tmux.run(ctx, target...); err == nil {
		for _, f := range strings.Fields(out) {
			if pid, err := strconv.Atoi(f); err == nil && pid > 0 {
				pids = append(pids, pid)
				pids = append(pids, descendants(pid)...)
			}
		}
	}
	_, _ = r.tmux.run(ctx, kill...)
	waitGone(ctx, pids)
}

// waitGone waits up to 3 s for the processes to end, then kills those
// still there. They are not our children: we can only look.
func waitGone(ctx context.Context, pids []int) {
	_, _ = poll(ctx, 3*time.Second, func() (bool, error) {
		for _, pid := range pids {
			if !gone(pid) {
				return false, nil
			}
		}
		return true, nil
	})
	for _, pid := range pids {
		if !gone(pid) {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}
