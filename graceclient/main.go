// Command graceclient is graceclient.c from lesson 11 of the network
// programming course ("closing gracefully or brutally") in Go, on raw
// sockets: it sends what you type to graceserver and prints the replies. Type
// "close" to close(2) the socket, or "shutdown" to shutdown(2) its write half
// and still read the server's replies, and watch how the connection ends.
//
// The blocks below follow graceclient.c in order: socket, the server's
// address, connect, then the select(2) loop on the socket and standard input, and its three
// branches: shutdown, close, and send.
//
// Usage:
//
//	graceclient [flags] <address>
package main

import (
	"bytes"
	"os"

	"golang.org/x/sys/unix"

	"graceclose/common"
)

func main() {
	opts := parseOptions()
	// The C program leaves every signal at SIG_DFL: Ctrl-C, Ctrl-\, kill end
	// it. They end this one too, its printed lines kept (common/signals.go).
	common.DieBySignals(append(common.FatalSignals, os.Interrupt)...)

	socketFD, err := common.Socket(common.Family(opts.addrs[0]))
	if err != nil {
		common.Error(1, err, "socket failed ")
	}

	// The server's address (the first of a host name's) and port.
	serverAddr, err := common.Sockaddr(opts.addrs[0], opts.port)
	if err != nil {
		common.Error(1, err, "graceclient")
	}

	err = common.Connect(socketFD, serverAddr)
	if err != nil {
		// Beyond the lesson: a host name's other addresses, and -retry
		// while no server listens yet (connect.go).
		socketFD, err = connectAgain(socketFD, err, opts)
	}
	if err != nil {
		common.Error(1, err, "connect failed ")
	}
	common.Trace.Connected(socketFD) // -trace (common/trace.go)
	// The lesson's program dies of SIGPIPE if it writes to a reset
	// connection; so does this one (common/sigpipe.go).
	_ = common.DefaultSIGPIPE()

	var recvLine [common.MaxLine]byte
	// fgets(send_line, MAXLINE, stdin), but without stdio's hidden buffer:
	// every line already read is handled before the next select (stdin.go).
	stdin := newLineReader(0, common.MaxLine)

	var allreads unix.FdSet
	allreads.Set(0)
	allreads.Set(socketFD)
	for {
		readmask := allreads
		common.Stdout.Flush()
		if _, err := common.Select(socketFD+1, &readmask); err != nil {
			common.Error(1, err, "select failed")
		}
		if readmask.IsSet(socketFD) {
			n, err := common.Read(socketFD, recvLine[:])
			common.Trace.Read(socketFD, n, err)
			if err != nil {
				common.Error(1, err, "read error")
			} else if n == 0 {
				common.Error(1, nil, "server terminated \n")
			}
			common.Stdout.Write(common.Shown(recvLine[:n]))
			common.Stdout.Write([]byte("\n"))
		}
		if readmask.IsSet(0) {
			stdin.fill()
			for sendLine, ok := stdin.next(); ok; sendLine, ok = stdin.next() {
				if bytes.HasPrefix(sendLine, []byte("shutdown")) {
					// Half-close: send our FIN, keep reading the replies.
					allreads.Clear(0)
					if err := common.Shutdown(socketFD, unix.SHUT_WR); err != nil {
						common.Error(1, err, "shutdown failed")
					}
					common.Trace.Shutdown(socketFD, unix.SHUT_WR)
					break // stdin is no longer read, as in C
				} else if bytes.HasPrefix(sendLine, []byte("close")) {
					// Close both directions: replies still on their way
					// will be answered with a RST.
					allreads.Clear(0)
					if err := common.Close(socketFD); err != nil {
						common.Error(1, err, "close failed")
					}
					common.Trace.Closed(socketFD)
					common.Sleep(opts.sleep)
					common.Exit(0)
				} else if isCommand(sendLine) {
					socketFD = runCommand(sendLine, conn{socketFD, &allreads, opts.sleep}) // beyond the lesson: /help (commands.go)
				} else {
					sendLine = unescapeSlash(bytes.TrimSuffix(sendLine, []byte("\n")))
					common.Stdout.Printf("now sending %s\n", sendLine)
					common.Stdout.Flush() // the write may raise SIGPIPE
					common.Trace.Sending("write", socketFD, len(sendLine))
					rt, err := common.Write(socketFD, sendLine)
					common.Trace.Sent("write", socketFD, rt, err)
					if err != nil {
						writeFailed(err)
					}
					common.Stdout.Printf("send bytes: %d \n", rt)
				}
			}
			if stdin.eof {
				// The C program keeps selecting on a stdin at EOF
				// and spins; stop watching it instead.
				allreads.Clear(0)
				resumeIfIdle(socketFD, &allreads) // after /pause (commands.go)
			}
		}
	}
}
