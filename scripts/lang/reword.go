package lang

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Reword says in p's language a message that a package without a Printer
// has already formatted in English with one of the catalog's messages
// (marked there with Mark): "capturing packets on lo needs root (or
// CAP_NET_RAW): run with sudo". The message is found by its words, and the
// values it was given are kept as they are. Text that no message of the
// catalog made, and any text in English, is returned as it is.
func (p *Printer) Reword(text string) string {
	if !p.zh {
		return text
	}
	if zh, ok := chinese[text]; ok {
		return zh
	}
	for _, f := range rewordable() {
		m := f.pattern.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		args := make([]any, len(m)-1)
		for i, v := range m[1:] {
			args[i] = v
		}
		return fmt.Sprintf(f.zh, args...)
	}
	return text
}

// rewordableFormat is a message with verbs that Reword can recognise: the
// English as a pattern, each verb a group; the Chinese with each verb
// written %s, to be given the groups in order.
type rewordableFormat struct {
	pattern *regexp.Regexp
	zh      string
}

// verb is a format's verb, as the catalog's test reads them.
var verb = regexp.MustCompile(`%[0-9.+\-# *]*[a-zA-Z%]`)

// rewordable are the catalog's messages with verbs that begin with some
// words of their own (a message that begins with a verb, "%s: %v", would
// match too much), the longest first: the most particular wins.
var rewordable = sync.OnceValue(func() []rewordableFormat {
	var keys []string
	for en := range chinese {
		if i := strings.IndexByte(en, '%'); i >= 8 && strings.Count(en, "%") > strings.Count(en, "%%")*2 {
			keys = append(keys, en)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		return len(keys[i]) > len(keys[j]) || len(keys[i]) == len(keys[j]) && keys[i] < keys[j]
	})
	var out []rewordableFormat
	for _, en := range keys {
		var b strings.Builder
		b.WriteString("^")
		last := 0
		for _, loc := range verb.FindAllStringIndex(en, -1) {
			b.WriteString(regexp.QuoteMeta(en[last:loc[0]]))
			if en[loc[0]:loc[1]] == "%%" {
				b.WriteString("%")
			} else {
				b.WriteString("(.*)")
			}
			last = loc[1]
		}
		b.WriteString(regexp.QuoteMeta(en[last:]) + "$")
		zh := verb.ReplaceAllStringFunc(chinese[en], func(v string) string {
			if v == "%%" {
				return v
			}
			return "%s"
		})
		out = append(out, rewordableFormat{pattern: regexp.MustCompile(b.String()), zh: zh})
	}
	return out
})
