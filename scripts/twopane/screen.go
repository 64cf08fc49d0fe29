package twopane

import (
	"context"
	"strings"
)

// screen is what a pane shows, line by line, from the start of its
// history: wrapped lines joined (a long command line in a narrow pane is
// still one line), each without its trailing blanks (a terminal cannot
// show them), without the empty rows below the last line.
func (r *run) screen(ctx context.Context, p *pane) ([]string, error) {
	out, err := r.tmux.run(ctx, "capture-pane", "-p", "-J", "-S", "-", "-t", p.id)
	if err != nil {
		return nil, err
	}
	return screenLines(out), nil
}

// screenLines splits a pane's text into lines, as screen returns them.
func screenLines(text string) []string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// prompt is the panes' shell prompt, as a pane shows it once trimmed.
const prompt = "$"

// hasPrompt reports whether the pane shows its shell's prompt.
func hasPrompt(lines []string) bool {
	for _, l := range lines {
		if l == prompt {
			return true
		}
	}
	return false
}

// ended reports whether the shell's prompt is back after the command line
// typed (its last time): the command has ended.
func ended(lines []string, typed string) bool {
	seen := -1
	for i, l := range lines {
		if l == prompt+" "+typed {
			seen = i
		}
	}
	return seen >= 0 && seen < len(lines)-1 && lines[len(lines)-1] == prompt
}

// lastWords is what the pane showed last before its prompt came back:
// what the program printed last (or what was typed last).
func lastWords(lines []string) string {
	if len(lines) < 2 {
		return ""
	}
	return lines[len(lines)-2]
}
