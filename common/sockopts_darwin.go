package common

import "golang.org/x/sys/unix"

// The keepalive times of one socket: macOS names the idle time
// TCP_KEEPALIVE. It has no TCP_USER_TIMEOUT (userTimeout has no name):
// -user-timeout says it is not supported here.
var (
	keepIdle    = sockopt{unix.IPPROTO_TCP, unix.TCP_KEEPALIVE, "TCP_KEEPALIVE"}
	keepIntvl   = sockopt{unix.IPPROTO_TCP, unix.TCP_KEEPINTVL, "TCP_KEEPINTVL"}
	keepCnt     = sockopt{unix.IPPROTO_TCP, unix.TCP_KEEPCNT, "TCP_KEEPCNT"}
	userTimeout = sockopt{}
)
