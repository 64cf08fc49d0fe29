package common

import "golang.org/x/sys/unix"

// The keepalive times of one socket, and TCP_USER_TIMEOUT (tcp(7)).
var (
	keepIdle    = sockopt{unix.IPPROTO_TCP, unix.TCP_KEEPIDLE, "TCP_KEEPIDLE"}
	keepIntvl   = sockopt{unix.IPPROTO_TCP, unix.TCP_KEEPINTVL, "TCP_KEEPINTVL"}
	keepCnt     = sockopt{unix.IPPROTO_TCP, unix.TCP_KEEPCNT, "TCP_KEEPCNT"}
	userTimeout = sockopt{unix.IPPROTO_TCP, unix.TCP_USER_TIMEOUT, "TCP_USER_TIMEOUT"}
)
