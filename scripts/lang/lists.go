package lang

import "strings"

// And joins words as a list: "a, b and c" (Chinese: "a、b 和 c").
func (p *Printer) And(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return p.T("%s and %s", strings.Join(words[:len(words)-1], p.Words(", ")), words[len(words)-1])
}

// Or joins words as a choice: "a, b or c" (Chinese: "a、b 或 c").
func (p *Printer) Or(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return p.T("%s or %s", strings.Join(words[:len(words)-1], p.Words(", ")), words[len(words)-1])
}
