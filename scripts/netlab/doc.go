// Package netlab makes the two hosts of the lab's experiments across a real
// link: the client's host and the server's host, each a Linux network
// namespace, joined by a veth pair (a virtual cable), and the faults a real
// network has: a lost FIN, lost RSTs, a cut cable, a host that vanishes.
//
// Everything is done with the commands a learner would type (ip, nft, tc,
// ss), each one shown by Log, bounded in time, and named in its error with
// what it wrote on standard error. A Net looks like this:
//
//	graceclose-PID-K-client                 graceclose-PID-K-server
//	  veth-client 10.251.N.1/30 <--------> veth-server 10.251.N.2/30
//
// Faults are nftables rules in a table "netdev graceclose", on the
// receiving end's ingress hook: a packet a host "loses" has left its
// sender as on a real wire, and is dropped where it arrives. A drop in the
// sender's own output path (inet output, postrouting, or even netdev
// egress) is not a loss: the kernel's transmit returns an error to TCP,
// which then keeps the segment as unsent and sends it again from the
// persist timer, not as a retransmission (ss shows "timer:(persist" and
// "notsent:1"; RetransSegs does not move). Measured on Linux 6.18.
// A capture (tcpdump) on either end still shows a dropped packet: packet
// sockets see a frame before the ingress hook does. Fault.Dropped says how
// many the fault dropped.
//
// A Net is the process's own until Close, which deletes everything it
// made; defer it, and call it when Ctrl-C is caught. What a process that
// ended without Close left (killed with SIGKILL, or by a Ctrl-C it did not
// catch: namespaces graceclose-PID-* whose PID is gone) is removed by the
// next New or Close, in any process, and Leftovers lists it meanwhile.
package netlab
