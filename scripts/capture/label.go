package capture

import (
	"fmt"
	"strconv"
	"strings"

	"graceclose/scripts/events"
)

// tcpFlags are the TCP header's flag bits with tcpdump's letter for each,
// in the order tcpdump prints them ("FP." is FIN, PSH, ACK). AE (accurate
// ECN, the header's ninth bit) is printed by newer tcpdumps only.
var tcpFlags = []struct {
	bit    uint16
	letter byte
	name   string
}{
	{0x001, 'F', "FIN"},
	{0x002, 'S', "SYN"},
	{0x004, 'R', "RST"},
	{0x008, 'P', "PSH"},
	{0x010, '.', "ACK"},
	{0x020, 'U', "URG"},
	{0x040, 'E', "ECE"},
	{0x080, 'W', "CWR"},
	{0x100, 'e', "AE"},
}

// flagLetters writes a segment's flags as tcpdump does: "S", "S.", "P.",
// "F.", "R", "R.", "FP."; "none" when no flag is set.
func flagLetters(bits uint16) string {
	var b []byte
	for _, f := range tcpFlags {
		if bits&f.bit != 0 {
			b = append(b, f.letter)
		}
	}
	if len(b) == 0 {
		return "none"
	}
	return string(b)
}

// maxQuoted is how much of a payload a label quotes.
const maxQuoted = 20

// Label is what a segment's arrow says: its flags by name, then its
// payload's length and the payload quoted: "SYN", "SYN ACK", "ACK",
// `PSH 9 "Hi, data1"`, "FIN", "RST", `FIN PSH 3 "bye"`. ACK is named alone
// or beside SYN only: after the handshake every segment carries it, so
// beside FIN, RST or PSH it would only add noise. The lesson's diagrams
// label their arrows the same way.
//
// length is the payload's length on the wire; when the capture holds fewer
// bytes (the snapshot length cut the packet), the label says how many:
// `PSH 9 "Hi, "... (4 of 9 bytes captured)`.
func Label(p events.Packet, length int) string {
	var names []string
	for _, c := range []byte(p.Flags) {
		names = append(names, flagName(c))
	}
	if p.Flags == "none" {
		names = []string{"no flags"}
	}
	if len(names) > 1 && names[len(names)-1] == "ACK" && names[0] != "SYN" {
		names = names[:len(names)-1]
	}
	label := strings.Join(names, " ")
	if length <= 0 && len(p.Payload) == 0 {
		return label
	}
	length = max(length, len(p.Payload))
	label += fmt.Sprintf(" %d", length)
	switch captured := len(p.Payload); {
	case captured == 0:
		label += " (payload not captured)"
	case captured < length:
		q := quote(p.Payload)
		if !strings.HasSuffix(q, `..."`) {
			q += "..."
		}
		label += fmt.Sprintf(" %s (%d of %d bytes captured)", q, captured, length)
	default:
		label += " " + quote(p.Payload)
	}
	return label
}

// flagName names one of tcpdump's flag letters.
func flagName(letter byte) string {
	for _, f := range tcpFlags {
		if f.letter == letter {
			return f.name
		}
	}
	return string(letter)
}

// quote shows a payload as a Go string literal, ASCII only, cut to
// maxQuoted bytes.
func quote(p []byte) string {
	if len(p) <= maxQuoted {
		return strconv.QuoteToASCII(string(p))
	}
	q := strconv.QuoteToASCII(string(p[:maxQuoted]))
	return q[:len(q)-1] + `..."`
}
