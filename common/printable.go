package common

import (
	"fmt"
	"unicode/utf8"
)

// Printable returns p as it is safe to show on a terminal: text, newlines
// and tabs as they are, and every other control character (C0, DEL, C1)
// and every byte that is not UTF-8 written out as an escape, `\x1b`, `\x00`,
// `\u009b`. A peer can then not drive the learner's terminal (move the
// cursor, clear the screen, retitle the window) with what it sends. A
// backslash is left as it is, so ordinary text reads exactly as sent.
//
// The bytes on the wire are never changed; -raw prints them as received,
// as the C programs do.
func Printable(p []byte) []byte {
	if isPlainText(p) {
		return p
	}
	out := make([]byte, 0, len(p)+16)
	for len(p) > 0 {
		r, size := utf8.DecodeRune(p)
		switch {
		case r == utf8.RuneError && size <= 1:
			out = fmt.Appendf(out, `\x%02x`, p[0])
		case r == '\n' || r == '\t':
			out = append(out, byte(r))
		case r < 0x20 || r == 0x7f:
			out = fmt.Appendf(out, `\x%02x`, r)
		case 0x80 <= r && r < 0xa0:
			out = fmt.Appendf(out, `\u%04x`, r)
		default:
			out = append(out, p[:size]...)
		}
		p = p[size:]
	}
	return out
}

// isPlainText reports whether p is printable ASCII, newlines and tabs only:
// the common case, shown without copying.
func isPlainText(p []byte) bool {
	for _, c := range p {
		if (c < 0x20 && c != '\n' && c != '\t') || c >= 0x7f {
			return false
		}
	}
	return true
}

// rawOutput is set by -raw: received bytes are printed as they arrive.
var rawOutput bool

// SetRaw makes Shown return received bytes unchanged (-raw), as the C
// programs print them.
func SetRaw(raw bool) { rawOutput = raw }

// Shown is how the programs print bytes received from the peer: Printable,
// or unchanged with -raw.
func Shown(p []byte) []byte {
	if rawOutput {
		return p
	}
	return Printable(p)
}
