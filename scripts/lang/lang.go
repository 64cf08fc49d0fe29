// Package lang puts the lab's own words in the learner's language: English,
// or Chinese when the locale asks for it (LC_ALL, LC_MESSAGES or LANG
// starting with "zh", in POSIX's order). The programs' lesson output is
// never translated: it is the lesson's, byte for byte.
//
// A message is written in English where it is used, p.T("the %s
// ended", who), as gettext does; its Chinese is looked up by that English
// text in the catalog (zh.go). A test checks that every message used has
// its Chinese.
package lang

import (
	"fmt"
	"strings"
)

// Printer says things in one language.
type Printer struct {
	zh bool
}

// English is the Printer for English.
var English = &Printer{}

// Chinese is the Printer for Chinese.
var Chinese = &Printer{zh: true}

// FromEnv picks the language from the locale variables, read with getenv
// (os.Getenv): the first of LC_ALL, LC_MESSAGES and LANG that is set
// decides, as POSIX says.
func FromEnv(getenv func(string) string) *Printer {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			if strings.HasPrefix(v, "zh") {
				return Chinese
			}
			return English
		}
	}
	return English
}

// IsChinese reports whether p speaks Chinese.
func (p *Printer) IsChinese() bool { return p.zh }

// T formats the message in p's language: format is the English, and
// its Chinese, where p speaks it, comes from the catalog (the English if a
// message has none yet: a test keeps that from happening).
func (p *Printer) T(format string, args ...any) string {
	if p.zh {
		if zh, ok := chinese[format]; ok {
			format = zh
		}
	}
	return fmt.Sprintf(format, args...)
}

// Mark marks text as a message whose Chinese is looked up later, where
// it is shown (p.Words(text)), and returns it as it is: for the words
// kept in a table or a struct (a claim, a source), as gettext's N_.
func Mark(text string) string { return text }

// Words returns the message in p's language, without formatting.
func (p *Printer) Words(text string) string {
	if p.zh {
		if zh, ok := chinese[text]; ok {
			return zh
		}
	}
	return text
}
