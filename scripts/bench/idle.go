package bench

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// idle measures the client's CPU time with its stdin at EOF (/dev/null),
// connected to a listener that never sends (the lab's own: it accepts
// and reads nothing, as a server waiting for a message that never comes).
// The lesson's C client spins there: select says stdin is readable,
// fgets returns NULL, forever.
func (b *bench) idle(ctx context.Context) error {
	if b.Idle == 0 {
		return nil
	}
	b.printf("\n=== %s\n", b.Lang.Words("idle: the client's CPU time, its stdin at EOF (</dev/null), connected to a listener that never sends"))
	b.printf("    %s\n", b.T("(user + system time from wait4's rusage, from its start until it is stopped %g s after it connected)", b.Idle.Seconds()))
	measure := b.T("idle client, CPU over %g s", b.Idle.Seconds())
	b.expect(measure, "s", nil)
	return b.eachRun(ctx, func(ctx context.Context, p Pair, i int) error {
		cpu, wall, err := b.idleRun(ctx, p, i)
		what := b.runName(measure, p, i)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			b.printf("  %s\n", b.T("run %d  %s FAILED: not measured", i, b.pair(p)))
			b.fail(what, err)
			return nil
		}
		b.printf("  %s\n", b.T("run %d  %s %7.3f s CPU in %.2f s (%.0f%% of one CPU)", i, b.pair(p), cpu.Seconds(), wall.Seconds(), 100*cpu.Seconds()/wall.Seconds()))
		b.record(measure, p.Name, cpu.Seconds())
		return nil
	})
}

// idleRun is one run: the client's CPU time and its life's length.
func (b *bench) idleRun(ctx context.Context, p Pair, i int) (cpu, wall time.Duration, err error) {
	dir, err := b.runDir(fmt.Sprintf("idle-%s-%d", p.Name, i))
	if err != nil {
		return 0, 0, err
	}
	defer b.done(dir)
	port, err := b.port()
	if err != nil {
		return 0, 0, err
	}
	l, err := net.Listen("tcp", net.JoinHostPort(Host, strconv.Itoa(port)))
	if err != nil {
		return 0, 0, err
	}
	defer l.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		if conn, err := l.Accept(); err == nil {
			accepted <- conn
		}
	}()

	cmd := p.clientCommand(port)
	out, err := os.Create(filepath.Join(dir, "client.out"))
	if err != nil {
		return 0, 0, err
	}
	defer out.Close()
	errPath := filepath.Join(dir, "client.err")
	errFile, err := os.Create(errPath)
	if err != nil {
		return 0, 0, err
	}
	cmd.Stdout, cmd.Stderr = out, errFile
	start := time.Now()
	c, err := startDirect("client", cmd)
	errFile.Close()
	if err != nil {
		return 0, 0, fmt.Errorf("cannot run %s: %v", p.Client, err)
	}
	c.errPath = errPath
	defer c.stop()

	ended := func() error {
		return fmt.Errorf("the client ended before the end of the idle window: %s %s", c.ending(), c.stderr())
	}
	select {
	case conn := <-accepted:
		defer conn.Close()
	case <-c.done:
		return 0, 0, ended()
	case <-time.After(bound):
		return 0, 0, fmt.Errorf("the client did not connect within %v", bound)
	case <-ctx.Done():
		return 0, 0, ctx.Err()
	}
	select {
	case <-time.After(b.Idle):
	case <-c.done:
		return 0, 0, ended()
	case <-ctx.Done():
		return 0, 0, ctx.Err()
	}
	c.stop()
	wall = time.Since(start)
	if c.state == nil {
		return 0, 0, fmt.Errorf("the client's CPU time could not be read: %v", c.err)
	}
	return c.state.UserTime() + c.state.SystemTime(), wall, nil
}
