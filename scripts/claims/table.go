package claims

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Row is one claim's line in the table: the claim, the experiment, what
// this machine did, and the verdict.
type Row struct {
	Experiment string
	Claim      Claim
	Observed   string // what the experiment measured, once per experiment
	Verdict    string // holds, does not hold, not measured
	Why        string // what was seen that says so
	Recorded   string // the verdict recorded for this system
}

// Differs reports whether the row's verdict contradicts the one recorded.
func (r Row) Differs() bool {
	return r.Verdict != notMeasured && r.Recorded != unrecorded && r.Recorded != r.Verdict
}

// mark says the verdict and how it stands with the one recorded.
func (r Row) mark(system string) string {
	switch {
	case r.Verdict == notMeasured:
		return "NOT MEASURED: " + r.Why
	case r.Recorded == unrecorded:
		return fmt.Sprintf("%s: %s (unrecorded for %s)", r.Verdict, r.Why, system)
	case r.Differs():
		return fmt.Sprintf("%s: %s (DIFFERS: recorded for %s: %s)", r.Verdict, r.Why, system, r.Recorded)
	}
	return fmt.Sprintf("%s: %s (as recorded for %s)", r.Verdict, r.Why, system)
}

// Tally counts the rows: checked, as recorded, differing, unrecorded, not
// measured.
type Tally struct{ Checked, Agree, Differ, Unrecorded, Unmeasured int }

// Count tallies rows.
func Count(rows []Row) Tally {
	var t Tally
	for _, r := range rows {
		t.Checked++
		switch {
		case r.Verdict == notMeasured:
			t.Unmeasured++
		case r.Recorded == unrecorded:
			t.Unrecorded++
		case r.Differs():
			t.Differ++
		default:
			t.Agree++
		}
	}
	return t
}

// String is the tally's line.
func (t Tally) String(system string) string {
	return fmt.Sprintf("claims: %d checked, %d as recorded for %s, %d differ, %d unrecorded, %d not measured",
		t.Checked, t.Agree, system, t.Differ, t.Unrecorded, t.Unmeasured)
}

// WriteText writes the table for a terminal, at most width columns: a
// block per claim, the claim, then (once per experiment) what this machine
// did, then the verdict, each wrapped and indented.
func WriteText(w io.Writer, rows []Row, system string, width int) {
	last := ""
	for i, r := range rows {
		fmt.Fprintf(w, "\n%s\n", strings.Join(Wrap(fmt.Sprintf("%2d. %s: \"%s\"", i+1, r.Claim.Source, r.Claim.Text), width, "    "), "\n"))
		if r.Experiment != last {
			fmt.Fprintf(w, "%s\n", strings.Join(Wrap("    "+r.Experiment+": "+r.Observed, width, "      "), "\n"))
			last = r.Experiment
		} else {
			fmt.Fprintf(w, "    %s: (the same run)\n", r.Experiment)
		}
		fmt.Fprintf(w, "%s\n", strings.Join(Wrap("    => "+r.mark(system), width, "       "), "\n"))
	}
}

// WriteMarkdown writes the table as Markdown (docs/closing.md's).
func WriteMarkdown(w io.Writer, rows []Row, system string) {
	fmt.Fprintln(w, "| claim | experiment | what this machine did | verdict here |")
	fmt.Fprintln(w, "| --- | --- | --- | --- |")
	last := ""
	for _, r := range rows {
		observed := r.Observed
		if r.Experiment == last {
			observed = "(the same run)"
		}
		last = r.Experiment
		mark := r.mark(system)
		if r.Verdict != notMeasured {
			mark = "**" + r.Verdict + "**" + strings.TrimPrefix(mark, r.Verdict)
		}
		fmt.Fprintf(w, "| %s: \"%s\" | `%s` | %s | %s |\n", r.Claim.Source, r.Claim.Text, r.Experiment, observed, mark)
	}
}

// Wrap cuts text into lines of at most width runes at spaces, the lines
// after the first starting with indent.
func Wrap(text string, width int, indent string) []string {
	var out []string
	line := ""
	for _, word := range strings.Fields(text) {
		if line == "" {
			if len(out) > 0 {
				line = indent
			} else if lead := len(text) - len(strings.TrimLeft(text, " ")); lead > 0 {
				line = text[:lead]
			}
			line += word
			continue
		}
		if utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) > width {
			out = append(out, line)
			line = indent + word
			continue
		}
		line += " " + word
	}
	return append(out, line)
}
