package twopane

import (
	"fmt"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// describe says in a few words how the program in the pane ended, read
// from the pane: for a client, the replies it printed; the last line it
// printed, where that says something (an error, the server's last words);
// the answer to echo $?. "2 of 2 replies, "server terminated", exit 1".
func (r *run) describe(p *pane, lines []string) string {
	if p.command == "" {
		return "not started"
	}
	status, words := "", ""
	for i, l := range lines {
		if l != prompt+" echo $?" {
			continue
		}
		status, words = "", ""
		if i+1 < len(lines) {
			status = lines[i+1]
		}
		if i > 0 {
			words = lines[i-1]
		}
	}
	var b strings.Builder
	client := strings.HasPrefix(p.title, "graceclient")
	if client {
		replies := 0
		for _, l := range lines {
			if strings.HasPrefix(l, "Hi, ") {
				replies++
			}
		}
		fmt.Fprintf(&b, "%d of %d replies, ", replies, sentLines(p))
	}
	if saysSomething(p, words, client) {
		fmt.Fprintf(&b, "%q, ", words)
	}
	n, err := strconv.Atoi(status)
	switch {
	case status == "":
		b.WriteString("no exit status (still running, or echo $? not typed)")
	case err != nil || n < 0:
		fmt.Fprintf(&b, "echo $? says %q", status)
	default:
		b.WriteString(describeStatus(n))
	}
	return b.String()
}

// sentLines counts the lines typed into a client's pane that it sends to
// the server, each of which deserves a reply: not its commands (close,
// shutdown, and lines starting with "/", but "//" sends one).
func sentLines(p *pane) int {
	n := 0
	for _, e := range p.entries {
		command := strings.HasPrefix(e.text, "close") || strings.HasPrefix(e.text, "shutdown") ||
			strings.HasPrefix(e.text, "/") && !strings.HasPrefix(e.text, "//")
		if e.typed && !command {
			n++
		}
	}
	return n
}

// saysSomething reports whether a program's last line is worth quoting:
// not a command line, nor a line typed, nor one of the client's routine
// lines (what it sends, and the replies, already counted).
func saysSomething(p *pane, words string, client bool) bool {
	if words == "" || strings.HasPrefix(words, prompt+" ") {
		return false
	}
	for _, e := range p.entries {
		if e.typed && e.text == words {
			return false
		}
	}
	for _, routine := range []string{"now sending ", "send bytes: ", "Hi, "} {
		if client && strings.HasPrefix(words, routine) {
			return false
		}
	}
	return true
}

// describeStatus is an exit status as a shell shows it, in words: "exit
// 1", "killed by SIGPIPE (status 141)".
func describeStatus(status int) string {
	if status <= 128 {
		return fmt.Sprintf("exit %d", status)
	}
	name := unix.SignalName(syscall.Signal(status - 128))
	if name == "" {
		name = fmt.Sprintf("signal %d", status-128)
	}
	return fmt.Sprintf("killed by %s (status %d)", name, status)
}
