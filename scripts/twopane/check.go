package twopane

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"graceclose/scripts/scenario"
)

// check types the lesson on the private server, then prints the panes
// side by side, compares each with its program's transcript and gives
// the verdict. Interrupted, it prints the panes as they were.
func (r *run) check(ctx context.Context) (*Result, error) {
	err := r.lesson(ctx)
	res := &Result{Panes: map[string][]string{}, Interrupted: ctx.Err() != nil}
	if err != nil && !res.Interrupted {
		return nil, err
	}
	look := ctx
	if res.Interrupted {
		var cancel context.CancelFunc
		look, cancel = context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
	}
	var titles []string
	var cols [][]string
	for _, p := range r.panes {
		lines, err := r.screen(look, p)
		if err != nil && !res.Interrupted {
			return nil, err
		}
		res.Panes[p.who] = lines
		titles = append(titles, p.title)
		cols = append(cols, lines)
	}
	fmt.Fprintln(r.out)
	sideBySide(r.out, titles, cols)
	if res.Interrupted {
		fmt.Fprintln(r.out, r.Words("interrupted: the panes above are what they showed until then"))
		return res, nil
	}

	res.Differences = append(res.Differences, r.diffs...)
	var ends []string
	for _, p := range r.panes {
		lines := res.Panes[p.who]
		r.writeLog(p.who+".pane", lines)
		if t, full := r.sc.Transcript(p.who); full {
			want := r.transcriptPane(p, t)
			r.writeLog(p.who+".want", want)
			if !slices.Equal(want, lines) {
				res.Differences = append(res.Differences,
					r.T("the %s's pane is not its transcript (- the transcript, + the pane):", r.Words(p.who)))
				for _, d := range lineDiff(want, lines) {
					res.Differences = append(res.Differences, "  "+d)
				}
			}
		}
		ends = append(ends, r.T("%s pane: %s", r.Words(p.who), r.describe(p, lines)))
	}
	r.writeLog("differences", res.Differences)

	fmt.Fprintf(r.out, "\n%s\n", r.T("verdict: %s", r.cfg.Title+": "+strings.Join(ends, r.Words("; "))))
	if len(res.Differences) == 0 {
		fmt.Fprintf(r.out, "  %s\n", r.T("this is %s", r.cfg.Against))
		return res, nil
	}
	fmt.Fprintf(r.out, "  %s\n", r.T("this differs from %s:", r.cfg.Against))
	for _, d := range res.Differences {
		fmt.Fprintf(r.out, "  %s\n", d)
	}
	return res, nil
}

// transcriptPane is the pane the program's transcript gives, with its
// command line as typed (or as it would have been, if it never was).
func (r *run) transcriptPane(p *pane, t scenario.Transcript) []string {
	if p.command == "" {
		command, err := scenario.Fill(r.sc.Command(p.who), r.params)
		if err == nil {
			q := *p
			q.command = r.typed(command)
			return q.want(t)
		}
	}
	return p.want(t)
}

// writeLog writes lines into the file name of the logs' folder, if any.
func (r *run) writeLog(name string, lines []string) {
	if r.cfg.Logs == "" {
		return
	}
	if err := os.MkdirAll(r.cfg.Logs, 0o755); err != nil {
		return
	}
	text := strings.Join(lines, "\n")
	if len(lines) > 0 {
		text += "\n"
	}
	_ = os.WriteFile(filepath.Join(r.cfg.Logs, name), []byte(text), 0o644)
}
