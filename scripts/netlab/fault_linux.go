package netlab

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// faultState is what a Fault keeps on Linux.
type faultState struct {
	net   *Net
	parts []faultPart

	mu      sync.Mutex
	removed bool
}

// faultPart is what a fault put in one namespace.
type faultPart struct {
	ns      string   // the namespace
	chains  []string // the nftables chains it made (their counters count its drops)
	sets    []string // the nftables sets they use
	iface   string   // the interface its netem qdisc is on, or ""
	script  string   // what made it: an nft script, a tc command
	removed bool     // Remove has taken it away
}

func (n *Net) drop(from Host, what, kind string) (*Fault, error) {
	return n.addFault(from, what, kind, false)
}

func (n *Net) dropFirst(from Host, what, kind string) (*Fault, error) {
	return n.addFault(from, what, kind, true)
}

func (n *Net) addFault(from Host, what, kind string, first bool) (*Fault, error) {
	if strings.ContainsAny(what, "\n;#") {
		return nil, fmt.Errorf("netlab: %q: one nftables match expression, without newline, ';' or '#'", what)
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := n.usable(); err != nil {
		return nil, err
	}
	to, err := n.peerOf(from)
	if err != nil {
		return nil, err
	}
	if n.gone[to.Name] {
		return nil, fmt.Errorf("netlab: %s's host was removed: nothing receives what %s sends", n.role(to), n.role(from))
	}
	n.faults++
	chain := kind + "-" + strconv.Itoa(n.faults)
	script := dropScript(chain, to.Iface, what, first)
	if err := nftIn(to.Name, script); err != nil {
		return nil, err
	}
	return &Fault{desc: describe(n.role(from), what, kind, first),
		faultState: faultState{net: n, parts: []faultPart{{ns: to.Name, chains: []string{chain}, sets: setOf(chain, first), script: script}}}}, nil
}

// setOf is the set a drop chain uses: one of the chain's name for
// DropFirst, none for Drop.
func setOf(chain string, first bool) []string {
	if first {
		return []string{chain}
	}
	return nil
}

func (n *Net) crossFINs() (*Fault, error) {
	n.mu.Lock()
	n.faults++
	name := "cross-fins-" + strconv.Itoa(n.faults)
	n.mu.Unlock()
	f := &Fault{desc: "holds back each end's FIN until the other end has sent its own, and drops the first one in any case: the two FINs cross",
		faultState: faultState{net: n}}
	for _, h := range []Host{n.Client, n.Server} {
		part, err := n.crossOn(h, name)
		if err != nil {
			return nil, errors.Join(err, f.remove())
		}
		f.parts = append(f.parts, part)
	}
	return f, nil
}

// crossOn puts CrossFINs' chains and sets, named after name, on h.
func (n *Net) crossOn(h Host, name string) (faultPart, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := n.usable(); err != nil {
		return faultPart{}, err
	}
	if n.gone[h.Name] {
		return faultPart{}, fmt.Errorf("netlab: %s's host was removed", n.role(h))
	}
	script := crossScript(name, h.Iface)
	if err := nftIn(h.Name, script); err != nil {
		return faultPart{}, err
	}
	return faultPart{ns: h.Name, script: script,
		chains: []string{name + "-out", name + "-in"}, sets: []string{name + "-sent", name + "-first"}}, nil
}

func (n *Net) dropAll() (*Fault, error) {
	f := &Fault{desc: "drops everything on the link, both ways", faultState: faultState{net: n}}
	for _, from := range []Host{n.Client, n.Server} {
		one, err := n.drop(from, "", "drop-all")
		if err != nil {
			return nil, errors.Join(err, f.remove())
		}
		f.parts = append(f.parts, one.parts...)
	}
	return f, nil
}

func (n *Net) netem(from Host, args []string) (*Fault, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := n.usable(); err != nil {
		return nil, err
	}
	if _, err := n.peerOf(from); err != nil {
		return nil, err
	}
	if n.gone[from.Name] {
		return nil, fmt.Errorf("netlab: %s's host was removed", n.role(from))
	}
	argv := append([]string{"tc", "-n", from.Name, "qdisc", "add", "dev", from.Iface, "root", "netem"}, args...)
	if _, err := run("", argv...); err != nil {
		return nil, err
	}
	return &Fault{desc: fmt.Sprintf("netem %s on what %s sends", strings.Join(args, " "), n.role(from)),
		faultState: faultState{net: n, parts: []faultPart{{ns: from.Name, iface: from.Iface, script: commandLine(argv, "")}}}}, nil
}

// dropScript is the nft script that makes a fault's chain (see Drop and
// DropFirst): a base chain of its own on the ingress hook of the receiving
// end, so that removing the fault is deleting its chain.
func dropScript(chain, iface, what string, first bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "table netdev %s {\n", tableName)
	if first {
		fmt.Fprintf(&b, "\tset %s {\n\t\ttype inet_service . inet_service\n\t\tsize 65535\n\t\tflags dynamic\n\t}\n", chain)
	}
	fmt.Fprintf(&b, "\tchain %s {\n", chain)
	fmt.Fprintf(&b, "\t\ttype filter hook ingress device %q priority filter; policy accept;\n", iface)
	match := strings.TrimSpace(what)
	if match != "" {
		match += " "
	}
	if first {
		fmt.Fprintf(&b, "\t\t%stcp sport . tcp dport @%s accept\n", match, chain)
		fmt.Fprintf(&b, "\t\t%sadd @%s { tcp sport . tcp dport } counter drop\n", match, chain)
	} else {
		fmt.Fprintf(&b, "\t\t%scounter drop\n", match)
	}
	b.WriteString("\t}\n}\n")
	return b.String()
}

