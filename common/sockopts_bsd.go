//go:build freebsd || netbsd || dragonfly

package common

import "golang.org/x/sys/unix"

// The keepalive times of one socket. There is no TCP_USER_TIMEOUT here
// (userTimeout has no name): -user-timeout says it is not supported.
var (
	keepIdle    = sockopt{unix.IPPROTO_TCP, unix.TCP_KEEPIDLE, "TCP_KEEPIDLE"}
	keepIntvl   = sockopt{unix.IPPROTO_TCP, unix.TCP_KEEPINTVL, "TCP_KEEPINTVL"}
	keepCnt     = sockopt{unix.IPPROTO_TCP, unix.TCP_KEEPCNT, "TCP_KEEPCNT"}
	userTimeout = sockopt{}
)
