// Package common holds what graceclient and graceserver share: the course's
// error() reporting, output that is live for a person and batched for a pipe,
// thin wrappers around the socket system calls the lesson talks about, address
// parsing, flag values, and the SIGPIPE dispositions of the server's three modes.
//
// The values the lesson's lib/common.h defines live here too.
package common

// The lesson's constants (lib/common.h and the two programs).
const (
	// ServPort is SERV_PORT, the port both programs use unless told otherwise.
	ServPort = 43211
	// MaxLine is MAXLINE, the size of every buffer in both programs.
	MaxLine = 4096
	// ListenQ is LISTENQ, the server's listen backlog.
	ListenQ = 1024
)
