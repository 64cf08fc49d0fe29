package capture

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"net/netip"

	"graceclose/scripts/events"
)

// decode turns one captured packet into a Segment event (without its time),
// or ok false when it is not a TCP segment over IP, or is cut before its
// ports, so that no connection can be named for it.
func decode(link uint32, order binary.ByteOrder, data []byte) (events.Event, bool) {
	ip, ok := linkLayer(link, order, data)
	if !ok {
		return events.Event{}, false
	}
	src, dst, tcp, wireLen, ok := ipLayer(ip)
	if !ok || len(tcp) < 4 {
		return events.Event{}, false
	}
	e := events.Event{
		Kind:   events.Segment,
		Source: "capture",
		Local:  netip.AddrPortFrom(src, binary.BigEndian.Uint16(tcp[0:2])),
		Remote: netip.AddrPortFrom(dst, binary.BigEndian.Uint16(tcp[2:4])),
	}
	if len(tcp) < 20 {
		// The snapshot length cut the fixed header: the ports are
		// known, the rest is not.
		e.Packet = &events.Packet{}
		e.Text = fmt.Sprintf("? (TCP header cut: %d of 20 bytes captured)", len(tcp))
		return e, true
	}
	hlen := int(tcp[12]>>4) * 4
	if hlen < 20 || hlen > wireLen {
		return events.Event{}, false // not a TCP header tcpdump could read either
	}
	p := &events.Packet{
		Flags:  flagLetters(uint16(tcp[12]&1)<<8 | uint16(tcp[13])),
		Seq:    binary.BigEndian.Uint32(tcp[4:8]),
		Ack:    binary.BigEndian.Uint32(tcp[8:12]),
		Window: binary.BigEndian.Uint16(tcp[14:16]),
	}
	if len(tcp) > hlen {
		p.Payload = bytes.Clone(tcp[hlen:])
	}
	e.Packet = p
	e.Text = Label(*p, wireLen-hlen)
	return e, true
}

// ipLayer reads an IPv4 or IPv6 header and returns the addresses, the TCP
// segment's captured bytes (within the length the header gives) and its
// length on the wire, or ok false for anything but an unfragmented TCP
// segment with a readable IP header.
func ipLayer(p []byte) (src, dst netip.Addr, tcp []byte, wireLen int, ok bool) {
	if len(p) < 1 {
		return
	}
	switch p[0] >> 4 {
	case 4:
		return ipv4Layer(p)
	case 6:
		return ipv6Layer(p)
	}
	return
}

const protoTCP = 6

func ipv4Layer(p []byte) (src, dst netip.Addr, tcp []byte, wireLen int, ok bool) {
	ihl := int(p[0]&0x0f) * 4
	if len(p) < 20 || ihl < 20 || len(p) < ihl || p[9] != protoTCP {
		return
	}
	if frag := binary.BigEndian.Uint16(p[6:8]); frag&0x1fff != 0 || frag&0x2000 != 0 {
		return // a fragment: TCP on loopback and veth never needs them
	}
	total := int(binary.BigEndian.Uint16(p[2:4]))
	end := min(total, len(p))
	if total == 0 {
		// A segmentation-offload packet bigger than 64 KiB: the
		// length is the captured one.
		end = len(p)
		total = len(p)
	}
	if total < ihl {
		return
	}
	src = netip.AddrFrom4([4]byte(p[12:16]))
	dst = netip.AddrFrom4([4]byte(p[16:20]))
	return src, dst, p[ihl:end], total - ihl, true
}

// IPv6 extension headers that may come before TCP.
const (
	ext6HopByHop = 0
	ext6Routing  = 43
	ext6Fragment = 44
	ext6DestOpts = 60
)

func ipv6Layer(p []byte) (src, dst netip.Addr, tcp []byte, wireLen int, ok bool) {
	if len(p) < 40 {
		return
	}
	payloadLen := int(binary.BigEndian.Uint16(p[4:6]))
	next, off := p[6], 40
	for range 8 {
		if next != ext6HopByHop && next != ext6Routing && next != ext6Fragment && next != ext6DestOpts {
			break
		}
		if len(p) < off+8 {
			return
		}
		hdrLen := (int(p[off+1]) + 1) * 8
		if next == ext6Fragment {
			if frag := binary.BigEndian.Uint16(p[off+2 : off+4]); frag&0xfff8 != 0 || frag&1 != 0 {
				return
			}
			hdrLen = 8
		}
		next, off = p[off], off+hdrLen
	}
	if next != protoTCP || off > len(p) {
		return
	}
	end := min(40+payloadLen, len(p))
	if payloadLen == 0 {
		// A jumbogram (segmentation offload): the length is the
		// captured one.
		end, payloadLen = len(p), len(p)-40
	}
	if end < off {
		return
	}
	src = netip.AddrFrom16([16]byte(p[8:24]))
	dst = netip.AddrFrom16([16]byte(p[24:40]))
	return src, dst, p[off:end], payloadLen - (off - 40), true
}
