package netlab

import (
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// The names this package gives.
const (
	namePrefix  = "graceclose-" // of its namespaces: graceclose-PID-K-ROLE
	clientIface = "veth-client"
	serverIface = "veth-server"
	tableName   = "graceclose" // its nftables table in each namespace
	netnsDir    = "/var/run/netns"
)

// netState is what a Net keeps on Linux.
type netState struct {
	mu     sync.Mutex
	id     int       // K in the namespaces' names
	claim  io.Closer // holds the subnet (see claimSubnet)
	closed bool
	faults int               // how many faults were made: numbers their chains
	gone   map[string]bool   // the hosts RemoveHost removed, by namespace
	where  map[string]string // the namespace each veth end is in now
	void   string            // the namespace a removed host's end is kept in
}

// netCount numbers the process's Nets: K in their namespaces' names.
var netCount atomic.Int64

// newStep, if set (by the tests), is called after each of New's commands
// with how many have run; an error from it fails New there, as a failed
// command would, and a panic from it is a panic in the middle of New.
var newStep func(n *Net, done int) error

func newNet() (_ *Net, err error) {
	_ = removeStale() // a leftover that cannot go should not stop a new Net; Close reports it
	subnet, claim, err := claimSubnet()
	if err != nil {
		return nil, err
	}
	pid, id := os.Getpid(), int(netCount.Add(1)-1)
	n := &Net{Subnet: subnet, netState: netState{id: id, claim: claim, gone: map[string]bool{}}}
	n.Client = Host{Name: fmt.Sprintf("%s%d-%d-client", namePrefix, pid, id), Addr: subnet.Addr().Next(), Iface: clientIface}
	n.Server = Host{Name: fmt.Sprintf("%s%d-%d-server", namePrefix, pid, id), Addr: n.Client.Addr.Next(), Iface: serverIface}
	n.where = map[string]string{clientIface: n.Client.Name, serverIface: n.Server.Name}
	made := false
	defer func() {
		// An error, or a panic on its way up. (n is not the result, which
		// a return nil, err has set to nil by now.)
		if !made {
			if cerr := n.close(); cerr != nil && err != nil {
				err = fmt.Errorf("%w (and removing what was made: %v)", err, cerr)
			}
		}
	}()
	for i, argv := range n.setup() {
		if _, err := run("", argv...); err != nil {
			return nil, err
		}
		if newStep != nil {
			if err := newStep(n, i+1); err != nil {
				return nil, err
			}
		}
	}
	made = true
	return n, nil
}

// setup is the commands that make the Net. The veth pair is made with each
// end already in its namespace: nothing of it ever exists in the root
// namespace, so Nets never collide on an interface name. addrgenmode none
// keeps IPv6 from giving the link an address, and so from sending router
// solicitations and multicast listener reports a capture would show.
func (n *Net) setup() [][]string {
	c, s := n.Client, n.Server
	bits := strconv.Itoa(n.Subnet.Bits())
	return [][]string{
		{"ip", "netns", "add", c.Name},
		{"ip", "netns", "add", s.Name},
		{"ip", "link", "add", c.Iface, "mtu", "1500", "netns", c.Name, "type", "veth",
			"peer", "name", s.Iface, "mtu", "1500", "netns", s.Name},
		{"ip", "-n", c.Name, "link", "set", c.Iface, "addrgenmode", "none"},
		{"ip", "-n", s.Name, "link", "set", s.Iface, "addrgenmode", "none"},
		{"ip", "-n", c.Name, "addr", "add", c.Addr.String() + "/" + bits, "dev", c.Iface},
		{"ip", "-n", s.Name, "addr", "add", s.Addr.String() + "/" + bits, "dev", s.Iface},
		{"ip", "-n", c.Name, "link", "set", "lo", "up"},
		{"ip", "-n", s.Name, "link", "set", "lo", "up"},
		{"ip", "-n", c.Name, "link", "set", c.Iface, "up"},
		{"ip", "-n", s.Name, "link", "set", s.Iface, "up"},
	}
}

// claimSubnet finds a 10.251.N.0/30 no other Net uses now and holds it
// until the returned Closer is closed: N is claimed by binding an abstract
// Unix socket named after it (see claim).
func claimSubnet() (netip.Prefix, *os.File, error) {
	for n := range 256 {
		subnet := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 251, byte(n), 0}), 30)
		f, err := claim("subnet-" + subnet.String())
		if err == nil {
			return subnet, f, nil
		}
		if !errors.Is(err, unix.EADDRINUSE) {
			return netip.Prefix{}, nil, err
		}
	}
	return netip.Prefix{}, nil, errors.New("all 256 subnets 10.251.N.0/30 are in use by other Nets")
}

