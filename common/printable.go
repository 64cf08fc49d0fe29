package common

import (
	"encoding/binary"
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
// the common case, shown without copying. It looks at eight bytes at a time
// (every message the programs print goes through it), and byte by byte only
// at words that hold a byte outside 0x20..0x7e.
func isPlainText(p []byte) bool {
	for len(p) >= 8 {
		if w := binary.LittleEndian.Uint64(p); !plainWord(w) {
			for _, c := range p[:8] {
				if !plainByte(c) {
					return false
				}
			}
		}
		p = p[8:]
	}
	for _, c := range p {
		if !plainByte(c) {
			return false
		}
	}
	return true
}

func plainByte(c byte) bool { return 0x20 <= c && c < 0x7f || c == '\n' || c == '\t' }

// plainWord reports whether each byte of w is in 0x20..0x7e: no byte is
// below 0x20 (subtracting 0x20 from it would borrow into its top bit), and
// none is 0x7f or above (adding 1 would set its top bit, or it is set).
func plainWord(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	below := (w - 0x20*ones) & ^w & highs
	above := (w + ones | w) & highs
	return below|above == 0
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
