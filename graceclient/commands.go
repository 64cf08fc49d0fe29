package main

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"

	"graceclose/common"
)

// The client's commands beyond the lesson: other ways to end a connection,
// typed as lines that start with "/". No line the lesson types changes
// meaning ("data1", "close", "shutdown" work as in C, prefixes included);
// a line starting with "//" sends the rest of it with one "/" less.

// commandHelp lists the commands, for /help and for a mistyped command.
const commandHelp = `commands beyond the lesson:
  close                 close(fd), sleep, exit (the lesson)
  shutdown              shutdown(fd, SHUT_WR), keep reading (the lesson)
  /shutdown rd|wr|rdwr  shutdown(fd, SHUT_RD / SHUT_WR / SHUT_RDWR), keep reading stdin
  /abort                SO_LINGER {on, 0 s}, then close(fd): a RST instead of a FIN
                        (none once both FINs are exchanged: nothing is left to reset)
  /linger N             SO_LINGER {on, N s}, then close(fd): close waits until the server
                        has acknowledged our data and FIN, or N s; then sleep, exit
  /exit                 exit(0) without close: the kernel closes the socket
  /dupclose             dup(fd), then close(fd): no FIN while the copy is open
  /dup                  dup(fd), keep both: close(fd) then sends no FIN, shutdown still does
  /pause, /resume       stop and restart reading the socket (unread data stays queued)
  /state                print the socket's TCP state (TCP_INFO)
  /help                 this list
  //text                send "/text"
`

// conn is what the commands act on: the socket, and the select set of the
// lesson's loop (a command may stop or restart reading the socket).
type conn struct {
	fd       int
	allreads *unix.FdSet
	sleep    time.Duration // -sleep, after /abort as after close
}

// isCommand reports whether line is one of the commands beyond the lesson
// (or a mistyped one): a line that starts with "/" but not "//".
func isCommand(line []byte) bool {
	return bytes.HasPrefix(line, []byte("/")) && !bytes.HasPrefix(line, []byte("//"))
}

// unescapeSlash turns a line typed as "//text" into the "/text" it sends.
func unescapeSlash(line []byte) []byte {
	if bytes.HasPrefix(line, []byte("//")) {
		return line[1:]
	}
	return line
}

// runCommand carries out a command line and returns the socket to use from
// then on (/dupclose changes it). Some commands end the process.
func runCommand(line []byte, c conn) int {
	word, arg, _ := strings.Cut(strings.TrimSpace(string(line)), " ")
	arg = strings.TrimSpace(arg)
	switch word {
	case "/help":
		say("%s", commandHelp)
	case "/shutdown":
		shutdownHow(c, arg)
	case "/abort":
		abort(c)
	case "/linger":
		lingerClose(c, arg)
	case "/exit":
		say("/exit: exit(0) without close(%d): the kernel closes the socket for us", c.fd)
		common.Exit(0)
	case "/dupclose":
		return dupClose(c)
	case "/dup":
		dupKeep(c)
	case "/pause":
		c.allreads.Clear(c.fd)
		say("/pause: the socket is no longer read; what the server sends waits in the receive queue (/resume)")
	case "/resume":
		c.allreads.Set(c.fd)
		say("/resume: reading the socket again")
	case "/state":
		state, err := common.TCPState(c.fd)
		if err != nil {
			say("/state: %v", err)
		} else {
			say("/state: %s", state)
		}
	default:
		typed := strings.TrimPrefix(strings.TrimRight(string(line), "\r\n"), "/")
		say("unknown command %q: /help lists the commands; type //%s to send it as data", word, typed)
	}
	return c.fd
}

// shutdownHow is /shutdown rd|wr|rdwr. Unlike the lesson's "shutdown", stdin
// is still read, so what happens to a later write can be tried.
func shutdownHow(c conn, arg string) {
	how, ok := map[string]int{"rd": unix.SHUT_RD, "wr": unix.SHUT_WR, "rdwr": unix.SHUT_RDWR}[strings.ToLower(arg)]
	if !ok {
		say("/shutdown takes rd, wr or rdwr")
		return
	}
	if err := common.Shutdown(c.fd, how); err != nil {
		common.Error(1, err, "shutdown failed")
	}
	common.Trace.Shutdown(c.fd, how)
	if how != unix.SHUT_WR {
		readShut = map[int]string{unix.SHUT_RD: "SHUT_RD", unix.SHUT_RDWR: "SHUT_RDWR"}[how]
	}
	switch how {
	case unix.SHUT_WR:
		say("/shutdown wr: our FIN is on its way; a write now fails with EPIPE (and SIGPIPE kills us, as in C)")
	case unix.SHUT_RD:
		// The socket now reads as EOF at once: leave it unread rather
		// than end on a "server terminated" the server did not cause.
		c.allreads.Clear(c.fd)
		say("/shutdown rd: nothing is sent; read() returns EOF without waiting once the queue is empty; the socket is no longer read (/resume reads it; on Linux what was queued, and what arrives, is still read)")
	default:
		c.allreads.Clear(c.fd)
		say("/shutdown rdwr: our FIN is on its way; read() returns EOF without waiting; the socket is no longer read (/resume reads it); on Linux data that arrives now is answered with a RST")
	}
}

