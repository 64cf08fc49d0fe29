package netlab

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

func (n *Net) setLink(state string) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := n.usable(); err != nil {
		return err
	}
	if state == "up" && n.void != "" {
		return errors.New("netlab: a host was removed: no link to put back up")
	}
	for _, iface := range []string{clientIface, serverIface} {
		if _, err := run("", "ip", "-n", n.where[iface], "link", "set", iface, state); err != nil {
			return err
		}
	}
	return nil
}

func (n *Net) removeHost(h Host) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := n.usable(); err != nil {
		return err
	}
	if _, err := n.peerOf(h); err != nil {
		return err
	}
	if n.gone[h.Name] {
		return nil
	}
	if _, err := run("", "ip", "-n", h.Name, "link", "set", h.Iface, "down"); err != nil {
		return err
	}
	if err := killIn(h.Name); err != nil {
		return err
	}
	if n.void == "" {
		void := fmt.Sprintf("%s%d-%d-void", namePrefix, os.Getpid(), n.id)
		if _, err := run("", "ip", "netns", "add", void); err != nil {
			return err
		}
		n.void = void
	}
	if _, err := run("", "ip", "-n", h.Name, "link", "set", h.Iface, "netns", n.void); err != nil {
		return err
	}
	n.where[h.Iface] = n.void
	if err := deleteNamespaces(h.Name); err != nil {
		return err
	}
	n.gone[h.Name] = true
	return nil
}

// deleteNamespaces deletes the namespaces quietly and at once. First every
// link in all of them goes down, so that nothing the teardown sends (a
// FIN, a RST) reaches anyone. Then in each, the processes are killed and
// the sockets destroyed: an orphaned socket still retransmitting would keep
// the namespace, its links and its packets alive, unnamed, for minutes
// (where its packets could show in the next experiment's trace, on the
// same addresses). Then its name is removed, which frees it. A namespace
// already gone is not an error.
func deleteNamespaces(names ...string) error {
	var errs []error
	for _, ns := range names {
		links, err := linksIn(ns)
		errs = append(errs, err)
		for _, link := range links {
			if _, err := run("", "ip", "-n", ns, "link", "set", link, "down"); err != nil {
				// A veth end goes with its peer's namespace: not an error.
				if still, _ := linksIn(ns); slices.Contains(still, link) {
					errs = append(errs, err)
				}
			}
		}
	}
	for _, ns := range names {
		errs = append(errs, killIn(ns))
		// ss -K destroys the sockets it lists (SOCK_DESTROY; -t TCP, -a in
		// every state). A kernel without it (CONFIG_INET_DIAG_DESTROY)
		// leaves them to time out, the namespace unnamed meanwhile: not
		// worth failing for.
		if nsExists(ns) {
			_, _ = run("", "ip", "netns", "exec", ns, "ss", "-K", "-t", "-a")
		}
		// Whatever failed above, the name goes: a Net leaves nothing named.
		if _, err := run("", "ip", "netns", "del", ns); err != nil && nsExists(ns) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// linksIn lists the links of namespace ns but loopback: ip -o link show
// prints "2: veth-client@if3: <...> ..." a line.
func linksIn(ns string) ([]string, error) {
	if !nsExists(ns) {
		return nil, nil
	}
	out, err := run("", "ip", "-n", ns, "-o", "link", "show")
	if err != nil {
		return nil, err
	}
	var links []string
	for _, name := range linkNames(out) {
		if name != "lo" {
			links = append(links, name)
		}
	}
	return links, nil
}

// linkNames reads the names in ip -o link show's output.
func linkNames(out string) []string {
	var names []string
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || !strings.HasSuffix(f[0], ":") {
			continue
		}
		name, _, _ := strings.Cut(strings.TrimSuffix(f[1], ":"), "@")
		names = append(names, name)
	}
	return names
}

// killIn kills (SIGKILL) every process in namespace ns and waits until
// none is left: a process is in it when its /proc/PID/ns/net is the same
// file as the namespace's name, as ip netns pids NS finds them. A process
// that has died is out of the namespace even before its parent reaps it.
func killIn(ns string) error {
	deadline := time.Now().Add(commandTimeout)
	for logged := false; ; logged = true {
		id, pids, err := pidsIn(ns)
		if err != nil || len(pids) == 0 {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("netlab: processes %v still in %s %v after SIGKILL", pids, ns, commandTimeout)
		}
		if Log != nil && !logged {
			Log("kill -KILL $(ip netns pids " + ns + ")  # " + strings.Trim(fmt.Sprint(pids), "[]"))
		}
		for _, pid := range pids {
			if err := killIfIn(pid, id); err != nil {
				return err
			}
		}
		time.Sleep(5 * time.Millisecond) // they die within a scheduler tick or two
	}
}

// killIfIn kills process pid if it is in the namespace whose file is id.
// It holds the process by a pidfd while it checks, so that the process
// checked is the process killed, even if pid has ended and been given to
// another process meanwhile. (Kernels before 5.3, without pidfds: kill.)
func killIfIn(pid int, id unix.Stat_t) error {
	fd, err := unix.PidfdOpen(pid, 0)
	switch err {
	case nil:
		defer unix.Close(fd)
		if !inNamespace(pid, id) {
			return nil // ended, and pid is another's now
		}
		err = unix.PidfdSendSignal(fd, unix.SIGKILL, nil, 0)
		if err != nil && err != unix.ESRCH {
			return os.NewSyscallError("pidfd_send_signal", err)
		}
		return nil
	case unix.ENOSYS:
		if err := unix.Kill(pid, unix.SIGKILL); err != nil && err != unix.ESRCH {
			return os.NewSyscallError("kill", err)
		}
		return nil
	case unix.ESRCH:
		return nil
	}
	return os.NewSyscallError("pidfd_open", err)
}

// pidsIn lists the processes in namespace ns (ip netns pids NS) but this
// one, which Close must not kill, with the namespace's file.
func pidsIn(ns string) (id unix.Stat_t, pids []int, err error) {
	if err := unix.Stat(netnsDir+"/"+ns, &id); err != nil {
		if err == unix.ENOENT {
			return id, nil, nil
		}
		return id, nil, os.NewSyscallError("stat "+netnsDir+"/"+ns, err)
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return id, nil, err
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err == nil && pid != os.Getpid() && inNamespace(pid, id) {
			pids = append(pids, pid)
		}
	}
	return id, pids, nil
}

// inNamespace reports whether process pid is in the network namespace
// whose file is id.
func inNamespace(pid int, id unix.Stat_t) bool {
	var st unix.Stat_t
	err := unix.Stat("/proc/"+strconv.Itoa(pid)+"/ns/net", &st)
	return err == nil && st.Dev == id.Dev && st.Ino == id.Ino
}
