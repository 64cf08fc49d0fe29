// Package claims checks, on the machine it runs on, what the lesson and the
// texts that came with it claim about ending a TCP connection: each claim
// is decided by an experiment (a scenario in scripts/scenarios, run by the
// lab) from what happened, and compared with the verdict recorded for the
// system.
package claims

import (
	"slices"
	"strings"
	"time"

	"graceclose/scripts/events"
	"graceclose/scripts/lang"
)

// Where the claims come from, named by what they are (their Chinese:
// lang's Words, where they are shown).
var (
	lesson  = lang.Mark("the lesson")
	blog    = lang.Mark("a blog post (captures of Python's http.client)")
	rerun   = lang.Mark("a Python re-run of the experiment (netstat)")
	windows = lang.Mark("notes on Windows (closesocket, shutdown)")
	comment = lang.Mark("a reader's comment (忆水寒) and the notes on Windows")
	rfc     = lang.Mark("the TCP standard (RFC 9293)")
	manual  = lang.Mark("the Linux manual pages (socket(7), send(2))")
	passt   = lang.Mark("the passt project's tests (tcp-close-rst.c)")
)

// Claim is one thing a text says, and how an experiment decides it.
type Claim struct {
	ID     string // "lesson.close-rst"
	Source string // who says it (in English: lang's Words says it in Chinese)
	Text   string // what it says, in brief (the same)
	// Check decides the claim from what happened: whether it holds here,
	// and what was seen that says so, in the Run's language.
	Check func(r Run) (bool, string)
}

// Experiment is a scenario and the claims it decides.
type Experiment struct {
	Name     string // as claims.sh names it: "close-idle"
	Scenario string // the scenario file, without .txt
	Title    string // in English (lang's Words says it in Chinese)
	// Late: the scenario's order of events needs a line typed before a
	// reply; a run that typed it too late is tried once more, with the
	// server's delay doubled.
	Late bool
	// Needs is what the experiment needs beyond loopback: "", TwoHosts or
	// Kernel. Where it is missing, its claims are skipped, with the reason.
	Needs   string
	Observe func(r Run) string // what this machine did, in one line, in the Run's language
	Claims  []Claim
}

// What an experiment may need.
const (
	// TwoHosts: two hosts joined by a link that can lose packets, as
	// link.sh makes them (network namespaces and nftables, as root).
	TwoHosts = "two hosts"
	// Kernel: the kernel's own events (tracefs, as root), where the
	// claim is about what the kernel sends when no program can tell.
	Kernel = "kernel"
)