// crossScript is the nft script of CrossFINs on one host, whose end of
// the link is iface: an egress chain notes each connection on which this
// host has sent its FIN; the ingress chain drops the other host's FIN on
// a connection where this host has not (and notes it dropped one), and
// otherwise drops the first one only:
//
//	table netdev graceclose {
//		set NAME-sent { ... }   (ports, as the other host's packets carry them)
//		set NAME-first { ... }  (the connections whose FIN was dropped once)
//		chain NAME-out { type filter hook egress device IFACE ...
//			tcp flags & fin == fin add @NAME-sent { tcp dport . tcp sport }
//		}
//		chain NAME-in { type filter hook ingress device IFACE ...
//			FIN, not in @NAME-sent: add @NAME-first, drop
//			FIN, in @NAME-first: accept
//			FIN: add @NAME-first, drop
//		}
//	}
func crossScript(name, iface string) string {
	const fin = "tcp flags & fin == fin"
	const ports = "tcp sport . tcp dport"
	var b strings.Builder
	fmt.Fprintf(&b, "table netdev %s {\n", tableName)
	for _, set := range []string{name + "-sent", name + "-first"} {
		fmt.Fprintf(&b, "\tset %s {\n\t\ttype inet_service . inet_service\n\t\tsize 65535\n\t\tflags dynamic\n\t}\n", set)
	}
	fmt.Fprintf(&b, "\tchain %s-out {\n", name)
	fmt.Fprintf(&b, "\t\ttype filter hook egress device %q priority filter; policy accept;\n", iface)
	fmt.Fprintf(&b, "\t\t%s add @%s-sent { tcp dport . tcp sport }\n", fin, name)
	b.WriteString("\t}\n")
	fmt.Fprintf(&b, "\tchain %s-in {\n", name)
	fmt.Fprintf(&b, "\t\ttype filter hook ingress device %q priority filter; policy accept;\n", iface)
	fmt.Fprintf(&b, "\t\t%s %s != @%s-sent add @%s-first { %s } counter drop\n", fin, ports, name, name, ports)
	fmt.Fprintf(&b, "\t\t%s %s @%s-first accept\n", fin, ports, name)
	fmt.Fprintf(&b, "\t\t%s add @%s-first { %s } counter drop\n", fin, name, ports)
	b.WriteString("\t}\n}\n")
	return b.String()
}

// describe says what a fault does, for Fault.String.
func describe(who, what, kind string, first bool) string {
	switch kind {
	case "drop-first-fin":
		return "drops the first FIN " + who + " sends on each connection"
	case "drop-rst":
		return "drops every RST " + who + " sends"
	case "drop-all":
		return "drops everything " + who + " sends"
	}
	if what == "" {
		what = "everything"
	}
	if first {
		return fmt.Sprintf("drops, of each connection, the first packet %s sends matching %q", who, what)
	}
	return fmt.Sprintf("drops what %s sends matching %q", who, what)
}

func (f *Fault) rules() string {
	var b strings.Builder
	for _, p := range f.parts {
		fmt.Fprintf(&b, "# in %s\n%s", p.ns, p.script)
		if !strings.HasSuffix(p.script, "\n") {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// counterRE finds the packets in nft list's "counter packets 1 bytes 52"
// and tc -s's "Sent 0 bytes 0 pkt (dropped 1, overlimits 0 requeues 0)".
var (
	counterRE = regexp.MustCompile(`counter packets (\d+) bytes`)
	tcDropRE  = regexp.MustCompile(`\(dropped (\d+),`)
)

func (f *Fault) dropped() (int, error) {
	n := f.net
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := n.usable(); err != nil {
		return 0, err
	}
	total := 0
	for _, p := range f.parts {
		if p.iface != "" {
			out, err := run("", "tc", "-n", p.ns, "-s", "qdisc", "show", "dev", p.iface)
			if err != nil {
				return 0, err
			}
			total += sumCounts(out, true)
		}
		for _, chain := range p.chains {
			out, err := run("", "ip", "netns", "exec", p.ns, "nft", "list", "chain", "netdev", tableName, chain)
			if err != nil {
				return 0, err
			}
			total += sumCounts(out, false)
		}
	}
	return total, nil
}

// sumCounts adds the packet counts in nft list's output (tc's, if tc).
func sumCounts(out string, tc bool) int {
	re := counterRE
	if tc {
		re = tcDropRE
	}
	total := 0
	for _, m := range re.FindAllStringSubmatch(out, -1) {
		k, _ := strconv.Atoi(m[1])
		total += k
	}
	return total
}

func (f *Fault) remove() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.removed {
		return nil
	}
	n := f.net
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		f.removed = true
		return nil // its namespaces, and it with them, are gone
	}
	var errs []error
	for i := range f.parts {
		p := &f.parts[i]
		if p.removed || !nsExists(p.ns) {
			continue
		}
		var err error
		if p.iface != "" {
			_, err = run("", "tc", "-n", p.ns, "qdisc", "del", "dev", p.iface, "root")
		} else {
			// One transaction: the rules, the chains, then the sets they used.
			var script strings.Builder
			for _, chain := range p.chains {
				fmt.Fprintf(&script, "flush chain netdev %s %s\ndelete chain netdev %s %s\n", tableName, chain, tableName, chain)
			}
			for _, set := range p.sets {
				fmt.Fprintf(&script, "delete set netdev %s %s\n", tableName, set)
			}
			err = nftIn(p.ns, script.String())
		}
		p.removed = err == nil
		errs = append(errs, err)
	}
	err := errors.Join(errs...)
	f.removed = err == nil
	return err
}
