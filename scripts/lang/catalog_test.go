package lang

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// translating are the functions and methods whose first argument is a
// message in English: a Printer's T and Words, lang.Mark, and the methods
// that pass their first argument to T (the lab's say and usageError,
// twopane's say and differ).
var translating = map[string]bool{"T": true, "Words": true, "Mark": true, "say": true, "usageError": true, "differ": true}

// messages finds every message the lab says through a Printer: the string
// literal first argument of each call to one of translating, in the Go
// files under scripts/ (tests aside), with where it is.
func messages(t *testing.T) map[string]string {
	t.Helper()
	found := map[string]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok || !translating[sel.Sel.Name] {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			text, err := strconv.Unquote(lit.Value)
			if err == nil {
				found[text] = fset.Position(lit.Pos()).String()
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// TestEveryMessageInChinese: each message the lab says has its Chinese,
// with the same verbs in the same order, so that a learner whose locale is
// Chinese reads the lab's own words in Chinese.
func TestEveryMessageInChinese(t *testing.T) {
	found := messages(t)
	if len(found) < 20 {
		t.Fatalf("found only %d messages: the search is broken", len(found))
	}
	for text, where := range found {
		zh, ok := chinese[text]
		if !ok {
			t.Errorf("%s: no Chinese for %q", where, text)
			continue
		}
		if verbs(zh) != verbs(text) {
			t.Errorf("%s: the Chinese of %q has the verbs %q; want %q", where, text, verbs(zh), verbs(text))
		}
	}
}

// TestNoUnusedChinese: the catalog holds no message the lab no longer
// says.
func TestNoUnusedChinese(t *testing.T) {
	found := messages(t)
	for text := range chinese {
		if _, ok := found[text]; !ok {
			t.Errorf("the catalog has %q, which nothing says", text)
		}
	}
}

// verbs lists a format's verbs in order: "%s %d".
func verbs(format string) string {
	var out []string
	for i := 0; i < len(format); i++ {
		if format[i] != '%' || i+1 >= len(format) {
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte("0123456789.+-# *", format[j]) >= 0 {
			j++
		}
		if j < len(format) {
			out = append(out, format[i:j+1])
		}
		i = j
	}
	return strings.Join(out, " ")
}

// TestFromEnv: the first locale variable set decides, in POSIX's order.
func TestFromEnv(t *testing.T) {
	for _, c := range []struct {
		env  map[string]string
		want *Printer
	}{
		{map[string]string{}, English},
		{map[string]string{"LANG": "zh_CN.UTF-8"}, Chinese},
		{map[string]string{"LANG": "zh_TW.UTF-8"}, Chinese},
		{map[string]string{"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, English},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, Chinese},
		{map[string]string{"LC_ALL": "zh_CN.UTF-8", "LC_MESSAGES": "C"}, Chinese},
	} {
		if got := FromEnv(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("FromEnv(%v): got Chinese %v; want %v", c.env, got.IsChinese(), c.want.IsChinese())
		}
	}
}
