//go:build !linux

package capture

import "syscall"

// procAttr: other systems have no parent-death signal; tcpdump shares the
// lab's process group, so a Ctrl-C in the terminal reaches it too.
func procAttr() *syscall.SysProcAttr { return &syscall.SysProcAttr{} }

// credentialArgs: tcpdump may switch users as it likes; no parent-death
// signal is lost by it here.
func credentialArgs() []string { return nil }
