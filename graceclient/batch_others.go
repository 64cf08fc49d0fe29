//go:build !linux

package main

// cork does nothing here: the BSDs' TCP_NOPUSH does not send what it held
// back when it is cleared on every system (macOS keeps it until the next
// write), and a line typed must leave at once. Each line is its own segment,
// as in C.
func cork(fd int) bool { return false }

func uncork(fd int) {}
