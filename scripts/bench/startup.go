package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// startup measures the server's time from its start (fork and exec) to a
// listening port: the lab starts it, then tries to connect to it, pausing
// 0.1 ms between attempts, until a connect succeeds (the kernel completes
// the handshake once the socket listens, before accept). It closes that
// connection at once: the server, which accepts one client, takes it,
// reads its end and exits with "client closed", which also shows that the
// listener was the server and not another program on the port.
func (b *bench) startup(ctx context.Context) error {
	b.printf("\n=== %s\n", b.Lang.Words("startup: the server's time from its start (fork and exec) to a listening port"))
	b.printf("    %s\n", b.T("(connect attempts to %s, pausing 0.1 ms between them; the server accepts the one that succeeds, sees it close and ends)", Host))
	measure := b.Lang.Words("startup, server to listening")
	b.expect(measure, "ms", nil)
	return b.eachRun(ctx, func(ctx context.Context, p Pair, i int) error {
		what := b.runName(measure, p, i)
		res, err := b.startupRun(ctx, p, i)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			b.printf("  %s\n", b.T("run %d  %s FAILED: not measured", i, b.pair(p)))
			b.fail(what, err)
			return nil
		}
		ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
		b.printf("  %s", b.T("run %d  %s %7.2f ms", i, b.pair(p), ms(res.elapsed)))
		if res.tries == 1 {
			b.printf("  %s", b.T("(the first connect, begun at %.2f ms, succeeded)", ms(res.begun)))
		} else {
			b.printf("  %s", b.T("(%d connects; the last refused began at %.2f ms, the one that succeeded at %.2f)", res.tries, ms(res.refused), ms(res.begun)))
		}
		if res.failed != nil {
			b.printf("  %s\n", b.Lang.Words("FAILED: not counted"))
			b.fail(what, res.failed)
			return nil
		}
		b.printf("\n")
		b.record(measure, p.Name, ms(res.elapsed))
		return nil
	})
}

// startupResult is one run's: when the connect that succeeded returned,
// the attempts, when the last refused one and the one that succeeded
// began (the port began to listen in between), all since the start.
type startupResult struct {
	elapsed, refused, begun time.Duration
	tries                   int
	failed                  error // how the server ended, if not as expected
}

func (b *bench) startupRun(ctx context.Context, p Pair, i int) (*startupResult, error) {
	dir, err := b.runDir(fmt.Sprintf("startup-%s-%d", p.Name, i))
	if err != nil {
		return nil, err
	}
	defer b.done(dir)
	for attempt := 1; ; attempt++ {
		port, err := b.port()
		if err != nil {
			return nil, err
		}
		res, s, err := b.startAndConnect(ctx, p, port, dir)
		if s == nil || err == nil {
			return res, err
		}
		if b.Port == 0 && attempt < 5 && strings.Contains(s.stderr(), "in use") {
			continue
		}
		return nil, err
	}
}

// startAndConnect starts the server at port and connects to it as soon as
// it can.
func (b *bench) startAndConnect(ctx context.Context, p Pair, port int, dir string) (*startupResult, *proc, error) {
	cmd := p.serverCommand(port)
	out, err := os.Create(filepath.Join(dir, "server.out"))
	if err != nil {
		return nil, nil, err
	}
	defer out.Close()
	errPath := filepath.Join(dir, "server.err")
	errFile, err := os.Create(errPath)
	if err != nil {
		return nil, nil, err
	}
	cmd.Stdout, cmd.Stderr = out, errFile
	res := &startupResult{}
	t0 := time.Now()
	s, err := startDirect("server", cmd)
	errFile.Close()
	if err != nil {
		return nil, nil, fmt.Errorf("cannot run %s: %v", p.Server, err)
	}
	s.errPath = errPath
	defer s.stop()
	for res.tries = 1; ; res.tries++ {
		begun := time.Since(t0)
		ok, err := tryConnect(port)
		if ok {
			res.elapsed, res.begun = time.Since(t0), begun
			break
		}
		if err != nil {
			return nil, s, err
		}
		res.refused = begun
		switch {
		case s.ended():
			return nil, s, fmt.Errorf("the server did not listen on port %d (%s) %s", port, s.ending(), s.stderr())
		case time.Since(t0) > bound:
			return nil, s, fmt.Errorf("the server did not listen on port %d within %v", port, bound)
		case ctx.Err() != nil:
			return nil, s, ctx.Err()
		}
		// The kernel's own sleep, select with no descriptors (as perl's
		// sleep 0.0001): Go's timers wake no sooner than a millisecond
		// on some systems.
		_, _ = unix.Select(0, nil, nil, nil, &unix.Timeval{Usec: 100})
	}
	s.waitFor(bound)
	res.failed = s.checkEnd("client closed")
	return res, s, nil
}

// tryConnect makes one attempt to connect to Host:port and closes the
// connection: true if it was made, false if refused.
func tryConnect(port int) (bool, error) {
	// Not inherited by a program started meanwhile: the lock is the one
	// the os package holds while it forks.
	syscall.ForkLock.RLock()
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM, 0)
	if err == nil {
		unix.CloseOnExec(fd)
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return false, os.NewSyscallError("socket", err)
	}
	defer unix.Close(fd)
	switch err := unix.Connect(fd, &unix.SockaddrInet4{Port: port, Addr: [4]byte{127, 0, 0, 1}}); err {
	case nil:
		return true, nil
	case unix.ECONNREFUSED, unix.EINTR:
		return false, nil
	default:
		return false, os.NewSyscallError("connect", err)
	}
}