// Experiments are all of them, in the order claims.sh runs them.
var Experiments = []Experiment{
	{Name: "lesson-close", Scenario: "close", Late: true,
		Title: lang.Mark("the lesson's close: type data1, data2, close before the first reply"),
		Observe: func(r Run) string {
			first := "none"
			if sends := r.Sends("server"); len(sends) > 0 {
				first = SendWords(sends[0])
			}
			return r.T("server's reads: %s; its 1st send: %s, then %s; client printed %d of 2 replies",
				r.ReadsShown("server"), r.sendShown(first), r.EndingShown("server"), r.Replies())
		},
		Claims: []Claim{{ID: "lesson.close-rst", Source: lesson,
			Text: lang.Mark("after close(), a peer that keeps sending gets a RST, and its next write raises SIGPIPE"),
			Check: func(r Run) (bool, string) {
				holds := strings.HasPrefix(r.Ending("server"), "killed by SIGPIPE") && r.Replies() == 0
				return holds, r.Words("the 1st reply was answered with a RST (the server's socket went to CLOSE), the 2nd send raised SIGPIPE")
			}}}},
	{Name: "lesson-shutdown", Scenario: "shutdown", Late: true,
		Title: lang.Mark("the lesson's shutdown: type data1, data2, shutdown before the first reply"),
		Observe: func(r Run) string {
			return r.T("client: %s after shutdown, printed %d of 2 replies, its reads: %s; server's reads: %s",
				orUnknown(r.StateAfter("client", "shutdown")), r.Replies(), r.ReadsShown("client"), r.ReadsShown("server"))
		},
		Claims: []Claim{{ID: "lesson.shut-wr", Source: lesson,
			Text: lang.Mark("shutdown(SHUT_WR) sends a FIN and the replies can still be read; the server reads EOF and closes in turn"),
			Check: func(r Run) (bool, string) {
				holds := r.Replies() == 2 && r.LastRead("server") == "EOF" && r.LastRead("client") == "EOF"
				return holds, r.Words("both replies arrived after the client's FIN; the server read EOF and exited (its FIN); the client read EOF")
			}}}},
	{Name: "close-idle", Scenario: "close-idle",
		Title:   lang.Mark("close() on an idle connection (nothing unread, nothing unsent)"),
		Observe: func(r Run) string { return r.T("server's read: %s", r.ReadsShown("server")) },
		Claims: []Claim{
			{ID: "lesson.close-fin", Source: lesson, Text: lang.Mark("close() sends what is left in the send buffer, then a FIN"),
				Check: func(r Run) (bool, string) {
					return r.ReadsText("server") == "EOF", r.Words("the server's read returned EOF: a FIN")
				}},
			{ID: "blog.close-rst", Source: blog, Text: lang.Mark("close() sends a RST, not the FIN of the four-way close"),
				Check: func(r Run) (bool, string) {
					return r.ReadsText("server") == "ECONNRESET",
						r.T("with nothing left unread, close() sent a FIN: the server's read returned %s", r.ReadsShown("server"))
				}}}},
	{Name: "close-unread", Scenario: "close-unread",
		Title: lang.Mark("close() with unread data: the reply waits in the client's receive queue"),
		Observe: func(r Run) string {
			return r.T("bytes unread at the client when it closed: %d; server's reads: %s",
				r.UnreadAt("before close", "client"), r.ReadsShown("server"))
		},
		Claims: []Claim{
			{ID: "lesson.close-fin", Source: lesson, Text: lang.Mark("close() sends what is left in the send buffer, then a FIN"),
				Check: func(r Run) (bool, string) {
					return r.LastRead("server") == "EOF",
						r.T("with %d bytes unread, close() sent a RST instead: the server's read returned ECONNRESET", r.UnreadAt("before close", "client"))
				}},
			{ID: "blog.close-rst", Source: blog, Text: lang.Mark("close() sends a RST, not the FIN of the four-way close"),
				Check: func(r Run) (bool, string) {
					return r.LastRead("server") == "ECONNRESET", r.Words("with data left unread, yes: the server's read returned ECONNRESET")
				}}}},
	{Name: "abort", Scenario: "abort", Title: lang.Mark("SO_LINGER {on, 0 s}, then close(): /abort"),
		Observe: func(r Run) string { return r.T("server's read: %s", r.ReadsShown("server")) },
		Claims: []Claim{{ID: "comment.linger", Source: comment,
			Text: lang.Mark("SO_LINGER decides what close() does with what is queued; with a 0 s linger it is dropped at once"),
			Check: func(r Run) (bool, string) {
				return r.ReadsText("server") == "ECONNRESET",
					r.T("close() sent a RST at once, with nothing queued: the server's read returned %s", r.ReadsShown("server"))
			}}}},
	{Name: "exit", Scenario: "exit", Title: lang.Mark("exit() without close(): /exit"),
		Observe: func(r Run) string {
			return r.T("client %s; server's read: %s", r.EndingShown("client"), r.ReadsShown("server"))
		},
		Claims: []Claim{{ID: "lesson.exit-fin", Source: lesson,
			Text: lang.Mark("exit(0) sends the FIN, with no close() or shutdown() (the lesson's first question)"),
			Check: func(r Run) (bool, string) {
				return r.ReadsText("server") == "EOF", r.Words("the kernel closed the socket at exit: the server's read returned EOF")
			}}}},
	{Name: "dupclose", Scenario: "dupclose",
		Title: lang.Mark("close() with another descriptor open (/dupclose), then close() of the last one"),
		Observe: func(r Run) string {
			return r.T("server's reads while the copy was open: %d (client %s, server %s); after close() of the copy: %s",
				r.ReadsInQuiet("server"), r.StateAt("after /dupclose", "client"), r.StateAt("after /dupclose", "server"), r.ReadsShown("server"))
		},
		Claims: []Claim{{ID: "lesson.close-refcount", Source: lesson,
			Text: lang.Mark("close() only drops a reference: while another descriptor is open, no FIN is sent"),
			Check: func(r Run) (bool, string) {
				return r.ReadsInQuiet("server") == 0 && r.ReadsText("server") == "EOF",
					r.Words("nothing reached the server while the copy was open; the FIN went with the last close() (the server read EOF)")
			}}}},
	{Name: "dup-shutdown", Scenario: "dup-shutdown",
		Title: lang.Mark("shutdown(SHUT_WR) with two descriptors open (/dup), then a write"),
		Observe: func(r Run) string {
			return r.T("server's read: %s; the client's write after it: client %s", r.ReadsShown("server"), r.EndingShown("client"))
		},
		Claims: []Claim{{ID: "lesson.shutdown-fin", Source: lesson, Text: lang.Mark("shutdown() sends a FIN whatever the reference count"),
			Check: func(r Run) (bool, string) {
				return r.ReadsText("server") == "EOF", r.Words("with two descriptors open, the server's read returned EOF: a FIN")
			}}}},
	{Name: "shut-rd", Scenario: "shut-rd",
		Title: lang.Mark("shutdown(SHUT_RD) with a reply queued, and another arriving after it"),
		Observe: func(r Run) string {
			return r.T("client's receive queue: %d bytes at SHUT_RD, %d after the 2nd reply; server's reads while the client waited: %d; its 2nd send: %s; client's reads after /resume: %s",
				r.UnreadAt("at SHUT_RD", "client"), r.UnreadAt("after the second reply", "client"), r.ReadsInQuiet("server"),
				r.sendShown(secondSend(r)), strings.Join(r.readsWithStateShown("client"), r.Words(", ")))
		},
		Claims: []Claim{
			{ID: "lesson.shut-rd-queued", Source: lesson, Text: lang.Mark("after SHUT_RD, the data already in the receive queue is discarded"),
				Check: func(r Run) (bool, string) {
					q1 := r.UnreadAt("at SHUT_RD", "client")
					return q1 == 0 || !readData(r, "client"),
						r.T("the %d bytes queued at SHUT_RD stayed queued, and read() returned them", q1)
				}},
			{ID: "lesson.shut-rd-new", Source: lesson, Text: lang.Mark("after SHUT_RD, new data is ACKed and silently dropped; the peer does not know"),
				Check: func(r Run) (bool, string) {
					q1, q2 := r.UnreadAt("at SHUT_RD", "client"), r.UnreadAt("after the second reply", "client")
					return secondSend(r) == "done" && q2 == q1,
						r.T("the peer noticed nothing, but the reply that arrived after SHUT_RD was ACKed, queued (%d bytes) and read, not dropped", q2)
				}},
			{ID: "lesson.shut-rd-eof", Source: lesson, Text: lang.Mark("after SHUT_RD, read() returns EOF"),
				Check: func(r Run) (bool, string) {
					return slices.Contains(r.ReadsWithState("client"), "EOF (ESTABLISHED)"),
						r.Words("once the queue was read, read() returned EOF at once, with no FIN from the server (the connection ESTABLISHED)")
				}},
			{ID: "blog.shut-rd-rst", Source: blog, Text: lang.Mark("shutdown(SHUT_RD) sends a RST, like close()"),
				Check: func(r Run) (bool, string) {
					return r.ReadsInQuiet("server") != 0 || secondSend(r) != "done",
						r.Words("nothing reached the server: its read went on waiting, and its next send succeeded")
				}},
			{ID: "windows.sd-receive", Source: windows,
				Text: lang.Mark("shutdown(SD_RECEIVE) on TCP resets the connection if data is waiting or arrives (Windows)"),
				Check: func(r Run) (bool, string) {
					return secondSend(r) != "done" || !readData(r, "client"),
						r.Words("not on this system: data was waiting and more arrived, and nothing was reset (Windows itself is not tested here)")
				}}}},
	{Name: "shut-rdwr", Scenario: "shut-rdwr", Late: true,
		Title: lang.Mark("shutdown(SHUT_RDWR) with a reply on its way"),
		Observe: func(r Run) string {
			return r.T("server's reads: %s; its socket after sending the reply: %s; the client's read after /resume: %s",
				r.ReadsShown("server"), orUnknown(firstSendState(r)), r.ReadsShown("client"))
		},
		Claims: []Claim{
			{ID: "blog.shut-rdwr-rst", Source: blog, Text: lang.Mark("shutdown(SHUT_RDWR) sends a RST, like close()"),
				Check: func(r Run) (bool, string) {
					return strings.HasPrefix(r.ReadsText("server"), "data 5, ECONNRESET"),
						r.T("shutdown() sent a FIN (the server read %s); only the reply that arrived after it was answered with a RST (the server's socket: %s)",
							r.readShown(r.LastRead("server")), orUnknown(firstSendState(r)))
				}},
			{ID: "lesson.shut-rd-new", Source: lesson, Text: lang.Mark("after SHUT_RD (here SHUT_RDWR), new data is ACKed and silently dropped; the peer does not know"),
				Check: func(r Run) (bool, string) {
					return strings.HasPrefix(firstSendState(r), "CLOSE_WAIT"),
						r.T("the reply that arrived after SHUT_RDWR was answered with a RST: the server's socket was reset (%s)", orUnknown(firstSendState(r)))
				}}}},
	{Name: "half-close", Scenario: "half-close",
		Title: lang.Mark("a half-close that stays: the client's shutdown, a server that does not close (-on-eof wait)"),
		Observe: func(r Run) string {
			return r.T("client: %s after shutdown(); after the quiet window: client %s, server %s; after the server's exit: client %s",
				orUnknown(r.StateAfter("client", "shutdown")), r.StateAt("after the quiet window", "client"),
				r.StateAt("after the quiet window", "server"), r.StateAt("after the server's exit", "client"))
		},
		Claims: []Claim{
			{ID: "rerun.states", Source: rerun,
				Text: lang.Mark("after the client's close or shutdown, netstat shows FIN_WAIT2 (client) and CLOSE_WAIT (server)"),
				Check: func(r Run) (bool, string) {
					return r.StateAt("after the quiet window", "client") == "FIN_WAIT2" && r.StateAt("after the quiet window", "server") == "CLOSE_WAIT",
						r.Words("the pair stayed as long as the server did not close")
				}},
			{ID: "windows.states", Source: windows,
				Text: lang.Mark("after shutdown(SD_SEND) or closesocket, FIN_WAIT_1, FIN_WAIT_2 on the peer's ACK, TIME_WAIT on its FIN"),
				Check: func(r Run) (bool, string) {
					first := r.StateAfter("client", "shutdown")
					holds := strings.HasPrefix(first, "FIN_WAIT") && r.StateAt("after the quiet window", "client") == "FIN_WAIT2" &&
						r.StateAt("after the server's exit", "client") == "TIME_WAIT"
					return holds, r.T("the same states here: %s after shutdown(), FIN_WAIT2 once ACKed, TIME_WAIT after the server's FIN", orUnknown(first))
				}}}},
	{Name: "close-wait", Scenario: "close-wait",
		Title: lang.Mark("a server that never closes: CLOSE_WAIT after the client has gone"),
		Observe: func(r Run) string {
			return r.T("after the client's exit: client %s (orphaned: no process), server %s; %s later: client %s, server %s",
				r.StateAt("the client has exited", "client"), r.StateAt("the client has exited", "server"), r.Params["finwait"],
				r.StateAt("the client's end waited", "client"), r.StateAt("the client's end waited", "server"))
		},
		Claims: []Claim{{ID: "rerun.close-wait", Source: rerun,
			Text: lang.Mark("CLOSE_WAIT stays at the server after the client has gone, until the server closes"),
			Check: func(r Run) (bool, string) {
				holds := r.StateAt("the client has exited", "server") == "CLOSE_WAIT" && r.StateAt("the client's end waited", "server") == "CLOSE_WAIT" &&
					r.Ending("client") == "exit 0"
				return holds, r.Words("the client process had exited, and the server's end stayed in CLOSE_WAIT until its own exit")
			}}}},
	{Name: "accept-queue", Scenario: "accept-queue",
		Title: lang.Mark("a full accept queue: -backlog 1, a server that does not accept (-accept-after 1h), four clients"),
		Observe: func(r Run) string {
			done, waiting, queued := acceptQueue(r)
			words := r.T("-backlog 1: %d connections completed with no accept() (the accept queue held %d); %d clients got no answer, in SYN_SENT after %s",
				done, queued, waiting, r.Params["synwindow"])
			if refused := refusals(r); refused > 0 {
				words += r.T("; %d refused", refused)
			}
			return words
		},
		Claims: []Claim{{ID: "blog.backlog-rst", Source: blog,
			Text: lang.Mark("when the queue is full, a new client gets an ACK+RST (ConnectionRefusedError, WinError 10061)"),
			Check: func(r Run) (bool, string) {
				_, waiting, _ := acceptQueue(r)
				if refused := refusals(r); refused > 0 {
					return true, r.T("%d clients were refused", refused)
				}
				return false, r.T("the SYN was dropped, not refused: %d clients stayed in SYN_SENT, sending their SYN again", waiting)
			}}}},

	{Name: "close-nosignal", Scenario: "close-nosignal", Late: true,
		Title: lang.Mark("the lesson's close, the server sending with MSG_NOSIGNAL (-sigpipe nosignal)"),
		Observe: func(r Run) string {
			return r.T("server's 2nd send: %s, then %s", r.sendShown(secondSend(r)), r.EndingShown("server"))
		},
		Claims: []Claim{{ID: "manual.nosignal", Source: manual,
			Text: lang.Mark("send() with MSG_NOSIGNAL on a reset connection fails with EPIPE and raises no SIGPIPE"),
			Check: func(r Run) (bool, string) {
				holds := secondSend(r) == "EPIPE" && r.Ending("server") == "exit 1"
				return holds, r.Words("the 2nd send failed with EPIPE, no signal came: the server printed error write and exited 1")
			}}}},
	{Name: "abort-after-fins", Scenario: "abort-after-fins", Needs: Kernel,
		Title: lang.Mark("SO_LINGER {on, 0 s}, then close() (/abort), once both ends have sent their FIN"),
		Observe: func(r Run) string {
			return r.T("client's socket before /abort: %s; RSTs the kernel sent from it after /abort: %d",
				r.StateAt("before /abort", "client"), len(r.ResetsAfter("client", "/abort")))
		},
		Claims: []Claim{{ID: "passt.abort-no-rst", Source: passt,
			Text: lang.Mark("an abortive close after both ends have shut down their write half sends no RST"),
			Check: func(r Run) (bool, string) {
				return len(r.ResetsAfter("client", "/abort")) == 0,
					r.T("nothing was left to reset: the client's socket was %s (a time-wait socket held the connection), and close() sent nothing", r.StateAt("before /abort", "client"))
			}}}},
	{Name: "lost-fin", Scenario: "lost-fin", Needs: TwoHosts,
		Title: lang.Mark("the client's first FIN lost on the way (two hosts)"),
		Observe: func(r Run) string {
			return r.T("the client's FIN sent again %d time(s); its FIN_WAIT1 lasted %s; the server's reads: %s",
				r.Retransmissions("client", "FIN_WAIT1"), r.StateDuration("client", "FIN_WAIT1"), r.ReadsShown("server"))
		},
		Claims: []Claim{{ID: "rfc.fin-resent", Source: rfc,
			Text: lang.Mark("a lost FIN is sent again, as data is, until it is acknowledged"),
			Check: func(r Run) (bool, string) {
				holds := r.Retransmissions("client", "FIN_WAIT1") > 0 && r.LastRead("server") == "EOF"
				return holds, r.Words("the kernel sent the FIN again when no ACK came, and the server read EOF then")
			}}}},
	{Name: "lost-rst", Scenario: "lost-rst", Needs: TwoHosts, Late: true,
		Title: lang.Mark("the lesson's close, every RST from the client's host lost (two hosts)"),
		Observe: func(r Run) string {
			return r.T("server's sends: %s; then %s", r.sendsShown(), r.EndingShown("server"))
		},
		Claims: []Claim{{ID: "lesson.sigpipe-rst", Source: lesson,
			Text: lang.Mark("SIGPIPE comes from the peer's RST: without one, the server's sends succeed and no SIGPIPE is raised"),
			Check: func(r Run) (bool, string) {
				holds := !strings.HasPrefix(r.Ending("server"), "killed by SIGPIPE") && secondSend(r) == "done"
				return holds, r.Words("with the RSTs lost, both sends succeeded and no SIGPIPE came")
			}}}},
	{Name: "linger-cut", Scenario: "linger-cut", Needs: TwoHosts,
		Title: lang.Mark("SO_LINGER {on, 1 s}, then close() (/linger 1), the link cut just before (two hosts)"),
		Observe: func(r Run) string {
			took, ok := r.CallTook("client", "close")
			if !ok {
				return r.Words("the client's close() was not seen")
			}
			return r.T("close() returned after %s, %s", took.Round(time.Millisecond), r.EndingShown("client"))
		},
		Claims: []Claim{{ID: "manual.linger-blocks", Source: manual,
			Text: lang.Mark("with SO_LINGER {on, N s}, close() blocks until the data and the FIN are acknowledged, or N s have passed"),
			Check: func(r Run) (bool, string) {
				took, ok := r.CallTook("client", "close")
				return ok && took >= 900*time.Millisecond,
					r.T("nothing could be acknowledged: close() blocked %s, the linger time, then returned", took.Round(10*time.Millisecond))
			}}}}}

