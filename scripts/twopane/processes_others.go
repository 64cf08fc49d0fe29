//go:build !linux

package twopane

import "syscall"

// descendants lists the processes pid started: not known without /proc.
// The kernel still ends them: closing a pane hangs up its terminal, and
// its programs get SIGHUP.
func descendants(pid int) []int { return nil }

// gone reports whether process pid has ended (a zombie not yet reaped
// still counts as there).
func gone(pid int) bool { return syscall.Kill(pid, 0) == syscall.ESRCH }
