package netlab

import "net/netip"

// Log, if set, is called with each command line before it runs, as a
// learner would type it (an nft script as a here-document), so a script
// can show how to do by hand what it does. Set it before making a Net.
var Log func(command string)

// Net is two hosts, the client's and the server's, each a network
// namespace, joined by a veth pair with MTU 1500 and the addresses
// 10.251.N.1 (the client) and 10.251.N.2 (the server) in 10.251.N.0/30,
// used only inside the two namespaces. N is the Net's own while it exists,
// even among Nets of other processes, so that two experiments run at once
// never share an address (the kernel's tracepoints are not per namespace:
// a trace filtered on addresses and ports must not see the other's
// packets). Loopback is up in each host; IPv6 is off on the link (no
// address is made), so that a capture shows only the experiment.
type Net struct {
	Client, Server Host
	Subnet         netip.Prefix // 10.251.N.0/30

	netState // what the platform keeps
}

// Host is one of the two hosts. What is in its namespace is seen only from
// inside: its sockets in /proc/PID/net/tcp of a process running in it (not
// /proc/net/tcp of a process outside), or with
// ip netns exec NAME ss -tan; its counters with ip netns exec NAME nstat.
type Host struct {
	Name  string     // its network namespace: "graceclose-PID-K-client"
	Addr  netip.Addr // its address on the link
	Iface string     // its end of the veth pair: "veth-client", "veth-server"
}

// Command returns argv run inside the host's namespace:
// {"ip", "netns", "exec", NAME, argv...}, for exec.Command (argv[0] is
// looked up in PATH), tcpdump included:
// h.Command("tcpdump", "-n", "-i", h.Iface). ip netns exec replaces itself
// with the program, so the process started is the program itself: its
// PID, its signals and its wait status are the program's.
func (h Host) Command(argv ...string) []string {
	return append([]string{"ip", "netns", "exec", h.Name}, argv...)
}

// Available reports whether two hosts can be made here: Linux, root, ip, ss
// (iproute2) and nft (nftables) installed, and network namespaces, veth and nftables working (it
// makes a Net, puts a fault on it and deletes both; once a process). If
// not, why says so in one line, with what to do.
func Available() (ok bool, why string) { return available() }

// NetemAvailable reports whether delay and loss can be added with Netem
// (tc qdisc netem); if not, why says so in one line ("this kernel has no
// sch_netem ..."), to be said once. It probes once a process.
func NetemAvailable() (ok bool, why string) { return netemAvailable() }

// New makes a Net: the two namespaces, the veth pair between them, the
// addresses, every interface up. When it fails, it has removed whatever it
// made (a panic in the middle included). Close the Net when done.
func New() (*Net, error) { return newNet() }

// Close deletes everything New and the faults made: it kills the processes
// still running in the hosts' namespaces (they belong to the experiment,
// and a namespace with a process in it lives on after its name is
// removed), destroys their sockets, and deletes the namespaces (which
// deletes the veth pair and the nftables tables inside). It also removes
// the namespaces left by processes killed with SIGKILL. Calling it again
// does nothing; it is safe to defer right after New and to call as well
// from the goroutine that handles Ctrl-C.
func (n *Net) Close() error { return n.close() }

// LinkDown takes the link down in both hosts (ip link set IFACE down):
// nothing passes, no RST can come, and neither end's TCP is told. With its
// interface down a host has no route to the other, so a send never leaves:
// TCP retransmits nothing (RetransSegs stays, no tcp:tcp_retransmit_skb
// event; IpOutNoRoutes counts the attempts) and gives up at its timeout
// with ETIMEDOUT. For retransmissions lost on the wire, use DropAll.
func (n *Net) LinkDown() error { return n.setLink("down") }

// LinkUp puts the link back up in both hosts (after LinkDown): the
// routes come back with the interfaces, and retransmissions get through.
func (n *Net) LinkUp() error { return n.setLink("up") }