// abort is /abort: SO_LINGER with a zero timeout makes close(2) discard what
// is unsent and send a RST instead of a FIN, while there is a connection to
// reset (see abortSends).
func abort(c conn) {
	state, _ := common.TCPState(c.fd)
	if err := unix.SetsockoptLinger(c.fd, unix.SOL_SOCKET, unix.SO_LINGER, &unix.Linger{Onoff: 1, Linger: 0}); err != nil {
		common.Error(1, os.NewSyscallError("setsockopt", err), "setsockopt SO_LINGER failed")
	}
	common.Trace.Note("setsockopt(SO_LINGER, {on, 0}): the close(2) that follows drops what is unsent and resets the connection")
	if err := common.Close(c.fd); err != nil {
		common.Error(1, err, "close failed")
	}
	common.Trace.Closed(c.fd)
	say("/abort: SO_LINGER {on, 0}, close(%d): %s", c.fd, abortSends(runtime.GOOS, state))
	common.Sleep(c.sleep)
	common.Exit(0)
}

// abortSends says what an abortive close sends from state, the socket's
// TCP state just before it. Linux sends a RST only where the peer may
// still expect something (tcp_need_reset: ESTABLISHED, CLOSE_WAIT,
// FIN_WAIT1, FIN_WAIT2, SYN_RECV); once both FINs have been exchanged the
// descriptor's socket is CLOSE (a time-wait socket took the connection
// over) and close(2) sends nothing, as the passt project's tests assert
// (tcp-close-rst.c: "Error after full shutdown, bogus RST?"). In CLOSING or
// LAST_ACK, with nothing unsent, it sends nothing either. Elsewhere, and
// where the state cannot be read, the RST.
func abortSends(goos, state string) string {
	if goos == "linux" {
		switch state {
		case "CLOSE":
			return "no RST: the connection had already ended (both FINs exchanged, or a RST), so nothing is sent"
		case "CLOSING", "LAST_ACK":
			return "no RST: both FINs were already sent, only the last ACK was awaited; the socket is dropped"
		}
	}
	return "a RST, not a FIN"
}

// lingerClose is /linger N: SO_LINGER {on, N s}, then close(2), which then
// waits until the server has acknowledged what is still queued and our FIN,
// or N s have passed. On Linux a close whose time runs out returns 0 all the
// same, and nothing is reset: the kernel goes on sending the data and the
// FIN of the orphaned socket. Then sleep and exit 0, as close does.
// /linger 0 is /abort.
func lingerClose(c conn, arg string) {
	secs, err := strconv.ParseUint(arg, 10, 31)
	if err != nil {
		say("/linger takes a number of seconds, 0 or more: /linger 5")
		return
	}
	if secs == 0 {
		abort(c)
	}
	// The socket is non-blocking (sending.go), and the BSDs' close(2)
	// does not wait on a non-blocking socket, whatever SO_LINGER says.
	if err := common.SetBlocking(c.fd); err != nil {
		common.Error(1, err, "fcntl failed")
	}
	if err := unix.SetsockoptLinger(c.fd, unix.SOL_SOCKET, unix.SO_LINGER, &unix.Linger{Onoff: 1, Linger: int32(secs)}); err != nil {
		common.Error(1, os.NewSyscallError("setsockopt", err), "setsockopt SO_LINGER failed")
	}
	start := time.Now()
	if err := common.Close(c.fd); err != nil {
		common.Error(1, err, "close failed")
	}
	took := time.Since(start)
	common.Trace.Closed(c.fd)
	common.Trace.Lingered(c.fd, took)
	// Linux's close(2) says nothing of why it returned; the time it took
	// does: the whole linger time means it ran out.
	if took >= time.Duration(secs)*time.Second-50*time.Millisecond {
		say("/linger %d: SO_LINGER {on, %d}, close(%d): the %d s ran out before the server acknowledged our data and FIN; close returned 0 all the same, and the kernel goes on sending them", secs, secs, c.fd, secs)
	} else {
		say("/linger %d: SO_LINGER {on, %d}, close(%d): it returned once the server had acknowledged our data and FIN", secs, secs, c.fd)
	}
	common.Sleep(c.sleep)
	common.Exit(0)
}

