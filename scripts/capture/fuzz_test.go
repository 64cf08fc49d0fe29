package capture

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"graceclose/scripts/events"
)

// FuzzReadPcap: whatever the file holds, ReadPcap returns segments or an
// error, never panics, and every segment it returns has a packet and names
// both ends.
func FuzzReadPcap(f *testing.F) {
	paths, err := filepath.Glob("testdata/*.pcap")
	if err != nil || len(paths) == 0 {
		f.Fatalf("no recorded captures in testdata: %v", err)
	}
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	// Every link layer and byte order, from a recorded run.
	recs := recordedIP(f, "testdata/shutdown-ipv6.pcap")
	for _, link := range []uint32{linkNull, linkLoop, linkRaw, linkSLL, linkSLL2} {
		f.Add(writePcap(pcapFormat{order: binary.BigEndian, link: link, sentCopy: link == linkSLL}, recs))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		evs, _ := ReadPcap(bytes.NewReader(data), events.Clock{})
		for i, e := range evs {
			if e.Kind != events.Segment || e.Packet == nil || !e.Local.IsValid() || !e.Remote.IsValid() || e.Text == "" {
				t.Fatalf("segment %d: %+v; want a segment with a packet, both ends and a label", i, e)
			}
		}
	})
}
