package graceclose_test

import (
	"os"
	"regexp"
	"sort"
	"testing"
)

// TestReadmesAgree: the Chinese README, for the course's readers, names
// every command, script and flag the English one does, so neither can fall
// behind without this test saying so.
func TestReadmesAgree(t *testing.T) {
	en, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	zh, err := os.ReadFile("README.zh-CN.md")
	if err != nil {
		t.Fatal(err)
	}
	if enTerms := readmeTerms(string(en)); len(enTerms) < 30 {
		t.Fatalf("found only %d commands and flags in README.md: %v", len(enTerms), sorted(enTerms))
	}
	wantSameTerms(t, "README.md", string(en), "README.zh-CN.md", string(zh))
}

// wantSameTerms checks that the Chinese text zh names every command, script
// and flag the English en does, and no other.
func wantSameTerms(t *testing.T, enName, en, zhName, zh string) {
	t.Helper()
	enTerms, zhTerms := readmeTerms(en), readmeTerms(zh)
	for term := range enTerms {
		if !zhTerms[term] {
			t.Errorf("%s does not mention %q", zhName, term)
		}
	}
	for term := range zhTerms {
		if !enTerms[term] {
			t.Errorf("%s mentions %q, %s does not", zhName, term, enName)
		}
	}
}

var (
	flagRe    = regexp.MustCompile("`(--?[a-z][a-z-]*)[ `]")
	scriptRe  = regexp.MustCompile(`scripts/[a-z_]+(\.sh|\.go)?`)
	commandRe = regexp.MustCompile("`(/[a-z]+)")
	goCmdRe   = regexp.MustCompile(`go (test|build|install) [^\n` + "`" + `#]*`)
)

// readmeTerms collects what a reader types: flags, scripts, client commands, go commands.
func readmeTerms(text string) map[string]bool {
	terms := map[string]bool{}
	for _, re := range []*regexp.Regexp{flagRe, commandRe} {
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			terms[m[1]] = true
		}
	}
	for _, re := range []*regexp.Regexp{scriptRe, goCmdRe} {
		for _, m := range re.FindAllString(text, -1) {
			terms[trimSpace(m)] = true
		}
	}
	return terms
}

func trimSpace(s string) string {
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '(') {
		s = s[:len(s)-1]
	}
	return s
}

func sorted(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
