package bench

import (
	"fmt"
	"sort"
	"strings"
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
// the project's aim for a measurement is met: "at most 0.6x: met". The
// exit status never depends on it.
type target func(medians map[string]float64, this, other string) string

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
	return func(m map[string]float64, this, other string) string {
		mine, ok1 := m[this]
		theirs, ok2 := m[other]
		if !ok1 || !ok2 || theirs == 0 {
			return fmt.Sprintf("at most %.1fx the other pair's: needs both pairs", fasterTarget)
		}
		return fmt.Sprintf("at most %.1fx: %s", fasterTarget, metWords(mine/theirs <= fasterTarget))
	}
}

// completes is the long run's target: it ends, every byte checked.
func completes(m map[string]float64, this, _ string) string {
	_, ok := m[this]
	return "completes, every byte checked: " + metWords(ok)
}

// flat is the memory target, on the ratio of the two sizes' peaks.
func flat(m map[string]float64, this, _ string) string {
	ratio, ok := m[this]
	return fmt.Sprintf("within %.1fx: %s", flatTarget, metWords(ok && ratio <= flatTarget))
}

func metWords(met bool) string {
	if met {
		return "target met"
	}
	return "target NOT met"
}

// summary prints each measurement's medians, the ratio of the first pair's
// to the second's, and the target, and keeps them in the report.
func (b *bench) summary() {
	this, other := b.Pairs[0].Name, ""
	if len(b.Pairs) > 1 {
		other = b.Pairs[1].Name
	}
	b.printf("\n=== medians\n%-34s", "")
	for _, p := range b.Pairs {
		b.printf(" %12s", p.Name)
	}
	if other != "" {
		b.printf(" %10s", this+"/"+other)
	}
	b.printf("  target\n")
	for _, measure := range b.order {
		s := b.series[measure]
		medians := map[string]float64{}
		b.printf("%-34s", measure)
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
			b.printf("  %s", s.target(medians, this, other))
		}
		b.printf("\n")
	}
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
