package claims

import (
	"fmt"
	"io"
	"strings"

	"graceclose/scripts/lang"
)

// Row is one claim's line in the table: the claim, the experiment, what
// this machine did, and the verdict.
type Row struct {
	Experiment string
	Claim      Claim
	Observed   string // what the experiment measured, once per experiment
	Verdict    string // holds, does not hold, not measured, skipped
	Why        string // what was seen that says so (skipped: why)
	Recorded   string // the verdict recorded for this system
}

// Differs reports whether the row's verdict contradicts the one recorded.
func (r Row) Differs() bool {
	return r.Verdict != notMeasured && r.Verdict != Skipped && r.Recorded != unrecorded && r.Recorded != r.Verdict
}

// mark says the verdict and how it stands with the one recorded, in p's
// language: the verdict, then the rest.
func (r Row) mark(p *lang.Printer, system string) (verdict, rest string) {
	verdict = verdictWords(p, r.Verdict)
	switch {
	case r.Verdict == notMeasured:
		return p.Words("NOT MEASURED"), p.T(": %s", r.Why)
	case r.Verdict == Skipped:
		return p.Words("skipped"), p.T(": %s", r.Why)
	case r.Recorded == unrecorded:
		return verdict, p.T(": %s (unrecorded for %s)", r.Why, system)
	case r.Differs():
		return verdict, p.T(": %s (DIFFERS: recorded for %s: %s)", r.Why, system, verdictWords(p, r.Recorded))
	}
	return verdict, p.T(": %s (as recorded for %s)", r.Why, system)
}

// verdictWords is a verdict in p's language.
func verdictWords(p *lang.Printer, verdict string) string {
	switch verdict {
	case holds:
		return p.Words("holds")
	case doesNotHold:
		return p.Words("does not hold")
	}
	return verdict
}

// Tally counts the rows: checked, as recorded, differing, unrecorded, not
// measured, skipped (Checked counts the skipped too).
type Tally struct{ Checked, Agree, Differ, Unrecorded, Unmeasured, Skipped int }

// Count tallies rows.
func Count(rows []Row) Tally {
	var t Tally
	for _, r := range rows {
		t.Checked++
		switch {
		case r.Verdict == notMeasured:
			t.Unmeasured++
		case r.Verdict == Skipped:
			t.Skipped++
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

// Summary is the tally's line, in p's language.
func (t Tally) Summary(p *lang.Printer, system string) string {
	line := p.T("claims: %d checked, %d as recorded for %s, %d differ, %d unrecorded, %d not measured",
		t.Checked-t.Skipped, t.Agree, system, t.Differ, t.Unrecorded, t.Unmeasured)
	if t.Skipped > 0 {
		line += p.T("; %d skipped (what they need is missing here)", t.Skipped)
	}
	return line
}

// WriteText writes the table for a terminal, in p's language, at most
// width columns: a block per claim, the claim, then (once per experiment)
// what this machine did, then the verdict, each wrapped and indented.
func WriteText(w io.Writer, p *lang.Printer, rows []Row, system string, width int) {
	last := ""
	for i, r := range rows {
		fmt.Fprintf(w, "\n%s\n", strings.Join(Wrap(fmt.Sprintf("%2d. %s", i+1, claimWords(p, r.Claim)), width, "    "), "\n"))
		if r.Experiment != last {
			fmt.Fprintf(w, "%s\n", strings.Join(Wrap("    "+r.Experiment+": "+r.Observed, width, "      "), "\n"))
			last = r.Experiment
		} else {
			fmt.Fprintf(w, "    %s: %s\n", r.Experiment, p.Words("(the same run)"))
		}
		verdict, rest := r.mark(p, system)
		fmt.Fprintf(w, "%s\n", strings.Join(Wrap("    => "+verdict+rest, width, "       "), "\n"))
	}
}

// WriteMarkdown writes the table as Markdown (docs/closing.md's), in p's
// language.
func WriteMarkdown(w io.Writer, p *lang.Printer, rows []Row, system string) {
	fmt.Fprintln(w, p.Words("| claim | experiment | what this machine did | verdict here |"))
	fmt.Fprintln(w, "| --- | --- | --- | --- |")
	last := ""
	for _, r := range rows {
		observed := r.Observed
		if r.Experiment == last {
			observed = p.Words("(the same run)")
		}
		last = r.Experiment
		verdict, rest := r.mark(p, system)
		if r.Verdict != notMeasured && r.Verdict != Skipped {
			verdict = "**" + verdict + "**"
		}
		fmt.Fprintf(w, "| %s | `%s` | %s | %s |\n", claimWords(p, r.Claim), r.Experiment, observed, verdict+rest)
	}
}

// claimWords is a claim and who makes it, in p's language: `the lesson:
// "close() sends ..."`.
func claimWords(p *lang.Printer, c Claim) string {
	return p.T("%s: \"%s\"", p.Words(c.Source), p.Words(c.Text))
}

// Wrap cuts text into lines of at most width columns at spaces, or
// between two Chinese characters (Chinese has no spaces), the lines after
// the first starting with indent.
func Wrap(text string, width int, indent string) []string {
	var out []string
	line := ""
	for _, word := range strings.Fields(text) {
		for i, piece := range pieces(word) {
			sep := " "
			if i > 0 {
				sep = "" // within a word: between two Chinese characters
			}
			if line == "" {
				if len(out) > 0 {
					line = indent
				} else if lead := len(text) - len(strings.TrimLeft(text, " ")); lead > 0 {
					line = text[:lead]
				}
				line += piece
				continue
			}
			if lang.Width(line)+lang.Width(sep)+lang.Width(piece) > width {
				out = append(out, line)
				line = indent + piece
				continue
			}
			line += sep + piece
		}
	}
	return append(out, line)
}

// pieces cuts a word where a line may break in it (lang's CanBreak: beside
// a Chinese character). A word without Chinese is one piece.
func pieces(word string) []string {
	var out []string
	cur := []rune{}
	for _, r := range word {
		if len(cur) > 0 && lang.CanBreak(cur[len(cur)-1], r) {
			out = append(out, string(cur))
			cur = cur[:0]
		}
		cur = append(cur, r)
	}
	return append(out, string(cur))
}
