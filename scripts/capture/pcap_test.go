package capture

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"graceclose/scripts/events"
)

// summary is a segment in one line, the fields tcpdump -nn -S prints.
func summary(e events.Event) string {
	p := e.Packet
	return fmt.Sprintf("%v > %v [%s] seq %d ack %d win %d: %s", e.Local, e.Remote, p.Flags, p.Seq, p.Ack, p.Window, e.Text)
}

func readFile(t *testing.T, path string) []events.Event {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	evs, err := ReadPcap(bytes.NewReader(data), events.Clock{})
	if err != nil {
		t.Fatalf("ReadPcap(%s): %v", path, err)
	}
	return evs
}

func wantSummaries(t *testing.T, name string, evs []events.Event, want []string) {
	t.Helper()
	var got []string
	for _, e := range evs {
		got = append(got, summary(e))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s: got\n%s\nwant\n%s", name, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// The close experiment as tcpdump -nn -S -r testdata/close.pcap prints it.
var closeSummaries = []string{
	`127.0.0.1:59100 > 127.0.0.1:47321 [S] seq 2898906287 ack 0 win 65495: SYN`,
	`127.0.0.1:47321 > 127.0.0.1:59100 [S.] seq 2896944044 ack 2898906288 win 65483: SYN ACK`,
	`127.0.0.1:59100 > 127.0.0.1:47321 [.] seq 2898906288 ack 2896944045 win 64: ACK`,
	`127.0.0.1:59100 > 127.0.0.1:47321 [P.] seq 2898906288 ack 2896944045 win 64: PSH 5 "data1"`,
	`127.0.0.1:47321 > 127.0.0.1:59100 [.] seq 2896944045 ack 2898906293 win 64: ACK`,
	`127.0.0.1:59100 > 127.0.0.1:47321 [P.] seq 2898906293 ack 2896944045 win 64: PSH 5 "data2"`,
	`127.0.0.1:47321 > 127.0.0.1:59100 [.] seq 2896944045 ack 2898906298 win 64: ACK`,
	`127.0.0.1:59100 > 127.0.0.1:47321 [F.] seq 2898906298 ack 2896944045 win 64: FIN`,
	`127.0.0.1:47321 > 127.0.0.1:59100 [.] seq 2896944045 ack 2898906299 win 64: ACK`,
	`127.0.0.1:47321 > 127.0.0.1:59100 [P.] seq 2896944045 ack 2898906299 win 64: PSH 9 "Hi, data1"`,
	`127.0.0.1:59100 > 127.0.0.1:47321 [R] seq 2898906299 ack 0 win 0: RST`,
}

func TestReadPcapClose(t *testing.T) {
	evs := readFile(t, "testdata/close.pcap")
	wantSummaries(t, "close.pcap", evs, closeSummaries)
	// The zero Clock leaves the wall clock's nanoseconds as they are.
	if got, want := time.Duration(evs[0].At), time.Duration(time.Unix(1796128227, 665973579).UnixNano()); got != want {
		t.Errorf("the SYN's At: got %d; want %d (tcpdump's nanosecond stamp)", got, want)
	}
	for i, e := range evs {
		if e.Kind != events.Segment || e.Source != "capture" || e.Who != "" {
			t.Errorf("segment %d: got kind %v, source %q, who %q; want segment, capture, \"\"", i, e.Kind, e.Source, e.Who)
		}
		if i > 0 && e.At < evs[i-1].At {
			t.Errorf("segment %d at %d, before segment %d at %d", i, e.At, i-1, evs[i-1].At)
		}
	}
}

// A Clock moves every stamp by the offset it measured.
func TestReadPcapClock(t *testing.T) {
	data, err := os.ReadFile("testdata/close.pcap")
	if err != nil {
		t.Fatal(err)
	}
	clock := events.NewClock()
	evs, err := ReadPcap(bytes.NewReader(data), clock)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := clock.ToWall(evs[0].At), time.Unix(1796128227, 665973579); !got.Equal(want) {
		t.Errorf("the SYN's At back on the wall clock: got %v; want %v", got, want)
	}
}

func TestReadPcapIPv6(t *testing.T) {
	evs := readFile(t, "testdata/shutdown-ipv6.pcap")
	c, s := "[::1]:40156", "[::1]:47323"
	wantSummaries(t, "shutdown-ipv6.pcap", evs, []string{
		c + ` > ` + s + ` [S] seq 3420475459 ack 0 win 65476: SYN`,
		s + ` > ` + c + ` [S.] seq 262174139 ack 3420475460 win 65464: SYN ACK`,
		c + ` > ` + s + ` [.] seq 3420475460 ack 262174140 win 64: ACK`,
		c + ` > ` + s + ` [P.] seq 3420475460 ack 262174140 win 64: PSH 5 "data1"`,
		s + ` > ` + c + ` [.] seq 262174140 ack 3420475465 win 64: ACK`,
		c + ` > ` + s + ` [P.] seq 3420475465 ack 262174140 win 64: PSH 5 "data2"`,
		s + ` > ` + c + ` [.] seq 262174140 ack 3420475470 win 64: ACK`,
		c + ` > ` + s + ` [F.] seq 3420475470 ack 262174140 win 64: FIN`,
		s + ` > ` + c + ` [.] seq 262174140 ack 3420475471 win 64: ACK`,
		s + ` > ` + c + ` [P.] seq 262174140 ack 3420475471 win 64: PSH 9 "Hi, data1"`,
		c + ` > ` + s + ` [.] seq 3420475471 ack 262174149 win 64: ACK`,
		s + ` > ` + c + ` [P.] seq 262174149 ack 3420475471 win 64: PSH 9 "Hi, data2"`,
		c + ` > ` + s + ` [.] seq 3420475471 ack 262174158 win 64: ACK`,
		s + ` > ` + c + ` [F.] seq 262174158 ack 3420475471 win 64: FIN`,
		c + ` > ` + s + ` [.] seq 3420475471 ack 262174159 win 64: ACK`,
	})
}

// The close run was captured five ways at once (README.md in testdata):
// each file holds the same eleven segments, once each, at times a few
// microseconds apart (each capture stamps its own copy of a packet).
func TestReadPcapSameRunFiveWays(t *testing.T) {
	for _, name := range []string{"close-micro.pcap", "close-any-sll.pcap", "close-any-sll2.pcap", "close-snaplen70.pcap"} {
		t.Run(name, func(t *testing.T) {
			evs := readFile(t, "testdata/"+name)
			want := closeSummaries
			if name == "close-snaplen70.pcap" {
				want = append([]string{}, closeSummaries...)
				want[3] = strings.Replace(want[3], `"data1"`, `"data"... (4 of 5 bytes captured)`, 1)
				want[5] = strings.Replace(want[5], `"data2"`, `"data"... (4 of 5 bytes captured)`, 1)
				want[9] = strings.Replace(want[9], `"Hi, data1"`, `"Hi, "... (4 of 9 bytes captured)`, 1)
			}
			wantSummaries(t, name, evs, want)
			ref := readFile(t, "testdata/close.pcap")
			for i := range min(len(evs), len(ref)) {
				if d := evs[i].At.Sub(ref[i].At); d < -10*time.Microsecond || d > 10*time.Microsecond {
					t.Errorf("segment %d: %v from close.pcap's; want within 10µs", i, d)
				}
			}
		})
	}
}

// A packet cut by the snapshot length keeps what was captured.
func TestReadPcapSnaplen(t *testing.T) {
	evs := readFile(t, "testdata/close-snaplen70.pcap")
	if got := string(evs[9].Packet.Payload); got != "Hi, " {
		t.Errorf("the cut reply's payload: got %q; want %q", got, "Hi, ")
	}
	// Cut inside the TCP header: the ports are still there.
	recs := recordedIP(t, "testdata/close.pcap")
	recs = recs[:1]
	recs[0].ip = recs[0].ip[:20+10]
	evs, err := ReadPcap(bytes.NewReader(writePcap(pcapFormat{order: binary.LittleEndian, link: linkRaw}, recs)), events.Clock{})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || evs[0].Local.Port() != 59100 || evs[0].Text != "? (TCP header cut: 10 of 20 bytes captured)" {
		t.Errorf("a SYN cut after 10 bytes of TCP header: got %+v; want one event from port 59100 saying the header was cut", evs)
	}
	// Cut inside the IP header: no connection can be named; skipped.
	recs[0].ip = recs[0].ip[:16]
	evs, err = ReadPcap(bytes.NewReader(writePcap(pcapFormat{order: binary.LittleEndian, link: linkRaw}, recs)), events.Clock{})
	if err != nil || len(evs) != 0 {
		t.Errorf("a packet cut inside its IP header: got %d events, %v; want none, no error", len(evs), err)
	}
}

// The recorded close run, rewritten in every byte order, precision and link
// layer ReadPcap reads, gives the same segments at the same times.
func TestReadPcapFormats(t *testing.T) {
	recs := recordedIP(t, "testdata/close.pcap")
	ref := readFile(t, "testdata/close.pcap")
	for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
		for _, nano := range []bool{true, false} {
			for _, link := range []uint32{linkEther, linkNull, linkLoop, linkRaw, linkRaw12, linkRaw14, linkSLL, linkSLL2} {
				for _, sentCopy := range []bool{false, true} {
					if sentCopy && link != linkSLL && link != linkSLL2 {
						continue
					}
					f := pcapFormat{order: order, nano: nano, link: link, sentCopy: sentCopy}
					name := fmt.Sprintf("%v/nano=%v/link=%d/sentCopy=%v", order, nano, link, sentCopy)
					evs, err := ReadPcap(bytes.NewReader(writePcap(f, recs)), events.Clock{})
					if err != nil {
						t.Errorf("%s: %v", name, err)
						continue
					}
					wantSummaries(t, name, evs, closeSummaries)
					for i := range min(len(evs), len(ref)) {
						want := ref[i].At
						if !nano {
							want -= want % events.Mono(time.Microsecond)
						}
						if evs[i].At != want {
							t.Errorf("%s: segment %d at %d; want %d", name, i, evs[i].At, want)
						}
					}
				}
			}
		}
	}
}

// Non-TCP packets and IP fragments are skipped; IPv6 extension headers are
// walked.
func TestReadPcapSkips(t *testing.T) {
	recs := recordedIP(t, "testdata/close.pcap")
	syn := recs[0].ip
	udp := bytes.Clone(syn)
	udp[9] = 17
	frag := bytes.Clone(syn)
	frag[6] |= 0x20 // more fragments
	v6 := recordedIP(t, "testdata/shutdown-ipv6.pcap")[0].ip
	// The SYN over IPv6 with a hop-by-hop options header before TCP.
	hbh := append(bytes.Clone(v6[:40]), append([]byte{protoTCP, 0, 1, 4, 0, 0, 0, 0}, v6[40:]...)...)
	hbh[6] = ext6HopByHop
	binary.BigEndian.PutUint16(hbh[4:], binary.BigEndian.Uint16(v6[4:])+8)
	in := []ipRecord{{recs[0].at, udp}, {recs[0].at, frag}, {recs[0].at, []byte{0x20}}, {recs[0].at, hbh}}
	evs, err := ReadPcap(bytes.NewReader(writePcap(pcapFormat{order: binary.LittleEndian, link: linkRaw}, in)), events.Clock{})
	if err != nil {
		t.Fatal(err)
	}
	wantSummaries(t, "udp, fragment, junk, IPv6 hop-by-hop", evs, []string{
		`[::1]:40156 > [::1]:47323 [S] seq 3420475459 ack 0 win 65476: SYN`,
	})
}

// A damaged file gives an error that says what is wrong, and the segments
// before the damage.
func TestReadPcapErrors(t *testing.T) {
	good, err := os.ReadFile("testdata/close.pcap")
	if err != nil {
		t.Fatal(err)
	}
	linkType := func(link uint32) []byte {
		b := bytes.Clone(good)
		binary.LittleEndian.PutUint32(b[20:], link)
		return b
	}
	hugeRecord := bytes.Clone(good)
	binary.LittleEndian.PutUint32(hugeRecord[24+8:], 1<<30)
	for _, tc := range []struct {
		name     string
		data     []byte
		want     string
		segments int
	}{
		{"empty", nil, "not a pcap file: shorter than the 24-byte pcap header", 0},
		{"text", []byte("12:30:27.665973 IP 127.0.0.1.59100 > 127.0.0.1.47321: Flags [S]"), "not a pcap file: magic number 0x31323a33", 0},
		{"pcapng", append([]byte{0x0a, 0x0d, 0x0d, 0x0a}, make([]byte, 20)...), "a pcapng file", 0},
		{"wifi", linkType(105), "link-layer type 105 is not one", 0},
		{"record header cut", good[:len(good)-54-8], "packet 11: the file ends inside its 16-byte record header", 10},
		{"record cut", good[:len(good)-10], "packet 11: the file ends inside its 54 bytes", 10},
		{"huge record", hugeRecord, "packet 1: claims 1073741824 captured bytes", 0},
	} {
		evs, err := ReadPcap(bytes.NewReader(tc.data), events.Clock{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got error %v; want one containing %q", tc.name, err, tc.want)
		}
		if len(evs) != tc.segments {
			t.Errorf("%s: got %d segments; want %d", tc.name, len(evs), tc.segments)
		}
	}
}
