package claims

import (
	"strings"
	"testing"

	"graceclose/scripts/lang"
)

// TestWrap: English is cut at spaces; Chinese, which has no spaces, between
// two characters, never before a closing mark; every line fits the width
// in columns (a Chinese character takes two) and nothing is lost.
func TestWrap(t *testing.T) {
	got := Wrap("  close() sends what is left in the send buffer, then a FIN", 24, "    ")
	want := []string{"  close() sends what is", "    left in the send", "    buffer, then a FIN"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Wrap (English): got %q; want %q", got, want)
	}

	text := "    lesson-close: 服务器端的读取：数据 5，数据 5；它的第 1 次发送：成功 -> CLOSE，然后被 SIGPIPE 杀死（状态 141）"
	lines := Wrap(text, 30, "      ")
	for i, l := range lines {
		if lang.Width(l) > 30 {
			t.Errorf("Wrap (Chinese): line %d has %d columns; want 30 at most: %q", i, lang.Width(l), l)
		}
		if i > 0 && strings.HasPrefix(strings.TrimLeft(l, " "), "，") {
			t.Errorf("Wrap (Chinese): line %d starts with a comma: %q", i, l)
		}
		if i > 0 && !strings.HasPrefix(l, "      ") {
			t.Errorf("Wrap (Chinese): line %d is not indented: %q", i, l)
		}
	}
	joined := ""
	for _, l := range lines {
		joined += strings.TrimLeft(l, " ")
	}
	if strip := func(s string) string { return strings.ReplaceAll(s, " ", "") }; strip(joined) != strip(text) {
		t.Errorf("Wrap (Chinese): got %q; want the text whole: %q", lines, text)
	}
	if len(lines) < 3 {
		t.Errorf("Wrap (Chinese): got %d lines; want the text cut: %q", len(lines), lines)
	}
}
