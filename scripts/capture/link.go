package capture

import "encoding/binary"

// Link-layer header types (LINKTYPE_* of the pcap format) of the interfaces
// the lab captures on.
const (
	linkNull    = 0   // BSD loopback: a 4-byte address family in the capturing host's order (macOS lo0, FreeBSD, NetBSD)
	linkEther   = 1   // Ethernet: Linux lo and veth
	linkRaw12   = 12  // raw IP, as some systems number DLT_RAW
	linkRaw14   = 14  // raw IP, OpenBSD's DLT_RAW
	linkRaw     = 101 // raw IP
	linkLoop    = 108 // OpenBSD loopback: a 4-byte address family in network order
	linkSLL     = 113 // Linux "cooked" v1: tcpdump -i any, or -y LINUX_SLL
	linkSLL2    = 276 // Linux "cooked" v2: tcpdump -i any (libpcap 1.10 and later)
	etherIPv4   = 0x0800
	etherIPv6   = 0x86dd
	etherVLAN   = 0x8100
	etherQinQ   = 0x88a8
	arphrdLoop  = 772 // ARPHRD_LOOPBACK, the cooked header's device type for lo
	pktOutgoing = 4   // PACKET_OUTGOING, the cooked header's packet type for a packet sent
)

func knownLink(link uint32) bool {
	switch link {
	case linkNull, linkEther, linkRaw12, linkRaw14, linkRaw, linkLoop, linkSLL, linkSLL2:
		return true
	}
	return false
}

// linkLayer strips the link-layer header from a packet and returns what it
// carries when that is IP (version 4 or 6: the IP header says which), or ok
// false for anything else (ARP, another protocol, a header cut short).
//
// A Linux "any" capture sees a packet on lo twice, once sent and once
// received; libpcap drops the sent copy, but a capture made otherwise may
// hold both, so the sent copy on a loopback device is skipped here: the lab
// must never draw one segment as two arrows.
func linkLayer(link uint32, order binary.ByteOrder, p []byte) (ip []byte, ok bool) {
	switch link {
	case linkEther:
		if len(p) < 14 {
			return nil, false
		}
		ethertype, rest := binary.BigEndian.Uint16(p[12:14]), p[14:]
		// At most two VLAN tags (802.1Q, and 802.1ad outside it).
		for range 2 {
			if ethertype != etherVLAN && ethertype != etherQinQ {
				break
			}
			if len(rest) < 4 {
				return nil, false
			}
			ethertype, rest = binary.BigEndian.Uint16(rest[2:4]), rest[4:]
		}
		return ipOf(ethertype, rest)
	case linkNull, linkLoop:
		if len(p) < 4 {
			return nil, false
		}
		family := binary.BigEndian.Uint32(p[:4])
		if link == linkNull {
			// The capturing host's byte order: the file's, unless the
			// file was converted; a family is small either way.
			family = order.Uint32(p[:4])
			if family > 0xffff {
				family = swap32(family)
			}
		}
		switch family {
		case 2: // AF_INET everywhere
			return p[4:], true
		case 24, 28, 30: // AF_INET6: NetBSD and OpenBSD, FreeBSD, macOS
			return p[4:], true
		}
		return nil, false
	case linkRaw, linkRaw12, linkRaw14:
		return p, true
	case linkSLL:
		if len(p) < 16 {
			return nil, false
		}
		pktType, hatype := binary.BigEndian.Uint16(p[0:2]), binary.BigEndian.Uint16(p[2:4])
		if pktType == pktOutgoing && hatype == arphrdLoop {
			return nil, false
		}
		return ipOf(binary.BigEndian.Uint16(p[14:16]), p[16:])
	case linkSLL2:
		if len(p) < 20 {
			return nil, false
		}
		hatype, pktType := binary.BigEndian.Uint16(p[8:10]), p[10]
		if pktType == pktOutgoing && hatype == arphrdLoop {
			return nil, false
		}
		return ipOf(binary.BigEndian.Uint16(p[0:2]), p[20:])
	}
	return nil, false
}

// ipOf keeps a payload whose ethertype is IPv4 or IPv6.
func ipOf(ethertype uint16, payload []byte) ([]byte, bool) {
	if ethertype == etherIPv4 || ethertype == etherIPv6 {
		return payload, true
	}
	return nil, false
}

func swap32(v uint32) uint32 {
	return v>>24 | v>>8&0xff00 | v<<8&0xff0000 | v<<24
}
