package bench

import (
	"fmt"
	"sort"
	"strings"

	"graceclose/scripts/lang"
)

// Figure is the median of one measurement for one pair.
type Figure struct {
	Measure string  // "throughput, files, 20000 lines"
	Pair    string  // "this"
	Unit    string  // "ms", "s", "MiB", "x"
	Median  float64 // of the runs that passed their checks
	Runs    int     // how many did
}

// series is one measurement's values, each pair's, and what it aims at.
type series struct {
	measure, unit string
	values        map[string][]float64
	target        target
}

// A target says, from each pair's median (absent: no run passed), whether
// the project's aim for a measurement is met, in p's language: "at most
// 0.6x: target met". The exit status never depends on it.
type target func(p *lang.Printer, medians map[string]float64, this, other string) string

// expect declares a measurement, its unit and its target (or nil).
func (b *bench) expect(measure, unit string, t target) {
	if b.series == nil {
		b.series = map[string]*series{}
	}
	if _, ok := b.series[measure]; !ok {
		b.series[measure] = &series{measure: measure, unit: unit, values: map[string][]float64{}, target: t}
		b.order = append(b.order, measure)
	}
}

// record adds a value of a pair's run that passed its checks.
func (b *bench) record(measure, pair string, v float64) {
	s := b.series[measure]
	s.values[pair] = append(s.values[pair], v)
}

// median is the middle value (the mean of the two middle ones).
func median(vs []float64) float64 {
	s := append([]float64(nil), vs...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// The project's targets for the pair (from its issue on speed and memory).
const (
	fasterTarget = 0.6 // at most this times the other pair's time
	flatTarget   = 1.2 // peak memory at the larger size within this of the smaller
)

// fasterThan is the throughput target, at the sizes it was set for.
func fasterThan(lines int) target {
	if lines != 20000 && lines != 200000 {
		return nil
	}
	return func(p *lang.Printer, m map[string]float64, this, other string) string {
		mine, ok1 := m[this]
		theirs, ok2 := m[other]
		if !ok1 || !ok2 || theirs == 0 {
			return p.T("at most %.1fx the other pair's: needs both pairs", fasterTarget)
		}
		return p.T("at most %.1fx: %s", fasterTarget, metWords(p, mine/theirs <= fasterTarget))
	}
}

// completes is the long run's target: it ends, every byte checked.
func completes(p *lang.Printer, m map[string]float64, this, _ string) string {
	_, ok := m[this]
	return p.T("completes, every byte checked: %s", metWords(p, ok))
}

// flat is the memory target, on the ratio of the two sizes' peaks.
func flat(p *lang.Printer, m map[string]float64, this, _ string) string {
	ratio, ok := m[this]
	return p.T("within %.1fx: %s", flatTarget, metWords(p, ok && ratio <= flatTarget))
}

func metWords(p *lang.Printer, met bool) string {
	if met {
		return p.Words("target met")
	}
	return p.Words("target NOT met")
}

// summary prints each measurement's medians, the ratio of the first pair's
// to the second's, and the target, and keeps them in the report.
func (b *bench) summary() {
	this, other := b.Pairs[0].Name, ""
	if len(b.Pairs) > 1 {
		other = b.Pairs[1].Name
	}
	b.printf("\n=== %s\n%-34s", b.Lang.Words("medians"), "")
	for _, p := range b.Pairs {
		b.printf(" %s", padLeft(PairName(b.Lang, p.Name), 12))
	}
	if other != "" {
		b.printf(" %s", padLeft(PairName(b.Lang, this)+"/"+PairName(b.Lang, other), 10))
	}
	b.printf("  %s\n", b.Lang.Words("target"))
	for _, measure := range b.order {
		s := b.series[measure]
		medians := map[string]float64{}
		b.printf("%s", lang.Pad(measure, 34))
		for _, p := range b.Pairs {
			vs := s.values[p.Name]
			if len(vs) == 0 {
				b.printf(" %12s", "-")
				continue
			}
			m := median(vs)
			medians[p.Name] = m
			b.report.Figures = append(b.report.Figures, Figure{Measure: measure, Pair: p.Name, Unit: s.unit, Median: m, Runs: len(vs)})
			b.printf(" %12s", formatValue(m, s.unit))
		}
		if other != "" {
			// A ratio of two ratios says nothing.
			if mine, theirs := medians[this], medians[other]; mine > 0 && theirs > 0 && s.unit != "x" {
				b.printf(" %9.2fx", mine/theirs)
			} else {
				b.printf(" %10s", "")
			}
		}
		if s.target != nil {
			b.printf("  %s", s.target(b.Lang, medians, this, other))
		}
		b.printf("\n")
	}
}

// padLeft fills text with spaces on its left to width columns.
func padLeft(text string, width int) string {
	return strings.Repeat(" ", max(0, width-lang.Width(text))) + text
}

// formatValue writes a value in its unit: "36.2 ms", "8.12 s", "5.1 MiB".
func formatValue(v float64, unit string) string {
	switch unit {
	case "ms":
		if v >= 10000 {
			return fmt.Sprintf("%.2f s", v/1000)
		}
		if v < 10 {
			return fmt.Sprintf("%.2f ms", v)
		}
		return fmt.Sprintf("%.1f ms", v)
	case "s":
		return fmt.Sprintf("%.3f s", v)
	case "MiB":
		return fmt.Sprintf("%.1f MiB", v)
	case "x":
		return fmt.Sprintf("%.2fx", v)
	}
	return strings.TrimSpace(fmt.Sprintf("%g %s", v, unit))
}