// secondSend is how the server's second send ended: "done", an errno, or
// "none".
func secondSend(r Run) string {
	sends := r.Sends("server")
	if len(sends) < 2 {
		return "none"
	}
	words := SendWords(sends[1])
	if strings.HasPrefix(words, "done") {
		return "done"
	}
	return words
}

// firstSendState is the state of the server's socket after its first send.
func firstSendState(r Run) string {
	if sends := r.Sends("server"); len(sends) > 0 {
		return sends[0].State
	}
	return ""
}

// readData reports whether who's reads returned data.
func readData(r Run, who string) bool {
	for _, read := range r.Reads(who) {
		if strings.HasPrefix(read, "data ") {
			return true
		}
	}
	return false
}

// acceptQueue reads the moment the clients waited: how many connections
// were complete (the client's end ESTABLISHED), how many clients still
// waited in SYN_SENT, and how many connections the listening socket's queue
// held.
func acceptQueue(r Run) (done, waiting, queued int) {
	s, ok := r.Snapshot("the clients wait")
	if !ok {
		return 0, 0, 0
	}
	for _, sock := range s.Sockets {
		switch {
		case sock.State == "LISTEN":
			queued = sock.Unread
		case int(sock.Remote.Port()) == r.Port && sock.State == "ESTABLISHED":
			done++
		case int(sock.Remote.Port()) == r.Port && sock.State == "SYN_SENT":
			waiting++
		}
	}
	return done, waiting, queued
}

// refusals counts the clients that were refused while the server still
// listened (once it has gone, every SYN is refused).
func refusals(r Run) int {
	var stopped events.Mono
	for _, e := range r.Events {
		if e.Kind == events.Signaled && e.Who == "server" {
			stopped = e.At
		}
	}
	n := 0
	for _, e := range r.Events {
		if e.Kind != events.Exited || e.Who == "server" || (stopped != 0 && e.At > stopped) {
			continue
		}
		if o := r.Program(e.Who); o != nil && strings.Contains(string(o.Stderr), "Connection refused") {
			n++
		}
	}
	return n
}

func orUnknown(s string) string {
	if s == "" {
		return "?"
	}
	return s
}

// Find returns the experiment named name.
func Find(name string) (Experiment, bool) {
	for _, e := range Experiments {
		if e.Name == name {
			return e, true
		}
	}
	return Experiment{}, false
}

// Names are the experiments' names, in order.
func Names() []string {
	var out []string
	for _, e := range Experiments {
		out = append(out, e.Name)
	}
	return out
}
