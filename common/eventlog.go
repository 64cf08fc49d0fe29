package common

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"

	"golang.org/x/sys/unix"
)

// EventsVariable names the environment variable that turns the event log
// on: the path of a file to append the events to.
const EventsVariable = "GRACECLOSE_EVENTS"

// EventLog is the programs' side channel for the lab (scripts/lab): with
// GRACECLOSE_EVENTS set to a file's path, every line printed, every socket
// call made and its return, every signal caught and the exit are appended
// there, one line each, stamped with CLOCK_MONOTONIC at the moment they
// happen. The lab then places each printed line at the instant the program
// printed it, not when its buffered output reached the pipe (which is
// later, and would put effects before their causes), and each call at the
// instant it was made, on the same clock as the kernel's own events. What
// the programs print is unchanged: the lesson's bytes, nothing added.
//
// Each line is "<nanoseconds> <what> <details>", text quoted as Go does:
//
//	81633051226 start 4120 graceclient
//	81633051227 print stdout "now sending data1\n"
//	81633051230 call write 3 "5 bytes"
//	81633051260 return write 3 5 ESTABLISHED
//	81633051261 return read 3 EOF CLOSE_WAIT
//	81633051262 return read 3 ECONNRESET CLOSE
//	81633051262 signal SIGINT
//	81633051263 exit 1
//	81633051263 die SIGPIPE
//
// Each line is one write(2) of its own, made at once, so a death by signal
// loses none. Off (the default), every method returns at once.
type EventLog struct {
	mu sync.Mutex
	fd int // -1: off
}

// Events is the programs' event log, on when GRACECLOSE_EVENTS is set.
var Events = openEventLog(os.Getenv(EventsVariable))

// eventLogFD is the lowest descriptor the log is moved to, so that the
// lesson's descriptors keep their numbers (the client's socket is 3, the
// server's 3 and 4, as in C).
const eventLogFD = 100

// openEventLog opens the log at path, or returns a log that is off when
// path is empty. A log that cannot be opened is a one-line error, exit 1:
// the lab asked for it and would be left blind.
func openEventLog(path string) *EventLog {
	l := &EventLog{fd: -1}
	if path == "" {
		return l
	}
	fd, err := unix.Open(path, unix.O_WRONLY|unix.O_CREAT|unix.O_APPEND|unix.O_CLOEXEC, 0o644)
	if err == nil {
		var high int
		high, err = unix.FcntlInt(uintptr(fd), unix.F_DUPFD_CLOEXEC, eventLogFD)
		_ = unix.Close(fd)
		fd = high
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %s=%s: %v\n", programName(), EventsVariable, path, err)
		os.Exit(1)
	}
	l.fd = fd
	l.write(fmt.Sprintf("start %d %s", os.Getpid(), programName()))
	return l
}

func programName() string {
	name := os.Args[0]
	for i := len(name) - 1; i >= 0; i-- {
		if name[i] == '/' {
			return name[i+1:]
		}
	}
	return name
}

// On reports whether the log is on.
func (l *EventLog) On() bool { return l.fd >= 0 }

// write appends one line, stamped now.
func (l *EventLog) write(text string) {
	if l.fd < 0 {
		return
	}
	line := strconv.FormatInt(monotonicNow(), 10) + " " + text + "\n"
	l.mu.Lock()
	defer l.mu.Unlock()
	_, _ = writeAll([]byte(line), "write", func(p []byte) (int, error) { return unix.Write(l.fd, p) })
}

// Printed logs bytes printed on stream ("stdout", "stderr").
func (l *EventLog) Printed(stream string, p []byte) {
	if l.fd < 0 || len(p) == 0 {
		return
	}
	l.write("print " + stream + " " + strconv.Quote(string(p)))
}

// Called logs a system call about to be made on fd, its arguments in
// words.
func (l *EventLog) Called(call string, fd int, args string) {
	if l.fd < 0 || isStdio(fd) {
		return
	}
	l.write(fmt.Sprintf("call %s %d %s", call, fd, strconv.Quote(args)))
}

// Returned logs how a system call on fd returned: n (a byte count, a new
// descriptor, 0), or EOF for a read of 0 bytes, or the errno's name; then
// the socket's TCP state, "-" where it cannot be read (a closed
// descriptor, a system without TCP_INFO).
func (l *EventLog) Returned(call string, fd, n int, err error) {
	if l.fd < 0 || isStdio(fd) {
		return
	}
	result := strconv.Itoa(n)
	var errno unix.Errno
	switch {
	case errors.As(err, &errno):
		result = unix.ErrnoName(errno)
	case err != nil:
		result = "error"
	case call == "read" && n == 0:
		result = "EOF"
	}
	state := "-"
	if call != "close" && fd >= 0 {
		if s, err := tcpState(fd); err == nil {
			state = s
		}
	}
	l.write(fmt.Sprintf("return %s %d %s %s", call, fd, result, state))
}

// Caught logs a signal the program's handler caught.
func (l *EventLog) Caught(sig unix.Signal) {
	l.write("signal " + unix.SignalName(sig))
}

// Exiting logs the exit about to be made.
func (l *EventLog) Exiting(status int) {
	l.write("exit " + strconv.Itoa(status))
}

// Dying logs a death by signal about to happen.
func (l *EventLog) Dying(sig unix.Signal) {
	l.write("die " + unix.SignalName(sig))
}

// Addresses logs the addresses of a connected socket, so that the lab can
// tell whose end of which connection the kernel's events are about (a
// second client's, say): "addresses 3 127.0.0.1:51234 127.0.0.1:43211".
func (l *EventLog) Addresses(fd int) {
	if l.fd < 0 || fd < 0 {
		return
	}
	local, err1 := unix.Getsockname(fd)
	remote, err2 := unix.Getpeername(fd)
	if err1 != nil || err2 != nil {
		return
	}
	l.write(fmt.Sprintf("addresses %d %s %s", fd, FormatSockaddr(local), FormatSockaddr(remote)))
}

// isStdio reports whether fd is standard input, output or error: the log
// is about sockets (what the program prints is logged as printed).
func isStdio(fd int) bool { return fd >= 0 && fd <= 2 }
