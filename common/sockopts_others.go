//go:build !linux && !darwin && !freebsd && !netbsd && !dragonfly

package common

// OpenBSD (and any other system here) sets the keepalive times for the
// whole system only (sysctl net.inet.tcp.keepidle), and has no
// TCP_USER_TIMEOUT: both options say they are not supported here.
var keepIdle, keepIntvl, keepCnt, userTimeout sockopt
