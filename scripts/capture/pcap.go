package capture

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"

	"graceclose/scripts/events"
)

// The classic pcap file's magic numbers, as read big-endian from the first
// four bytes: tcpdump writes in the capturing machine's byte order, so each
// comes in both orders.
const (
	magicMicro        = 0xa1b2c3d4
	magicNano         = 0xa1b23c4d
	magicMicroSwapped = 0xd4c3b2a1
	magicNanoSwapped  = 0x4d3cb2a1
	magicPcapng       = 0x0a0d0d0a
)

// maxRecord bounds a record's captured length: libpcap's largest snapshot
// length is 262144 bytes; a larger claim is a corrupt file, and must not
// make ReadPcap allocate whatever a damaged header says.
const maxRecord = 262144

// fileHeader is what ReadPcap needs from the 24-byte file header.
type fileHeader struct {
	order    binary.ByteOrder
	fracUnit time.Duration // a record's fraction of a second counts these
	link     uint32        // the link-layer header type (LINKTYPE_*)
}

func readFileHeader(r io.Reader) (fileHeader, error) {
	var b [24]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return fileHeader{}, errors.New("not a pcap file: shorter than the 24-byte pcap header")
		}
		return fileHeader{}, err
	}
	h := fileHeader{order: binary.BigEndian, fracUnit: time.Microsecond}
	switch magic := binary.BigEndian.Uint32(b[:4]); magic {
	case magicMicro:
	case magicNano:
		h.fracUnit = time.Nanosecond
	case magicMicroSwapped:
		h.order = binary.LittleEndian
	case magicNanoSwapped:
		h.order, h.fracUnit = binary.LittleEndian, time.Nanosecond
	case magicPcapng:
		return fileHeader{}, errors.New("a pcapng file: save it as classic pcap (tcpdump -w does; Wireshark: File > Save As > pcap; editcap -F pcap)")
	default:
		return fileHeader{}, fmt.Errorf("not a pcap file: magic number %#08x", magic)
	}
	// The upper bits of the link type field carry FCS information, not
	// the type.
	h.link = h.order.Uint32(b[20:24]) & 0xffff
	if !knownLink(h.link) {
		return fileHeader{}, fmt.Errorf("link-layer type %d is not one a capture of loopback or a veth has (Ethernet 1, NULL 0, LOOP 108, RAW 101/12/14, LINUX_SLL 113, LINUX_SLL2 276)", h.link)
	}
	return h, nil
}

// record is one captured packet: its time and the bytes captured (perhaps
// fewer than were on the wire: the snapshot length).
type record struct {
	at   time.Time
	data []byte
}

// readRecord reads the record after the file header or the record before,
// n counting from 1; io.EOF at a clean end of the file.
func readRecord(r io.Reader, h fileHeader, n int) (record, error) {
	var b [16]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return record{}, fmt.Errorf("packet %d: the file ends inside its 16-byte record header (was tcpdump killed while writing?)", n)
		}
		return record{}, err
	}
	sec, frac := h.order.Uint32(b[0:4]), h.order.Uint32(b[4:8])
	caplen := h.order.Uint32(b[8:12])
	if caplen > maxRecord {
		return record{}, fmt.Errorf("packet %d: claims %d captured bytes, more than any snapshot length (%d): a corrupt file", n, caplen, maxRecord)
	}
	data := make([]byte, caplen)
	if _, err := io.ReadFull(r, data); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return record{}, fmt.Errorf("packet %d: the file ends inside its %d bytes (was tcpdump killed while writing?)", n, caplen)
		}
		return record{}, err
	}
	at := time.Unix(int64(sec), int64(time.Duration(frac)*h.fracUnit))
	return record{at: at, data: data}, nil
}

// ReadPcap reads a classic pcap file, as tcpdump -w writes it (microsecond
// or nanosecond stamps, either byte order; link types Ethernet, NULL, LOOP,
// RAW, LINUX_SLL and LINUX_SLL2: loopback and veth on Linux, lo0 on macOS
// and the BSDs, tcpdump -i any), and returns its TCP segments over IPv4 and
// IPv6 in the file's order, each a Segment event: Local the source, Remote
// the destination, Packet the header's fields and the payload, Text the
// arrow's label (Label), At the capture's wall-clock stamp moved onto
// CLOCK_MONOTONIC with clock. Other packets are skipped, and so is the copy
// of a loopback packet that a Linux "any" capture may hold twice (see
// linkLayer). A segment cut by the snapshot length keeps what was captured
// and its label says so.
//
// A damaged file gives an error naming the packet, with the segments read
// before it (a file cut short because tcpdump was killed still shows what
// it holds).
func ReadPcap(r io.Reader, clock events.Clock) ([]events.Event, error) {
	h, err := readFileHeader(r)
	if err != nil {
		return nil, err
	}
	var evs []events.Event
	for n := 1; ; n++ {
		rec, err := readRecord(r, h, n)
		if errors.Is(err, io.EOF) {
			return evs, nil
		}
		if err != nil {
			return evs, err
		}
		seg, ok := decode(h.link, h.order, rec.data)
		if !ok {
			continue
		}
		seg.At = clock.FromWall(rec.at)
		evs = append(evs, seg)
	}
}