// claim takes what, for this process, until the returned file is closed,
// or fails with EADDRINUSE if another has it: it binds an abstract Unix
// socket named @graceclose-netlab-WHAT, a name only one socket in the
// network namespace can have, which the kernel releases when the process
// ends, however it ends. No file to remove, no lock to go stale.
func claim(what string) (*os.File, error) {
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, os.NewSyscallError("socket", err)
	}
	if err := unix.Bind(fd, &unix.SockaddrUnix{Name: "@graceclose-netlab-" + what}); err != nil {
		unix.Close(fd)
		return nil, os.NewSyscallError("bind", err)
	}
	return os.NewFile(uintptr(fd), "claim "+what), nil
}

func (n *Net) close() error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed {
		return nil
	}
	n.closed = true
	var names []string
	for _, ns := range []string{n.Client.Name, n.Server.Name, n.void} {
		if ns != "" && !n.gone[ns] {
			names = append(names, ns)
		}
	}
	errs := []error{deleteNamespaces(names...)}
	if n.claim != nil {
		n.claim.Close()
	}
	errs = append(errs, removeStale())
	return errors.Join(errs...)
}

// usable says why the Net cannot be used, if it cannot. n.mu is held.
func (n *Net) usable() error {
	if n.closed {
		return errors.New("netlab: the Net is closed")
	}
	return nil
}

// role names a host as a learner would: "the client".
func (n *Net) role(h Host) string {
	switch h.Name {
	case n.Client.Name:
		return "the client"
	case n.Server.Name:
		return "the server"
	}
	return "host " + h.Name
}

// peerOf returns the host at the other end of the link from h, which must
// be one of n's.
func (n *Net) peerOf(h Host) (Host, error) {
	switch h.Name {
	case n.Client.Name:
		return n.Server, nil
	case n.Server.Name:
		return n.Client, nil
	}
	return Host{}, fmt.Errorf("netlab: %q is not a host of this Net (%s, %s)", h.Name, n.Client.Name, n.Server.Name)
}

// removeStale deletes the namespaces graceclose-PID-* whose process is
// gone: a process killed with SIGKILL runs no Close. A PID in use again by
// another process keeps its leftovers until that one ends too. One removal
// at a time, among all processes: two at once would kill each other's
// commands running in the namespace; when another is at it, this one does
// nothing.
func removeStale() error {
	busy, err := claim("removing-stale")
	if errors.Is(err, unix.EADDRINUSE) {
		return nil
	}
	if err != nil {
		return err
	}
	defer busy.Close()
	names, err := namespaces()
	if err != nil {
		return err
	}
	var stale []string
	for _, ns := range names {
		if pid, ok := ownerPID(ns); ok && pid != os.Getpid() && !alive(pid) {
			stale = append(stale, ns)
		}
	}
	return deleteNamespaces(stale...)
}

// ownerPID reads PID from a namespace name graceclose-PID-...
func ownerPID(ns string) (int, bool) {
	rest, ok := strings.CutPrefix(ns, namePrefix)
	if !ok {
		return 0, false
	}
	digits, _, ok := strings.Cut(rest, "-")
	pid, err := strconv.Atoi(digits)
	return pid, ok && err == nil && pid > 0
}

// alive reports whether process pid exists (EPERM: it does, someone else's).
func alive(pid int) bool {
	err := unix.Kill(pid, 0)
	return err == nil || err == unix.EPERM
}

// namespaces lists the named network namespaces: ip netns list prints
// "NAME" or "NAME (id: N)" a line.
func namespaces() ([]string, error) {
	out, err := run("", "ip", "netns", "list")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			names = append(names, f[0])
		}
	}
	return names, nil
}

// nsExists reports whether the namespace named ns exists (has its name).
func nsExists(ns string) bool {
	_, err := os.Stat(netnsDir + "/" + ns)
	return err == nil
}