// RemoveHost makes a host disappear without a FIN or a RST, as a machine
// that loses power: its end of the link goes down first, so nothing it
// would say can leave; every process in its namespace is killed (SIGKILL)
// and waited for, its sockets are destroyed (ss -K), and its namespace is
// deleted. Its end of the veth pair is moved, down, into a namespace of
// its own (graceclose-PID-K-void) until Close: the other host keeps its
// interface, up but without carrier, as a NIC whose cable leads to a
// machine that is off. (Deleting the namespace would otherwise delete the
// pair, the other host's interface with it, at a moment no one chooses:
// when the last orphaned socket in it times out.)
//
// The other host is not told: its sockets stay ESTABLISHED until it sends
// and TCP gives up, or a keepalive probe goes unanswered. Without carrier
// its kernel forgets the neighbour and asks ARP again; what it sends waits
// for the answer in the ARP queue, so TCP's retransmissions fail (the
// tcp:tcp_retransmit_skb event has err=-16, EBUSY: the first copy has not
// left; RetransSegs does not count them). ARP gives up after 3 to 4 s and
// records "No route to host" as the connection's soft error: a connection
// that times out after that reports EHOSTUNREACH, not ETIMEDOUT (measured:
// TCP_USER_TIMEOUT 1 s, ETIMEDOUT; 5 s, EHOSTUNREACH).
func (n *Net) RemoveHost(h Host) error { return n.removeHost(h) }

// Drop drops every packet from sends on the link that matches the nftables
// expression what ("" for every packet, ARP included), such as
// "tcp flags & rst == rst". The packet is dropped where it arrives: the
// rule is on the ingress hook of the other host's end, in its namespace:
//
//	table netdev graceclose {
//		chain drop-K {
//			type filter hook ingress device "veth-server" priority filter; policy accept;
//			WHAT counter drop
//		}
//	}
func (n *Net) Drop(from Host, what string) (*Fault, error) {
	return n.drop(from, what, "drop")
}

// DropFirst drops, of each TCP connection, the first packet from sends that
// matches what; the ones after it pass. It is dropped where it arrives, as
// with Drop. The connections already hit are remembered in a set, in the
// kernel, by their ports (each host has one address on the link), so the
// drop is exact however fast a retransmission follows:
//
//	table netdev graceclose {
//		set drop-first-K {
//			type inet_service . inet_service
//			size 65535
//			flags dynamic
//		}
//		chain drop-first-K {
//			type filter hook ingress device "veth-server" priority filter; policy accept;
//			WHAT tcp sport . tcp dport @drop-first-K accept
//			WHAT add @drop-first-K { tcp sport . tcp dport } counter drop
//		}
//	}
//
// (nftables' quota does not fit: it counts bytes, for all connections
// together. "tcp flags & fin == fin quota until 60 bytes drop" drops a
// first FIN of 52 bytes and passes its retransmission, but depends on the
// FIN's size, and passes the next connection's first FIN: measured. A rule
// the Go code deletes once its counter moves would race with the
// retransmission, 200 ms later.)
func (n *Net) DropFirst(from Host, what string) (*Fault, error) {
	return n.dropFirst(from, what, "drop-first")
}

// DropFirstFIN drops the first segment with FIN set that from sends on
// each connection; its retransmission (an RTO later) passes. It is
// DropFirst(from, "tcp flags & fin == fin").
func (n *Net) DropFirstFIN(from Host) (*Fault, error) {
	return n.dropFirst(from, "tcp flags & fin == fin", "drop-first-fin")
}

