package common

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// ConnOptions are the options of the connected socket beyond the lesson,
// -keepalive and -user-timeout, that both programs set on their connection
// (the client after connect, the server after accept). They make a peer
// that vanished (a cable cut, a host gone) noticed in seconds instead of the
// kernel's defaults: two hours idle before keepalive's first probe, some
// fifteen minutes of retransmissions before a send gives up.
type ConnOptions struct {
	Keepalive   Keepalive
	UserTimeout UserTimeout
}

// KeepaliveProbes is TCP_KEEPCNT under -keepalive: the probes left
// unanswered before the connection is given up. Three, so that one lost
// probe is not the end, and a peer that vanished is noticed after about
// four times D (D idle, then three probes D apart).
const KeepaliveProbes = 3

// maxKeepalive is the longest -keepalive: Linux refuses a TCP_KEEPIDLE or
// TCP_KEEPINTVL above 32767 s (MAX_TCP_KEEPIDLE, MAX_TCP_KEEPINTVL).
const maxKeepalive = 32767 * time.Second

// maxUserTimeout is the longest -user-timeout: TCP_USER_TIMEOUT is a C
// int of milliseconds (about 24.8 days).
const maxUserTimeout = (1<<31 - 1) * time.Millisecond

// KeepaliveUsage and UserTimeoutUsage are the flags' help texts.
const (
	KeepaliveUsage = "turn on TCP keepalive on the connection (SO_KEEPALIVE): after this `duration` idle, a probe, then one every duration; " +
		"3 unanswered (TCP_KEEPCNT) and the connection ends with ETIMEDOUT, so a peer that vanished is noticed in about 4 times the duration; " +
		"whole seconds, rounded up, at least 1s (0: off, the kernel's default)"
	UserTimeoutUsage = "give up on the connection (ETIMEDOUT) when data sent stays unacknowledged, or unsent for want of window, this `duration` " +
		"(TCP_USER_TIMEOUT, in milliseconds, rounded up; Linux only; 0: the kernel's default, some 15 minutes of retransmissions)"
)

// Flags adds -keepalive and -user-timeout to fs.
func (o *ConnOptions) Flags(fs *flag.FlagSet) {
	fs.Var(&o.Keepalive, "keepalive", KeepaliveUsage)
	fs.Var(&o.UserTimeout, "user-timeout", UserTimeoutUsage)
}

// Check returns the one-line error for an option asked for that this
// system does not have, or nil.
func (o *ConnOptions) Check() error {
	if o.Keepalive > 0 && keepIdle.name == "" {
		return errors.New("-keepalive is not supported here: this system cannot set the keepalive times of one socket (no TCP_KEEPIDLE)")
	}
	if o.UserTimeout > 0 && userTimeout.name == "" {
		return errors.New("-user-timeout is not supported here: TCP_USER_TIMEOUT is Linux's")
	}
	return nil
}

// Apply sets the options asked for on the connected socket fd. With -trace
// each is read back with getsockopt and traced, so that what the kernel
// holds is what is shown. A failure is the course's one line, exit 1.
func (o *ConnOptions) Apply(fd int) {
	if o.Keepalive > 0 {
		secs := o.Keepalive.Seconds()
		setsockopt(fd, sockopt{unix.SOL_SOCKET, unix.SO_KEEPALIVE, "SO_KEEPALIVE"}, 1)
		setsockopt(fd, keepIdle, secs)
		setsockopt(fd, keepIntvl, secs)
		setsockopt(fd, keepCnt, KeepaliveProbes)
		if Trace.on {
			idle, intvl, cnt := getsockopt(fd, keepIdle), getsockopt(fd, keepIntvl), getsockopt(fd, keepCnt)
			Trace.Note("setsockopt(SO_KEEPALIVE, %d), %s %d s, %s %d s, %s %d: idle %d s, a probe, then one every %d s; %d unanswered and the connection ends (ETIMEDOUT), about %d s after the peer's last word",
				getsockopt(fd, sockopt{unix.SOL_SOCKET, unix.SO_KEEPALIVE, "SO_KEEPALIVE"}), keepIdle.name, idle, keepIntvl.name, intvl, keepCnt.name, cnt,
				idle, intvl, cnt, idle+cnt*intvl)
		}
	}
	if o.UserTimeout > 0 {
		setsockopt(fd, userTimeout, o.UserTimeout.Milliseconds())
		if Trace.on {
			ms := getsockopt(fd, userTimeout)
			Trace.Note("setsockopt(TCP_USER_TIMEOUT, %d ms): data unacknowledged, or unsent for want of window, for %d ms ends the connection (ETIMEDOUT)", ms, ms)
		}
	}
}

// sockopt names a socket option: its level, its number, and its name for
// messages ("" where the system does not have it).
type sockopt struct {
	level, opt int
	name       string
}

// setsockopt sets an integer option on fd, or ends the process in the
// course's format: "setsockopt(TCP_KEEPIDLE) failed : Invalid argument (22)".
func setsockopt(fd int, o sockopt, value int) {
	if err := unix.SetsockoptInt(fd, o.level, o.opt, value); err != nil {
		Error(1, os.NewSyscallError("setsockopt", err), "setsockopt("+o.name+") failed ")
	}
}

// getsockopt reads an integer option back from fd, -1 if it cannot.
func getsockopt(fd int, o sockopt) int {
	v, err := unix.GetsockoptInt(fd, o.level, o.opt)
	if err != nil {
		return -1
	}
	return v
}

// Keepalive is the -keepalive flag's value: a Seconds, at most 32767 s.
type Keepalive Seconds

// String returns the duration in Go's notation.
func (k *Keepalive) String() string { return (*Seconds)(k).String() }

// Set parses a duration as Seconds does, and refuses one past the limit.
func (k *Keepalive) Set(text string) error {
	return setAtMost((*Seconds)(k), text, maxKeepalive, "32767 s, Linux's limit")
}

// Seconds is the value in whole seconds, rounded up, at least 1: the
// keepalive times count seconds.
func (k Keepalive) Seconds() int { return roundUp(time.Duration(k), time.Second) }

// UserTimeout is the -user-timeout flag's value: a Seconds, at most
// 2147483647 ms.
type UserTimeout Seconds

// String returns the duration in Go's notation.
func (u *UserTimeout) String() string { return (*Seconds)(u).String() }

// Set parses a duration as Seconds does, and refuses one past the limit.
func (u *UserTimeout) Set(text string) error {
	return setAtMost((*Seconds)(u), text, maxUserTimeout, "2147483647 ms, a C int")
}

// Milliseconds is the value in whole milliseconds, rounded up, at least 1.
func (u UserTimeout) Milliseconds() int { return roundUp(time.Duration(u), time.Millisecond) }

// roundUp is d in whole units, rounded up, at least 1.
func roundUp(d, unit time.Duration) int { return max(1, int((d+unit-1)/unit)) }

// setAtMost sets s from text, refusing a duration longer than limit
// (why: the limit in words).
func setAtMost(s *Seconds, text string, limit time.Duration, why string) error {
	var d Seconds
	if err := d.Set(text); err != nil {
		return err
	}
	if d.Duration() > limit {
		return fmt.Errorf("too long: at most %v (%s)", limit, why)
	}
	*s = d
	return nil
}
