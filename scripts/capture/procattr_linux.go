package capture

import (
	"os"
	"syscall"
)

// procAttr makes tcpdump end with the lab: if the lab dies without calling
// Stop (killed, or a crash), the kernel sends tcpdump SIGINT, on which it
// writes out what it holds and exits. The signal is tied to the thread that
// forks tcpdump, which is why Start forks from a goroutine of its own (see
// startProcess).
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGINT}
}

// credentialArgs keeps tcpdump's user as it is. Started as root, tcpdump
// switches to an unprivileged user once capturing (Debian: "tcpdump"), and
// Linux forgets the parent-death signal of a process whose user changes:
// a killed lab would leave it running. With -w, tcpdump dissects no packet,
// so staying root costs nothing the switch would protect.
func credentialArgs() []string {
	if os.Geteuid() == 0 {
		return []string{"-Z", "root"}
	}
	return nil
}
