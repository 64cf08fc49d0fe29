package twopane

import (
	"fmt"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"graceclose/scripts/explain"
	"graceclose/scripts/lang"
)

// describe says in a few words how the program in the pane ended, read
// from the pane: for a client, the replies it printed; the last line it
// printed, where that says something (an error, the server's last words);
// the answer to echo $?. "2 of 2 replies, "server terminated", exit 1".
func (r *run) describe(p *pane, lines []string) string {
	if p.command == "" {
		return r.Words("not started")
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
		b.WriteString(r.T("%d of %d replies", replies, sentLines(p)) + r.Words(", "))
	}
	if saysSomething(p, words, client) {
		b.WriteString(strconv.Quote(words) + r.Words(", "))
	}
	n, err := strconv.Atoi(status)
	switch {
	case status == "":
		b.WriteString(r.Words("no exit status (still running, or echo $? not typed)"))
	case err != nil || n < 0:
		b.WriteString(r.T("echo $? says %q", status))
	default:
		b.WriteString(describeStatus(r.lang(), n))
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
func describeStatus(p *lang.Printer, status int) string {
	if status <= 128 {
		return explain.Ending(p, fmt.Sprintf("exit %d", status), status)
	}
	name := unix.SignalName(syscall.Signal(status - 128))
	if name == "" {
		name = fmt.Sprintf("signal %d", status-128)
	}
	return explain.Ending(p, "killed by "+name, status)
}
