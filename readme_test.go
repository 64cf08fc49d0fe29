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
	enTerms, zhTerms := readmeTerms(string(en)), readmeTerms(string(zh))
	if len(enTerms) < 30 {
		t.Fatalf("found only %d commands and flags in README.md: %v", len(enTerms), sorted(enTerms))
	}
	for term := range enTerms {
		if !zhTerms[term] {
			t.Errorf("README.zh-CN.md does not mention %q", term)
		}
	}
	for term := range zhTerms {
		if !enTerms[term] {
			t.Errorf("README.zh-CN.md mentions %q, README.md does not", term)
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
