package lang

import "strings"

// Width is how many columns text takes on a terminal: two for each
// Chinese character or full-width punctuation mark (，：（）), one for any
// other rune. The timelines and tables pad and wrap by it, so that their
// columns stay aligned in Chinese too.
func Width(text string) int {
	n := 0
	for _, r := range text {
		n += RuneWidth(r)
	}
	return n
}

// RuneWidth is how many columns r takes: 2 for an East Asian wide or
// full-width rune, else 1.
func RuneWidth(r rune) int {
	switch {
	case r >= 0x1100 && r <= 0x115F, // Hangul Jamo
		r >= 0x2E80 && r <= 0x303E, // CJK radicals, symbols and punctuation (、。「」)
		r >= 0x3041 && r <= 0x33FF, // kana, CJK compatibility
		r >= 0x3400 && r <= 0x4DBF, // CJK extension A
		r >= 0x4E00 && r <= 0x9FFF, // CJK unified ideographs
		r >= 0xA000 && r <= 0xA4CF, // Yi
		r >= 0xAC00 && r <= 0xD7A3, // Hangul syllables
		r >= 0xF900 && r <= 0xFAFF, // CJK compatibility ideographs
		r >= 0xFE30 && r <= 0xFE4F, // CJK compatibility forms
		r >= 0xFF00 && r <= 0xFF60, // full-width forms (，：（）)
		r >= 0xFFE0 && r <= 0xFFE6,
		r >= 0x20000 && r <= 0x3FFFD:
		return 2
	}
	return 1
}

// Pad fills text with spaces to width columns.
func Pad(text string, width int) string {
	if n := Width(text); n < width {
		return text + strings.Repeat(" ", width-n)
	}
	return text
}

// CanBreak reports whether a line may break between two runes because of
// Chinese (which has no spaces): before or after a Chinese character, but
// not before a mark that closes (，。：）) nor after one that opens (（「).
func CanBreak(before, after rune) bool {
	switch {
	case strings.ContainsRune("，。、；：！？）」』", after), strings.ContainsRune("（「『", before):
		return false
	}
	return RuneWidth(before) == 2 || RuneWidth(after) == 2
}

// Clip cuts text to width columns, the cut marked with mark ("...", "…"),
// which counts in the width.
func Clip(text string, width int, mark string) string {
	if Width(text) <= width {
		return text
	}
	var out []rune
	w := 0
	for _, r := range text {
		if w+RuneWidth(r) > width-Width(mark) {
			break
		}
		out = append(out, r)
		w += RuneWidth(r)
	}
	return string(out) + mark
}
