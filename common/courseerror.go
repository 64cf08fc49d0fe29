package common

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

// Error reports a failure the way the course's error(status, errnum, fmt)
// does, then ends the process with status. The message goes to stderr as is;
// when err carries an errno, ": <strerror> (<errno>)" and a newline follow,
// e.g. "connect failed : Connection refused (111)". Any other error is added
// as ": <text>" and a newline, so every failure is one line. Standard output
// is flushed first, so the lines printed before the failure come before it.
func Error(status int, err error, msg string) {
	ErrorHint(status, err, msg, nil)
}

// ErrorHint is Error, with one more line after the course's when standard
// error is a terminal: what hint returns, to tell a person what went wrong
// and what to do. On a pipe or a file the bytes stay exactly the course's,
// and hint is not called.
func ErrorHint(status int, err error, msg string, hint func() string) {
	Stdout.Flush()
	Stderr(msg)
	var errno unix.Errno
	switch {
	case errors.As(err, &errno):
		Stderr(fmt.Sprintf(": %s (%d)\n", Strerror(errno), int(errno)))
	case err != nil:
		Stderr(fmt.Sprintf(": %v\n", err))
	}
	if hint != nil && isTerminal(2) {
		if text := hint(); text != "" {
			Stderr(strings.TrimSuffix(text, "\n") + "\n")
		}
	}
	Exit(status)
}

// Stderr writes text to standard error at once, unbuffered as C's stderr,
// and tells the lab's event log (EventLog) it was printed.
func Stderr(text string) {
	Events.Printed("stderr", []byte(text))
	_, _ = os.Stderr.WriteString(text)
}

// Strerror returns the C library's text for errno, as strerror(3) prints it:
// "Connection refused" where unix.Errno says "connection refused". The
// package's tables are made from the C library's strings with the first
// letter lowered (mkerrors.sh), so raising it again gives the original back.
func Strerror(errno unix.Errno) string {
	s := errno.Error()
	if len(s) >= 2 && 'a' <= s[0] && s[0] <= 'z' && 'a' <= s[1] && s[1] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// stderrWriter is standard error as an io.Writer that the event log hears
// too (the -trace lines).
type stderrWriter struct{}

func (stderrWriter) Write(p []byte) (int, error) {
	Events.Printed("stderr", p)
	return os.Stderr.Write(p)
}
