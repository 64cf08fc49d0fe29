package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"graceclose/common/freeport"
	"graceclose/scripts/engine"
)

// freePort is a port nothing on Host listens on now (freeport.Pick).
func freePort() (int, error) { return freeport.Pick(Host) }

// port is the port for the next server: --port's, or a free one.
func (b *bench) port() (int, error) {
	if b.Port != 0 {
		return b.Port, nil
	}
	return freePort()
}

// startServer starts the pair's server, its standard output to stdout and
// its standard error into dir, and returns once it listens (seen in the
// kernel's table: connecting would make the one client it accepts). If
// another program took the free port meanwhile, it tries another.
func (b *bench) startServer(ctx context.Context, p Pair, start starter, stdout *os.File, dir string) (*proc, int, error) {
	for attempt := 1; ; attempt++ {
		port, err := b.port()
		if err != nil {
			return nil, 0, err
		}
		cmd := p.serverCommand(port)
		errPath := filepath.Join(dir, "server.err")
		errFile, err := os.Create(errPath)
		if err != nil {
			return nil, 0, err
		}
		cmd.Stdout, cmd.Stderr = stdout, errFile
		s, err := start("server", cmd)
		errFile.Close()
		if err != nil {
			return nil, 0, fmt.Errorf("cannot run %s: %v", p.Server, err)
		}
		s.errPath = errPath
		err = waitListening(ctx, s, port)
		if err == nil {
			return s, port, nil
		}
		s.stop()
		if ctx.Err() != nil {
			return nil, 0, ctx.Err()
		}
		if b.Port == 0 && attempt < 5 && strings.Contains(s.stderr(), "in use") {
			continue
		}
		return nil, 0, fmt.Errorf("the server did not listen on port %d (%s): %v %s", port, s.ending(), err, s.stderr())
	}
}

// waitListening waits until the server listens on port, at most bound.
func waitListening(ctx context.Context, s *proc, port int) error {
	deadline := time.Now().Add(bound)
	for !engine.Listening(port, s.process.Pid) {
		if s.ended() {
			return fmt.Errorf("it ended")
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("still not listening after %v", bound)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Millisecond):
		}
	}
	return nil
}
