package diagram

import (
	"strconv"
	"strings"

	"graceclose/scripts/events"
)

// transfers are the calls that move bytes: their result is a byte count,
// EOF, or an errno, and the diagram says it as the -trace lines did, "read 5
// bytes", "read EOF", "read: ECONNRESET".
var transfers = map[string]bool{
	"read": true, "write": true, "send": true, "recv": true,
	"sendto": true, "recvfrom": true, "sendmsg": true, "recvmsg": true, "readv": true, "writev": true,
}

// returnedText describes a system call that returned, without its state:
// "read 5 bytes", "read EOF", "read: ECONNRESET", "send 9 bytes",
// "close(3)", "shutdown(SHUT_WR)", "accept(3) = 4", "connect(3):
// ECONNREFUSED". Transfers are described by their result; other calls by
// their arguments (Text, as the program put them, or else the descriptor)
// and a result other than 0.
func returnedText(e events.Event) string {
	if transfers[e.Call] {
		switch {
		case isErrno(e.Result):
			return e.Call + ": " + e.Result
		case e.Result == "EOF", e.Result == "0" && strings.HasPrefix(e.Call, "re"):
			return e.Call + " EOF"
		case e.Result == "1":
			return e.Call + " 1 byte"
		}
		if _, err := strconv.Atoi(e.Result); err == nil {
			return e.Call + " " + e.Result + " bytes"
		}
	}
	text := calledText(e)
	switch {
	case isErrno(e.Result):
		text += ": " + e.Result
	case e.Result != "" && e.Result != "0":
		text += " = " + e.Result
	}
	return text
}

// calledText is a call with its arguments: Text when the program gave them
// ("shutdown(SHUT_WR)", "send(4, 9 bytes)"), or else the descriptor
// ("close(3)").
func calledText(e events.Event) string {
	if e.Call == "exit" && strings.HasPrefix(e.Text, "exit(") {
		return e.Text // the event log's "exit(0)": the process ends in it
	}
	args := e.Text
	if args == "" {
		args = strconv.Itoa(e.FD)
	}
	return e.Call + "(" + args + ")"
}

// isErrno tells an errno's name, "ECONNRESET", from a count or "EOF".
func isErrno(s string) bool {
	if len(s) < 2 || s[0] != 'E' || s == "EOF" {
		return false
	}
	for _, c := range s[1:] {
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
