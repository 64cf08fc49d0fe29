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
	ns      string // the namespace
	chain   string // the nftables chain it made, or ""
	set     bool   // it made a set of the same name too
	iface   string // the interface its netem qdisc is on, or ""
	script  string // what made it: an nft script, a tc command
	removed bool   // Remove has taken it away
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
		faultState: faultState{net: n, parts: []faultPart{{ns: to.Name, chain: chain, set: first, script: script}}}}, nil
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
		var out string
		var err error
		if p.iface != "" {
			out, err = run("", "tc", "-n", p.ns, "-s", "qdisc", "show", "dev", p.iface)
		} else {
			out, err = run("", "ip", "netns", "exec", p.ns, "nft", "list", "chain", "netdev", tableName, p.chain)
		}
		if err != nil {
			return 0, err
		}
		total += sumCounts(out, p.iface != "")
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
			// One transaction: the rules, the chain, then the set they used.
			script := fmt.Sprintf("flush chain netdev %s %s\ndelete chain netdev %s %s\n", tableName, p.chain, tableName, p.chain)
			if p.set {
				script += fmt.Sprintf("delete set netdev %s %s\n", tableName, p.chain)
			}
			err = nftIn(p.ns, script)
		}
		p.removed = err == nil
		errs = append(errs, err)
	}
	err := errors.Join(errs...)
	f.removed = err == nil
	return err
}
