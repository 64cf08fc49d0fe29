package capture

import (
	"bytes"
	"encoding/binary"
	"io"
	"os"
	"testing"
	"time"
)

// A pcap writer for the tests: it rewrites the recorded captures with other
// byte orders, precisions and link layers, to check that ReadPcap reads
// what other systems and tools write the same way.

// ipRecord is a recorded packet reduced to its IP packet.
type ipRecord struct {
	at time.Time
	ip []byte
}

// recordedIP reads a recorded capture's packets, link layer stripped.
func recordedIP(t testing.TB, path string) []ipRecord {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := bytes.NewReader(data)
	h, err := readFileHeader(r)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var out []ipRecord
	for n := 1; ; n++ {
		rec, err := readRecord(r, h, n)
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		ip, ok := linkLayer(h.link, h.order, rec.data)
		if !ok {
			t.Fatalf("%s: packet %d is not IP", path, n)
		}
		out = append(out, ipRecord{rec.at, ip})
	}
}

// pcapFormat is how a test file is written.
type pcapFormat struct {
	order binary.ByteOrder
	nano  bool
	link  uint32
	// sentCopy writes each packet twice, first as sent on lo, as a
	// Linux "any" capture may (cooked link types only).
	sentCopy bool
}

// writePcap writes packets as a pcap file in format f.
func writePcap(f pcapFormat, recs []ipRecord) []byte {
	var b bytes.Buffer
	magic := uint32(magicMicro)
	if f.nano {
		magic = magicNano
	}
	hdr := make([]byte, 24)
	f.order.PutUint32(hdr[0:], magic)
	f.order.PutUint16(hdr[4:], 2)
	f.order.PutUint16(hdr[6:], 4)
	f.order.PutUint32(hdr[16:], 262144)
	f.order.PutUint32(hdr[20:], f.link)
	b.Write(hdr)
	for _, rec := range recs {
		if f.sentCopy {
			writeRecord(&b, f, rec, wrap(f, rec.ip, true))
		}
		writeRecord(&b, f, rec, wrap(f, rec.ip, false))
	}
	return b.Bytes()
}

func writeRecord(b *bytes.Buffer, f pcapFormat, rec ipRecord, data []byte) {
	frac := uint32(rec.at.Nanosecond() / 1000)
	if f.nano {
		frac = uint32(rec.at.Nanosecond())
	}
	hdr := make([]byte, 16)
	f.order.PutUint32(hdr[0:], uint32(rec.at.Unix()))
	f.order.PutUint32(hdr[4:], frac)
	f.order.PutUint32(hdr[8:], uint32(len(data)))
	f.order.PutUint32(hdr[12:], uint32(len(data)))
	b.Write(hdr)
	b.Write(data)
}

// wrap puts an IP packet in f's link layer, as sent or as received.
func wrap(f pcapFormat, ip []byte, sent bool) []byte {
	v6 := ip[0]>>4 == 6
	ethertype := uint16(etherIPv4)
	if v6 {
		ethertype = etherIPv6
	}
	var hdr []byte
	switch f.link {
	case linkEther:
		hdr = make([]byte, 14)
		binary.BigEndian.PutUint16(hdr[12:], ethertype)
	case linkNull, linkLoop:
		family := uint32(2)
		if v6 {
			family = 30 // macOS
		}
		hdr = make([]byte, 4)
		if f.link == linkNull {
			f.order.PutUint32(hdr, family)
		} else {
			binary.BigEndian.PutUint32(hdr, family)
		}
	case linkSLL:
		hdr = make([]byte, 16)
		if sent {
			binary.BigEndian.PutUint16(hdr[0:], pktOutgoing)
		}
		binary.BigEndian.PutUint16(hdr[2:], arphrdLoop)
		binary.BigEndian.PutUint16(hdr[14:], ethertype)
	case linkSLL2:
		hdr = make([]byte, 20)
		binary.BigEndian.PutUint16(hdr[0:], ethertype)
		binary.BigEndian.PutUint32(hdr[4:], 1) // lo's index
		binary.BigEndian.PutUint16(hdr[8:], arphrdLoop)
		if sent {
			hdr[10] = pktOutgoing
		}
	}
	return append(hdr, ip...)
}
