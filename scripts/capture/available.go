package capture

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"graceclose/scripts/lang"
)

// Available reports whether packets can be captured on iface here: tcpdump
// is installed and allowed to capture (root, or CAP_NET_RAW). It finds out
// by trying, with a capture of `tcp port 0`, a port no connection uses,
// stopped at once. When capturing is not possible, why says so in one line
// a learner can act on.
func Available(iface string) (ok bool, why string) {
	if _, yes := availableOn.Load(iface); yes {
		return true, ""
	}
	ok, why = probe(iface)
	if ok {
		availableOn.Store(iface, true)
	}
	return ok, why
}

// availableOn remembers the interfaces a probe could capture on: the answer
// stands for the process (a "no" is asked again: tcpdump may have been
// installed since).
var availableOn sync.Map

// probe tries a capture on iface.
func probe(iface string) (ok bool, why string) {
	if _, err := exec.LookPath("tcpdump"); err != nil {
		return false, lang.Mark("tcpdump is not installed: install it (Debian/Ubuntu: sudo apt-get install tcpdump) and run as root (sudo)")
	}
	dir, err := os.MkdirTemp("", "graceclose-capture-probe-")
	if err != nil {
		return false, "cannot make a file for a probe capture: " + err.Error()
	}
	defer os.RemoveAll(dir)
	c, err := start(Options{Iface: iface, Path: filepath.Join(dir, "probe.pcap")}, "tcp port 0")
	if err != nil {
		return false, explain(iface, err.Error())
	}
	c.interrupt()
	return true, ""
}

// explain turns tcpdump's failure into what to do about it (in the
// catalog's words: the lab says them in the learner's language).
func explain(iface, msg string) string {
	switch {
	case strings.Contains(msg, "ermission") || strings.Contains(msg, "not permitted"):
		return fmt.Sprintf(lang.Mark("capturing packets on %s needs root (or CAP_NET_RAW): run with sudo"), iface)
	case strings.Contains(msg, "No such device") || strings.Contains(msg, "doesn't exist"):
		return fmt.Sprintf(lang.Mark("there is no interface %s here (%s)"), iface, msg)
	}
	return msg
}
