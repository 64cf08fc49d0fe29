package main

import "golang.org/x/sys/unix"

// cork holds back what the socket fd is given until uncork: TCP_CORK, so
// that the lines of one batch leave in full segments rather than one each.
func cork(fd int) bool { return unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_CORK, 1) == nil }

// uncork sends what cork held back, at once.
func uncork(fd int) { _ = unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_CORK, 0) }
