package main

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"io"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"time"

	"graceclose/common"
)

// Segment is one TCP segment of the capture.
type Segment struct {
	Time     time.Time
	Src, Dst netip.AddrPort
	Flags    string // as tcpdump prints them: "S", "S.", ".", "P.", "F.", "R", "R."
	Len      int    // the payload's length
	Payload  []byte // the payload, when the capture has the packet's bytes (-X)
}

// summary matches tcpdump's line for a TCP segment, as printed with -nn -tt:
//
//	1732384321.123456 IP 127.0.0.1.51234 > 127.0.0.1.43211: Flags [P.], seq 1:6, ack 1, ..., length 5
//	1732384321.123456 IP6 ::1.51234 > ::1.43211: Flags [S], seq 1, ..., length 0
var summary = regexp.MustCompile(`^(\d+\.\d+) IP6? (\S+)\.(\d+) > (\S+)\.(\d+): Flags \[([^\]]*)\].*, length (\d+)`)

// hexLine matches a line of tcpdump -X's dump: "\t0x0030:  c8e6 2d2f 6461 ...  ..-/data1".
var hexLine = regexp.MustCompile(`^\s+0x[0-9a-f]+:`)

// hexColumns is the width of the hex part of a -X line after its colon: a
// space, then eight groups of " xxxx"; the ASCII column comes after.
const hexColumns = 1 + 8*5

// ParseCapture reads the text tcpdump writes with -nn -tt (and -l), with or
// without -X, and returns the TCP segments in it, in order. With -X the
// payload of each segment is the last Len bytes of its dump. Lines it does
// not know (tcpdump's own messages) are skipped.
func ParseCapture(r io.Reader) ([]Segment, error) {
	var segs []Segment
	var dump []byte // the current segment's packet bytes
	finish := func() {
		if n := len(segs); n > 0 && dump != nil {
			s := &segs[n-1]
			if s.Len > 0 && len(dump) >= s.Len {
				s.Payload = dump[len(dump)-s.Len:]
			}
		}
		dump = nil
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	lineNo := 0
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		if hexLine.MatchString(line) {
			if len(segs) == 0 {
				continue
			}
			colon := strings.IndexByte(line, ':')
			part := line[colon+1:]
			if len(part) > hexColumns {
				part = part[:hexColumns]
			}
			b, err := hex.DecodeString(strings.ReplaceAll(part, " ", ""))
			if err != nil {
				return nil, fmt.Errorf("line %d: bad hex dump %q: %v", lineNo, line, err)
			}
			if dump == nil {
				dump = []byte{}
			}
			dump = append(dump, b...)
			continue
		}
		m := summary.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		finish()
		at, ok := common.ParseUnixTime(m[1])
		if !ok {
			return nil, fmt.Errorf("line %d: bad time %q", lineNo, m[1])
		}
		src, err1 := addrPort(m[2], m[3])
		dst, err2 := addrPort(m[4], m[5])
		n, err3 := strconv.Atoi(m[7])
		for _, err := range []error{err1, err2, err3} {
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", lineNo, err)
			}
		}
		segs = append(segs, Segment{Time: at, Src: src, Dst: dst, Flags: m[6], Len: n})
	}
	finish()
	return segs, sc.Err()
}

func addrPort(addr, port string) (netip.AddrPort, error) {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return netip.AddrPort{}, err
	}
	p, err := strconv.ParseUint(port, 10, 16)
	if err != nil {
		return netip.AddrPort{}, err
	}
	return netip.AddrPortFrom(ip, uint16(p)), nil
}

// flagNames are tcpdump's flag letters.
var flagNames = map[rune]string{'S': "SYN", 'F': "FIN", 'R': "RST", 'P': "PSH", 'U': "URG", 'E': "ECE", 'W': "CWR", '.': "ACK"}

// Label is what a segment's arrow says: its flags, then its payload's
// length and text. ACK is named alone or with SYN; after the handshake
// every segment carries it, so beside FIN, RST or PSH it is left out:
// "SYN", "SYN ACK", "ACK", `PSH 5 "data1"`, "FIN", "RST".
func (s Segment) Label() string {
	var names []string
	for _, c := range s.Flags {
		if name, ok := flagNames[c]; ok {
			names = append(names, name)
		} else if c != ' ' {
			names = append(names, string(c))
		}
	}
	if len(names) > 1 && names[len(names)-1] == "ACK" && names[0] != "SYN" {
		names = names[:len(names)-1]
	}
	label := strings.Join(names, " ")
	if s.Len > 0 {
		label += fmt.Sprintf(" %d", s.Len)
		if s.Payload != nil {
			label += " " + quote(s.Payload, 20)
		}
	}
	return strings.TrimSpace(label)
}

// quote shows a payload as a Go string literal, ASCII only, cut to limit bytes.
func quote(p []byte, limit int) string {
	if len(p) <= limit {
		return strconv.QuoteToASCII(string(p))
	}
	q := strconv.QuoteToASCII(string(p[:limit]))
	return q[:len(q)-1] + `..."`
}
