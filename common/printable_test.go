package common

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"Hi, data1":               "Hi, data1",
		"tab\tand\nnewline":       "tab\tand\nnewline",
		"\x1b[2J\x1b]0;owned\x07": `\x1b[2J\x1b]0;owned\x07`,
		"a\x00b":                  `a\x00b`,
		"del\x7f":                 `del\x7f`,
		"cr\r":                    `cr\x0d`,
		"\xff\xfe":                `\xff\xfe`,
		"\xc2\x9b31m":             `\u009b31m`, // C1 CSI, UTF-8 encoded
		"\x9b":                    `\x9b`,      // C1 CSI as a lone byte
		"你好, data1":               "你好, data1",
		"\xe4\xbd":                `\xe4\xbd`, // a character cut short
		`back\slash`:              `back\slash`,
	} {
		if got := string(Printable([]byte(in))); got != want {
			t.Errorf("Printable(%q) = %q; want %q", in, got, want)
		}
	}
}

// FuzzPrintable: whatever a peer sends, what reaches the terminal is valid
// UTF-8 with no control character but newline and tab, and text without
// control characters comes through unchanged.
func FuzzPrintable(f *testing.F) {
	for _, s := range []string{"Hi, data1", "\x1b[31mred", "\x00\xff", "你好\n", "\xc2\x9b"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, p []byte) {
		out := Printable(p)
		if !utf8.Valid(out) {
			t.Fatalf("Printable(%q) = %q: not UTF-8", p, out)
		}
		for _, r := range string(out) {
			if (r < 0x20 && r != '\n' && r != '\t') || (0x7f <= r && r < 0xa0) {
				t.Fatalf("Printable(%q) = %q: control character %U left", p, out, r)
			}
		}
		if utf8.Valid(p) && string(Printable(p)) == string(p) {
			return
		}
		if utf8.Valid(p) && !hasControl(string(p)) {
			t.Fatalf("Printable(%q) = %q: changed text with no control character", p, out)
		}
	})
}

func hasControl(s string) bool {
	for _, r := range s {
		if (r < 0x20 && r != '\n' && r != '\t') || (0x7f <= r && r < 0xa0) {
			return true
		}
	}
	return false
}

// TestIsPlainTextWords: the eight-bytes-at-a-time test agrees with the
// byte-by-byte one for every byte value at every place of a word, alone and
// beside its neighbours in value (where a borrow or a carry could spill).
func TestIsPlainTextWords(t *testing.T) {
	for b := 0; b < 256; b++ {
		for pos := 0; pos < 8; pos++ {
			for _, fill := range []byte{'a', 0x20, 0x7e, '\n'} {
				p := bytes.Repeat([]byte{fill}, 11)
				p[pos] = byte(b)
				want := true
				for _, c := range p {
					want = want && plainByte(c)
				}
				if got := isPlainText(p); got != want {
					t.Errorf("isPlainText(%q) = %v; want %v", p, got, want)
				}
			}
		}
	}
}
