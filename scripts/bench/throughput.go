package bench

import (
	"context"
	"fmt"
	"time"
)

// throughputs runs the throughput measurement at each size, stdout to
// files, then on pseudo-terminals.
func (b *bench) throughputs(ctx context.Context) error {
	for _, tty := range []bool{false, true} {
		for _, n := range b.Lines {
			b.printf("\n=== %s\n", b.T("throughput: %d lines (data1 .. data%d, then shutdown) from a file into the client, %s", n, n, b.outputWords(tty)))
			if tty {
				if err := ptyAvailable(); err != nil {
					b.printf("  %s\n", b.T("not measured: %v", err))
					break
				}
			}
			measure := b.T("throughput, files, %d lines", n)
			if tty {
				measure = b.T("throughput, pty, %d lines", n)
			}
			b.expect(measure, "ms", fasterThan(n))
			err := b.eachRun(ctx, func(ctx context.Context, p Pair, i int) error {
				return b.timedRun(ctx, measure, p, i, n, tty)
			})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// outputWords says where the programs' standard output goes.
func (b *bench) outputWords(tty bool) string {
	if tty {
		return b.Lang.Words("each program's stdout on a pseudo-terminal the lab drains as a terminal would")
	}
	return b.Lang.Words("each program's stdout to a file")
}

// ptyAvailable says why a pseudo-terminal cannot be opened here, if not.
func ptyAvailable() error {
	master, slave, err := openPty()
	if err == nil {
		master.Close()
		slave.Close()
	}
	return err
}

// huge runs the long run once for each pair, stdout to files: it must
// complete with every byte checked.
func (b *bench) huge(ctx context.Context) error {
	n := b.HugeLines
	if n == 0 {
		return nil
	}
	b.printf("\n=== %s\n", b.T("%d lines, once for each pair, each program's stdout to a file: every byte checked", n))
	measure := b.T("%d lines, files", n)
	b.expect(measure, "ms", completes)
	for _, p := range b.Pairs {
		if err := b.timedRun(ctx, measure, p, 1, n, false); err != nil {
			return err
		}
	}
	return nil
}

// timedRun is one throughput run: it prints its time and records it, or
// records what failed.
func (b *bench) timedRun(ctx context.Context, measure string, p Pair, i, n int, tty bool) error {
	r := &pairRun{pair: p, lines: n, tty: tty, start: startDirect,
		name: fmt.Sprintf("%s-%d-%s-%d", map[bool]string{false: "files", true: "pty"}[tty], n, p.Name, i)}
	if err := b.run(ctx, r); err != nil {
		return err
	}
	ms := float64(r.elapsed) / float64(time.Millisecond)
	b.printf("  %s", b.T("run %d  %s %10.1f ms %10.0f lines/s", i, b.pair(p), ms, float64(n)/r.elapsed.Seconds()))
	if r.reads == 1 {
		b.printf("  %s", b.Lang.Words("(the server answered in 1 read)"))
	} else if r.reads > 1 {
		b.printf("  %s", b.T("(the server answered in %d reads)", r.reads))
	}
	if b.endRunLine(b.runName(measure, p, i), r.failed) {
		return nil
	}
	b.record(measure, p.Name, ms)
	return nil
}