// CrossFINs makes the two ends' FINs cross, however late one end closes:
// each host drops the other's FIN on a connection until it has sent its
// own, so that each end sends its FIN before it has received the other's
// (both end as active closers, both hosts keep a time-wait socket), and
// drops the first one in any case, as DropFirstFIN does. When both ends
// close within a few milliseconds, both first FINs are lost and their
// retransmissions leave on the same timer tick and cross on the wire: both
// ends go through CLOSING. When one end closes later, the other's FIN is
// held back until then; the first FIN sent again reaches an end still in
// FIN_WAIT1, before the ACK of its own FIN: that end goes through CLOSING,
// the other through FIN_WAIT2. (With DropFirstFIN on both hosts, an end
// that closed after the other's FIN was sent again, 200 ms later, made an
// ordinary close: a test machine under load was 1 s late.)
//
// Each host gets crossScript's chains: on egress, its own FINs noted in a
// set; on ingress, the other's dropped by it.
func (n *Net) CrossFINs() (*Fault, error) { return n.crossFINs() }

// DropRST drops every segment with RST set that from sends: the other host
// never learns that from's socket is gone. It is
// Drop(from, "tcp flags & rst == rst").
func (n *Net) DropRST(from Host) (*Fault, error) {
	return n.drop(from, "tcp flags & rst == rst", "drop-rst")
}

// DropAll drops everything on the link, both ways, ARP included: a cable
// cut while both interfaces stay up, so neither host is told. It is
// Drop(n.Client, "") and Drop(n.Server, "") as one Fault. What TCP sends
// leaves and is lost: its retransmissions are real ones (RetransSegs,
// tcp:tcp_retransmit_skb with err=0) until it gives up, ETIMEDOUT. With
// ARP gone too, a host's neighbour entry for the other fails within a
// minute (reachable 15 to 45 s, then stale, delay 5 s, 3 probes a second
// apart), and from then on a connection that times out reports
// EHOSTUNREACH, "No route to host" (measured: after 56 s).
func (n *Net) DropAll() (*Fault, error) { return n.dropAll() }

// Netem adds delay, loss, reordering... to what from sends, with a netem
// queueing discipline on its end of the link:
// tc -n NS qdisc add dev IFACE root netem ARGS (args: "delay", "100ms").
// netem's loss happens after TCP has handed the packet to the device, so
// it is a loss on the wire. Only where NetemAvailable; one Netem per host
// at a time.
func (n *Net) Netem(from Host, args ...string) (*Fault, error) { return n.netem(from, args) }

// Fault is a fault in place on the link; Remove takes it away.
type Fault struct {
	desc string

	faultState // what the platform keeps
}

// String says what the fault does: "drops the first FIN the client sends
// on each connection".
func (f *Fault) String() string { return f.desc }

// Rules returns what the fault installed: its nft scripts, one a
// namespace, each after a "# in NAMESPACE" line (or the tc command for
// netem), as a learner would type them.
func (f *Fault) Rules() string { return f.rules() }

// Dropped returns how many packets the fault has dropped so far (its rules'
// counters; netem's drop count), on all the hosts it is on.
func (f *Fault) Dropped() (int, error) { return f.dropped() }

// Remove takes the fault away. Calling it again, or after the Net is
// closed or its host removed, does nothing.
func (f *Fault) Remove() error { return f.remove() }

// CommandError is a command that failed.
type CommandError struct {
	Command string // the command line, as a learner would type it
	Stderr  string // what it wrote on standard error
	Err     error  // how it ended: an *exec.ExitError, a time-out, or why it could not start
}

// Error reads "COMMAND: exit status 1: STDERR".
func (e *CommandError) Error() string {
	msg := e.Command + ": " + e.Err.Error()
	if e.Stderr != "" {
		msg += ": " + e.Stderr
	}
	return msg
}

// Unwrap returns how the command ended.
func (e *CommandError) Unwrap() error { return e.Err }

// Leftovers lists what of this package's exists now, in any process's
// name: the network namespaces named graceclose-*, and in the root
// namespace, the links named veth-client*, veth-server* or graceclose* and
// the nftables tables named graceclose (none of which it makes there),
// each as "netns NAME", "link NAME", "table FAMILY NAME". For the tests'
// "nothing left" checks and a clear message.
func Leftovers() ([]string, error) { return leftovers() }
