package netlab

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"

	"graceclose/scripts/lang"
)

// available probes once a process: what it finds does not change.
var available = sync.OnceValues(probe)

// probe is Available's work.
func probe() (bool, string) {
	if os.Geteuid() != 0 {
		return false, lang.Mark("two hosts need root (network namespaces): run it with sudo")
	}
	for _, tool := range []struct{ name, pkg string }{{"ip", "iproute2"}, {"nft", "nftables"}, {"ss", "iproute2"}} {
		if _, err := exec.LookPath(tool.name); err != nil {
			return false, fmt.Sprintf(lang.Mark("two hosts need the %s command: sudo apt-get install %s"), tool.name, tool.pkg)
		}
	}
	// The probe is the real thing: a Net, and a fault on it.
	n, err := New()
	if err == nil {
		var f *Fault
		if f, err = n.DropRST(n.Client); err == nil {
			err = f.Remove()
		}
		err = errors.Join(err, n.Close())
	}
	if err != nil {
		return false, fmt.Sprintf(lang.Mark("two hosts cannot be made here (network namespaces, veth or nftables fail; in a container, it needs --privileged): %s"), firstLine(err.Error()))
	}
	return true, ""
}

var netemAvailable = sync.OnceValues(func() (bool, string) {
	if ok, why := Available(); !ok {
		return false, why
	}
	if _, err := exec.LookPath("tc"); err != nil {
		return false, lang.Mark("no delay or loss: the tc command is missing: sudo apt-get install iproute2")
	}
	n, err := New()
	if err != nil {
		return false, fmt.Sprintf(lang.Mark("no delay or loss: %s"), firstLine(err.Error()))
	}
	defer n.Close()
	f, err := n.Netem(n.Client, "delay", "1ms")
	if err != nil {
		var ce *CommandError
		if errors.As(err, &ce) && strings.Contains(ce.Stderr, "qdisc kind is unknown") {
			return false, lang.Mark("this kernel has no sch_netem (tc: \"Specified qdisc kind is unknown\"): no delay or loss, only the faults nftables makes")
		}
		return false, fmt.Sprintf(lang.Mark("no delay or loss: %s"), firstLine(err.Error()))
	}
	if err := f.Remove(); err != nil {
		return false, fmt.Sprintf(lang.Mark("no delay or loss: %s"), firstLine(err.Error()))
	}
	return true, ""
})

// firstLine is the first line of a message.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
