package main

import (
	"strings"
	"testing"
)

func TestNextPiece(t *testing.T) {
	long := strings.Repeat("x", 5000)
	for _, tc := range []struct {
		buffered string
		eof      bool
		want     int
	}{
		{"data1\n", false, 6},
		{"data1\ndata2\n", false, 6},
		{"data1", false, 0}, // waits for the newline
		{"data1", true, 5},  // the last bytes before EOF
		{"", true, 0},       // nothing left
		{"\n", false, 1},    // an empty line
		{long, false, 4095}, // fgets(buf, 4096) stops at 4095 bytes
		{long[:4095], false, 4095},
		{long[:4094], false, 0}, // could still become a line
		{long[:4094] + "\n", false, 4095},
		{long[:4095] + "\n", false, 4095}, // the newline comes next, alone
	} {
		if got := nextPiece([]byte(tc.buffered), 4096, tc.eof); got != tc.want {
			t.Errorf("nextPiece(%d bytes %q..., eof=%v) = %d; want %d", len(tc.buffered), tc.buffered[:min(len(tc.buffered), 8)], tc.eof, got, tc.want)
		}
	}
}