// dupClose is /dupclose: the lesson's point that close(2) only drops one
// reference. With a second descriptor open, closing the first sends nothing;
// a later "close" or "shutdown" acts through the copy.
func dupClose(c conn) int {
	newFD, err := unix.Dup(c.fd)
	if err != nil {
		common.Error(1, os.NewSyscallError("dup", err), "dup failed")
	}
	selectable(newFD) // the copy is what select watches from now on
	if err := common.Close(c.fd); err != nil {
		common.Error(1, err, "close failed")
	}
	common.Trace.Dup(c.fd, newFD)
	if c.allreads.IsSet(c.fd) {
		c.allreads.Clear(c.fd)
		c.allreads.Set(newFD)
	}
	say("/dupclose: dup(%d) = %d, close(%d): the socket stays open through %d, no FIN is sent", c.fd, newFD, c.fd, newFD)
	return newFD
}

// dupKeep is /dup: a second descriptor for the socket, kept open until the
// process ends, as a fork(2)ed child would hold one. The lesson's "close"
// then drops one reference and sends nothing; "shutdown" and "/shutdown"
// send a FIN whatever the reference count.
func dupKeep(c conn) {
	newFD, err := unix.Dup(c.fd)
	if err != nil {
		common.Error(1, os.NewSyscallError("dup", err), "dup failed")
	}
	common.Trace.Duplicated(c.fd, newFD)
	say("/dup: dup(%d) = %d: the socket has two descriptors; close(%d) alone sends no FIN, shutdown does", c.fd, newFD, c.fd)
}

// say prints a command's answer, one line, on stdout.
func say(format string, args ...any) {
	text := fmt.Sprintf(format, args...)
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	common.Stdout.Printf("%s", text)
}

// resumeIfIdle reads the socket again once stdin is no longer read (after
// /pause, /shutdown rd): "shutdown" means reading the replies, and with
// nothing else to wait for the client would select on nothing, forever.
// why says what stopped stdin: "shutdown", "stdin ended".
func resumeIfIdle(fd int, allreads *unix.FdSet, why string) {
	if !allreads.IsSet(fd) {
		allreads.Set(fd)
		say("%s: reading the socket again", why)
	}
}

// readShut is "SHUT_RD" or "SHUT_RDWR" once /shutdown rd or rdwr has shut
// down reading here.
var readShut string

// serverClosed tells whether the EOF just read from the socket fd is the
// server's FIN, as the lesson's client takes it to be. After /shutdown rd
// (or rdwr) it may not be: a read then returns EOF as soon as the queue is
// empty, whether or not the server has closed. The kernel's TCP state then
// says whether the server's FIN came (CLOSE_WAIT and what follows it). If it
// did not, the client says so instead of "server terminated", and stops
// reading the socket (an EOF at once, every time); with stdin no longer read
// either, nothing is left to wait for, and it ends.
func serverClosed(fd int, allreads *unix.FdSet) bool {
	if readShut == "" {
		return true
	}
	state, err := common.TCPState(fd)
	switch state {
	case "CLOSE_WAIT", "LAST_ACK", "CLOSING", "TIME_WAIT", "CLOSE":
		return true // the server's FIN came (or its RST)
	}
	why := "the server has not closed the connection (" + state + ")"
	if err != nil {
		why = "whether the server has closed is unknown (" + err.Error() + ")"
	}
	allreads.Clear(fd)
	if !allreads.IsSet(0) {
		common.Error(1, nil, "graceclient: read EOF after our own shutdown("+readShut+"), and stdin is no longer read: nothing left to wait for; "+why+"\n")
	}
	say("read EOF: our own shutdown(%s) ends every read at once; %s; the socket is no longer read (/resume reads it)", readShut, why)
	return false
}

// selectable ends the client with a one-line error if select(2) cannot
// watch fd (FD_SETSIZE): the lesson's select is kept, and a process with a
// thousand descriptors open is past what it can do.
func selectable(fd int) {
	if err := common.CheckSelectable(fd); err != nil {
		common.Error(1, err, "graceclient")
	}
}
