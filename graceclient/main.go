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
	opts.conn.Apply(socketFD)        // -keepalive, -user-timeout (common/sockopts.go)
	// The lesson's program dies of SIGPIPE if it writes to a reset
	// connection; so does this one (common/sigpipe.go).
	_ = common.DefaultSIGPIPE()

	var recvLine [common.MaxLine]byte
	// fgets(send_line, MAXLINE, stdin), but without stdio's hidden buffer:
	// every line already read is handled before the next select (stdin.go).
	stdin := newLineReader(0, common.MaxLine)
	// write(2) that never waits: what the socket cannot take yet waits for
	// select, the replies read meanwhile (sending.go).
	out := newLineWriter(socketFD)

	var allreads unix.FdSet
	allreads.Set(0)
	selectable(socketFD) // select's limit (commands.go)
	allreads.Set(socketFD)
	for {
		readmask := allreads
		var writemask unix.FdSet
		out.waitForRoom(socketFD, &readmask, &writemask) // a line the socket could not take whole
		common.Stdout.Flush()
		if _, err := common.Select(socketFD+1, &readmask, &writemask); err != nil {
			common.Error(1, err, "select failed")
		}
		if readmask.IsSet(socketFD) {
			n, err := common.Read(socketFD, recvLine[:])
			common.Trace.Read(socketFD, n, err)
			if err != nil {
				common.Error(1, err, "read error")
			} else if n == 0 && serverClosed(socketFD, &allreads) { // not the EOF of our own /shutdown rd (commands.go)
				common.Error(1, nil, "server terminated \n")
			} else if n > 0 {
				common.Stdout.Write(common.Shown(recvLine[:n]))
				common.Stdout.Write([]byte("\n"))
			}
		}
		if writemask.IsSet(socketFD) {
			// The rest of a line, then the lines waiting behind it.
			rt, err := out.writeRest(socketFD)
			if err != nil {
				writeFailed(err, socketFD, &allreads)
			}
			if !out.busy() {
				common.Stdout.Printf("send bytes: %d \n", rt)
			}
		}
		if readmask.IsSet(0) || writemask.IsSet(socketFD) {
			if readmask.IsSet(0) {
				stdin.fill()
			}
			out.startBatch(socketFD, stdin.pending()) // several lines at once: in full segments (sending.go)
			for !out.busy() {
				sendLine, ok := stdin.next()
				if !ok {
					break
				}
				if bytes.HasPrefix(sendLine, []byte("shutdown")) {
					// Half-close: send our FIN, keep reading the replies.
					allreads.Clear(0)
					if err := common.Shutdown(socketFD, unix.SHUT_WR); err != nil {
						common.Error(1, err, "shutdown failed")
					}
					common.Trace.Shutdown(socketFD, unix.SHUT_WR)
					// After /pause, too (commands.go).
					resumeIfIdle(socketFD, &allreads, "shutdown")
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
				} else if stdin.startsLine() && isCommand(sendLine) {
					// What is corked goes first: /abort would discard it.
					out.endBatch(socketFD)
					socketFD = runCommand(sendLine, conn{socketFD, &allreads, opts.sleep}) // beyond the lesson: /help (commands.go)
				} else {
					sendLine = bytes.TrimSuffix(sendLine, []byte("\n"))
					if stdin.startsLine() {
						sendLine = unescapeSlash(sendLine) // "//text" sends "/text" (commands.go)
					}
					common.Stdout.Printf("now sending %s\n", common.Shown(sendLine))
					rt, err := out.write(socketFD, sendLine)
					if err != nil {
						writeFailed(err, socketFD, &allreads)
					}
					if out.busy() {
						break // the socket is full: the rest, then the next lines, once it has room
					}
					common.Stdout.Printf("send bytes: %d \n", rt)
				}
			}
			out.endBatch(socketFD)
			if stdin.eof {
				// The C program keeps selecting on a stdin at EOF
				// and spins; stop watching it instead.
				allreads.Clear(0)
				resumeIfIdle(socketFD, &allreads, "stdin ended") // after /pause (commands.go)
			}
		}
	}
}
