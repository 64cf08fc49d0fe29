package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// pairRun is one run of a pair: n lines and shutdown from a file into the
// client, the server answering at once.
type pairRun struct {
	pair  Pair
	lines int
	tty   bool    // standard output on pseudo-terminals, else files
	start starter // how the programs are started
	name  string  // the run's folder

	elapsed        time.Duration // from the client's start to its exit
	client, server *proc
	reads          int     // the server's "received" lines
	failed         []error // the checks that failed
}

// clientBound is how long a client may take for n lines.
func clientBound(n int) time.Duration {
	return bound + time.Duration(n)*500*time.Microsecond
}

// run carries out the run. An error means it could not (or ctx ended);
// a check that fails is in r.failed.
func (b *bench) run(ctx context.Context, r *pairRun) error {
	dir, err := b.runDir(r.name)
	if err != nil {
		return err
	}
	defer b.done(dir)
	input, err := b.input(r.lines)
	if err != nil {
		return err
	}
	replies, reads := newReplyCheck(r.lines, r.tty), &readCount{}
	serverOut, err := b.sink(r.tty, filepath.Join(dir, "server.out"), reads)
	if err != nil {
		return err
	}
	defer serverOut.close()
	clientOut, err := b.sink(r.tty, filepath.Join(dir, "client.out"), replies)
	if err != nil {
		return err
	}
	defer clientOut.close()

	var port int
	r.server, port, err = b.startServer(ctx, r.pair, r.start, serverOut.file, dir)
	if err != nil {
		return err
	}
	defer r.server.stop()
	serverOut.started()
	stdin, err := os.Open(input)
	if err != nil {
		return err
	}
	defer stdin.Close()
	errPath := filepath.Join(dir, "client.err")
	errFile, err := os.Create(errPath)
	if err != nil {
		return err
	}
	cmd := r.pair.clientCommand(port)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, clientOut.file, errFile
	t0 := time.Now()
	r.client, err = r.start("client", cmd)
	errFile.Close()
	if err != nil {
		return fmt.Errorf("cannot run %s: %v", r.pair.Client, err)
	}
	r.client.errPath = errPath
	defer r.client.stop()
	clientOut.started()
	stuck := b.watchProgress(ctx, r, clientOut, serverOut)
	r.elapsed = time.Since(t0)
	if err := ctx.Err(); err != nil {
		return err
	}
	if stuck != nil {
		// Both were stopped: how each then ended says nothing more.
		r.failed = append(r.failed, stuck)
		return nil
	}
	// The client ends on the server's FIN: the server has closed and is
	// ending.
	r.server.waitFor(stall)

	for _, out := range []*sink{clientOut, serverOut} {
		if err := out.finish(bound); err != nil {
			r.failed = append(r.failed, err)
		}
	}
	r.reads = reads.n
	if err := replies.result(); err != nil {
		r.failed = append(r.failed, err)
	}
	for _, c := range []struct {
		p     *proc
		words string
	}{{r.server, "client closed"}, {r.client, "server terminated"}} {
		if err := c.p.checkEnd(c.words); err != nil {
			r.failed = append(r.failed, err)
		}
	}
	return nil
}

// sink is where a program's output goes: a file at path, or a pty.
func (b *bench) sink(tty bool, path string, to io.Writer) (*sink, error) {
	if tty {
		return ptySink(to)
	}
	return fileSink(path, to)
}

// watchProgress waits for the client to end. If neither program has
// written anything for a while (each blocked writing to the other), or
// the client runs past its bound, it stops both and says so.
func (b *bench) watchProgress(ctx context.Context, r *pairRun, outs ...*sink) error {
	limit := time.NewTimer(clientBound(r.lines))
	defer limit.Stop()
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	last, since := int64(-1), time.Now()
	for {
		select {
		case <-r.client.done:
			return nil
		case <-ctx.Done():
			r.client.stop()
			return nil
		case <-limit.C:
			r.client.stop()
			r.server.stop()
			return fmt.Errorf("the client was still running after %.0f s: both stopped", clientBound(r.lines).Seconds())
		case <-tick.C:
			var n int64
			for _, o := range outs {
				n += o.size()
			}
			if n != last {
				last, since = n, time.Now()
			} else if time.Since(since) > stall {
				r.client.stop()
				r.server.stop()
				return fmt.Errorf("stuck: neither program wrote anything for %.0f s (each blocked writing to the other?): both stopped", stall.Seconds())
			}
		}
	}
}
