package kernel

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/sys/unix"

	"graceclose/scripts/lang"
)

// tracefsDir is where tracefs lives since Linux 4.1, and where systemd
// mounts it at boot.
const tracefsDir = "/sys/kernel/tracing"

// watched are the tracepoints the package reads, as tracefs names their
// directories under events/.
var watched = []string{
	"sock/inet_sock_set_state",
	"tcp/tcp_send_reset",
	"tcp/tcp_receive_reset",
	"tcp/tcp_retransmit_skb",
}

// errNeedsRoot is what a learner without root reads.
// Its words are the catalog's (lang.Mark), so that the lab can say them in
// the learner's language (lang's Reword).
var errNeedsRoot = errors.New(lang.Mark("reading the kernel's events needs root (tracefs): run it again with sudo"))

// Available reports whether the kernel's TCP events can be read here, and
// if not why, in one line a learner understands (not Linux; not root;
// tracefs missing; an event missing from this kernel). As root it mounts
// tracefs if it is not mounted, as Watch would.
func Available() (ok bool, why string) {
	if _, err := tracefs(); err != nil {
		return false, err.Error()
	}
	return true, ""
}

// mountMu keeps two Watches of one process from mounting tracefs twice
// (a second mount would hide the first and the instances in it).
var mountMu sync.Mutex

// tracefs returns tracefs's directory, mounted, with every watched event
// in it, or an error a learner understands.
func tracefs() (string, error) {
	mountMu.Lock()
	defer mountMu.Unlock()
	_, err := os.Stat(filepath.Join(tracefsDir, "instances"))
	switch {
	case err == nil:
	case errors.Is(err, fs.ErrPermission):
		// tracefs's root directory is root's alone (mode 0700).
		return "", errNeedsRoot
	case errors.Is(err, fs.ErrNotExist):
		if os.Geteuid() != 0 {
			return "", errNeedsRoot
		}
		if err := mountTracefs(); err != nil {
			return "", err
		}
	default:
		return "", fmt.Errorf("cannot read tracefs (%s): %w", tracefsDir, err)
	}
	for _, e := range watched {
		if _, err := os.Stat(filepath.Join(tracefsDir, "events", e)); err != nil {
			return "", fmt.Errorf(lang.Mark("this kernel (Linux %s) has no event %s, which the lab reads"), release(), strings.Replace(e, "/", ":", 1))
		}
	}
	return tracefsDir, nil
}

// mountTracefs mounts tracefs where systemd would, and leaves it mounted
// as systemd does: other tools expect it there.
func mountTracefs() error {
	if _, err := os.Stat(tracefsDir); err != nil {
		return fmt.Errorf("tracefs is missing: this kernel has no %s (Linux 4.1 or later with CONFIG_TRACING has it)", tracefsDir)
	}
	err := unix.Mount("nodev", tracefsDir, "tracefs", 0, "")
	switch {
	case err == unix.ENODEV:
		return fmt.Errorf("tracefs is missing: this kernel (Linux %s) was built without it (CONFIG_TRACING)", release())
	case err != nil:
		return fmt.Errorf("tracefs is not mounted and mounting it on %s failed (in a container without CAP_SYS_ADMIN?): %w",
			tracefsDir, os.NewSyscallError("mount", err))
	}
	if _, err := os.Stat(filepath.Join(tracefsDir, "instances")); err != nil {
		return fmt.Errorf("tracefs mounted on %s has no instances/: %w", tracefsDir, err)
	}
	return nil
}

// release is the running kernel's version, for messages.
func release() string {
	var u unix.Utsname
	if err := unix.Uname(&u); err != nil {
		return "?"
	}
	return unix.ByteSliceToString(u.Release[:])
}

// write writes one value to a tracefs file, the way `echo value > file`
// does. A filter the kernel refuses explains itself in the file: that
// explanation joins the error.
func write(path, value string) error {
	err := os.WriteFile(path, []byte(value), 0)
	if err == nil {
		return nil
	}
	if filepath.Base(path) == "filter" {
		if why, _ := os.ReadFile(path); len(why) > 0 {
			err = fmt.Errorf("%w (%s)", err, strings.Join(strings.Fields(string(why)), " "))
		}
	}
	return fmt.Errorf("tracefs: writing %q: %w", value, err)
}
