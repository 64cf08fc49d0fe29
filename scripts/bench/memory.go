package bench

import (
	"context"
	"fmt"
	"syscall"
)

// memory measures each program's peak resident memory (ru_maxrss, from
// wait4's rusage) in a throughput run at two sizes, and whether it stays
// flat from one to the other.
func (b *bench) memory(ctx context.Context) error {
	small, large := b.Memory[0], b.Memory[1]
	if small == 0 {
		return nil
	}
	b.printf("\n=== %s\n", b.T("peak memory: ru_maxrss of each program (wait4's rusage) in a throughput run of %d, then %d lines, stdout to files", small, large))
	b.printf("    %s\n", b.Lang.Words(cleanLaunch))
	for _, n := range []int{small, large} {
		for _, prog := range []string{"client", "server"} {
			b.expect(b.memoryMeasure(prog, n), "MiB", nil)
		}
		err := b.eachRun(ctx, func(ctx context.Context, p Pair, i int) error {
			return b.memoryRun(ctx, p, i, n)
		})
		if err != nil {
			return err
		}
	}
	for _, prog := range []string{"client", "server"} {
		measure := b.T("peak memory, %s, %dk / %dk lines", b.Lang.Words(prog), large/1000, small/1000)
		b.expect(measure, "x", flat)
		for _, p := range b.Pairs {
			at := func(n int) []float64 { return b.series[b.memoryMeasure(prog, n)].values[p.Name] }
			if len(at(small)) > 0 && len(at(large)) > 0 {
				b.record(measure, p.Name, median(at(large))/median(at(small)))
			}
		}
	}
	return nil
}

func (b *bench) memoryMeasure(prog string, lines int) string {
	return b.T("peak memory, %s, %d lines", b.Lang.Words(prog), lines)
}

// memoryRun is one run for the peak memory of both programs.
func (b *bench) memoryRun(ctx context.Context, p Pair, i, n int) error {
	r := &pairRun{pair: p, lines: n, start: startClean, name: fmt.Sprintf("memory-%d-%s-%d", n, p.Name, i)}
	if err := b.run(ctx, r); err != nil {
		return err
	}
	client, server := peakMiB(r.client), peakMiB(r.server)
	b.printf("  %s", b.T("run %d  %s client %7.1f MiB   server %7.1f MiB", i, b.pair(p), client, server))
	if b.endRunLine(b.T("peak memory, %d lines, %s, run %d", n, PairName(b.Lang, p.Name), i), r.failed) {
		return nil
	}
	b.record(b.memoryMeasure("client", n), p.Name, client)
	b.record(b.memoryMeasure("server", n), p.Name, server)
	return nil
}

// peakMiB is an ended program's peak resident memory, in MiB.
func peakMiB(p *proc) float64 {
	<-p.done
	if p.state == nil {
		return 0
	}
	ru, ok := p.state.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	return float64(maxRSS(ru)) / 1024
}
