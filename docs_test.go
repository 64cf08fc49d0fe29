package graceclose_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestClosingDocsAgree: docs/closing.zh-CN.md is docs/closing.md for the
// course's readers, kept in step with it: the same sections (headings at
// each level, in the same order of levels), the same excerpts (every
// fenced block, byte for byte: they are the programs' and scripts' own
// output and commands), tables of the same size, and the same commands,
// scripts and flags named in the prose.
func TestClosingDocsAgree(t *testing.T) {
	en := readDoc(t, "docs/closing.md")
	zh := readDoc(t, "docs/closing.zh-CN.md")
	if got, want := headingLevels(zh), headingLevels(en); got != want {
		t.Errorf("the sections differ: docs/closing.zh-CN.md has heading levels %q, docs/closing.md %q", got, want)
	}
	enBlocks, zhBlocks := fencedBlocks(en), fencedBlocks(zh)
	if len(enBlocks) < 20 {
		t.Fatalf("found only %d fenced blocks in docs/closing.md", len(enBlocks))
	}
	if len(zhBlocks) != len(enBlocks) {
		t.Errorf("docs/closing.zh-CN.md has %d fenced blocks, docs/closing.md %d", len(zhBlocks), len(enBlocks))
	}
	for i := 0; i < min(len(enBlocks), len(zhBlocks)); i++ {
		if zhBlocks[i] != enBlocks[i] {
			t.Errorf("fenced block %d differs:\ndocs/closing.md:\n%s\ndocs/closing.zh-CN.md:\n%s", i+1, enBlocks[i], zhBlocks[i])
			break
		}
	}
	if got, want := tableRows(zh), tableRows(en); got != want {
		t.Errorf("docs/closing.zh-CN.md has %d table rows, docs/closing.md %d", got, want)
	}
	wantSameTerms(t, "docs/closing.md", prose(en), "docs/closing.zh-CN.md", prose(zh))
}

func readDoc(t *testing.T, path string) string {
	t.Helper()
	text, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(text)
}

var fenceRe = regexp.MustCompile("(?ms)^```[a-z]*\n.*?^```$")

// fencedBlocks are the text's fenced blocks, fences included.
func fencedBlocks(text string) []string { return fenceRe.FindAllString(text, -1) }

// prose is the text without its fenced blocks and tables: what is
// translated.
func prose(text string) string {
	var out []string
	for _, line := range strings.Split(fenceRe.ReplaceAllString(text, ""), "\n") {
		if !strings.HasPrefix(line, "|") {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// headingLevels is the level of each heading, in order: "2 2 3 3 2".
func headingLevels(text string) string {
	var levels []string
	for _, line := range strings.Split(fenceRe.ReplaceAllString(text, ""), "\n") {
		if marks, _, ok := strings.Cut(line, " "); ok && marks != "" && strings.Trim(marks, "#") == "" {
			levels = append(levels, marks)
		}
	}
	return strings.Join(levels, " ")
}

// tableRows counts the table lines outside fenced blocks.
func tableRows(text string) int {
	n := 0
	for _, line := range strings.Split(fenceRe.ReplaceAllString(text, ""), "\n") {
		if strings.HasPrefix(line, "|") {
			n++
		}
	}
	return n
}
