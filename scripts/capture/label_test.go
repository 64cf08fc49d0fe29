package capture

import (
	"strings"
	"testing"

	"graceclose/scripts/events"
)

func TestLabel(t *testing.T) {
	for _, tc := range []struct {
		flags   string
		payload string
		length  int
		want    string
	}{
		{"S", "", 0, "SYN"},
		{"S.", "", 0, "SYN ACK"},
		{".", "", 0, "ACK"},
		{"F.", "", 0, "FIN"},
		{"R", "", 0, "RST"},
		{"R.", "", 0, "RST"},
		{"SEW", "", 0, "SYN ECE CWR"},
		{"none", "", 0, "no flags"},
		{"FP.", "bye", 3, `FIN PSH 3 "bye"`},
		{"P.", "\x1b[2J", 4, `PSH 4 "\x1b[2J"`},
		{"P.", strings.Repeat("x", 30), 30, `PSH 30 "` + strings.Repeat("x", 20) + `..."`},
		{"P.", "Hi, ", 9, `PSH 9 "Hi, "... (4 of 9 bytes captured)`},
		{"P.", strings.Repeat("x", 25), 30, `PSH 30 "` + strings.Repeat("x", 20) + `..." (25 of 30 bytes captured)`},
		{"P.", "", 5, "PSH 5 (payload not captured)"},
	} {
		p := events.Packet{Flags: tc.flags}
		if tc.payload != "" {
			p.Payload = []byte(tc.payload)
		}
		if got := Label(p, tc.length); got != tc.want {
			t.Errorf("Label(%q, %q, %d): got %q; want %q", tc.flags, tc.payload, tc.length, got, tc.want)
		}
	}
}

// flagLetters writes tcpdump's letters in tcpdump's order.
func TestFlagLetters(t *testing.T) {
	for bits, want := range map[uint16]string{
		0x002: "S", 0x012: "S.", 0x010: ".", 0x018: "P.", 0x011: "F.", 0x019: "FP.",
		0x004: "R", 0x014: "R.", 0x0c2: "SEW", 0x1ff: "FSRP.UEWe", 0: "none",
	} {
		if got := flagLetters(bits); got != want {
			t.Errorf("flagLetters(%#03x): got %q; want %q", bits, got, want)
		}
	}
}
