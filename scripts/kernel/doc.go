// Package kernel reads what the kernel itself does to each end of a TCP
// connection while an experiment runs: every state change of a socket
// (ESTABLISHED -> FIN_WAIT1, CLOSE_WAIT -> CLOSE...), every RST it sends
// with the kernel's reason for it, every RST it takes, every segment it
// sends again. They come from the kernel's tracepoints, read through
// tracefs (Linux only, as root), stamped on CLOCK_MONOTONIC (trace_clock
// "mono"), the clock every other source of the lab's event stream uses, so
// a state change sorts among the programs' own events in causal order.
//
// Watch reads them live for one port through a private tracefs instance,
// the way trace-cmd and perf do, so that parallel experiments (each on its
// own port, each with its own Watch) and other tracing users do not see
// or disturb each other. Parse reads the same text from a file: recorded
// traces, and the tests.
//
// Each event becomes one events.Event with Source "tracefs":
//
//	sock:inet_sock_set_state  StateChanged   From, State ("FIN_WAIT1": the kernel's name without "TCP_")
//	tcp:tcp_send_reset        ResetSent      State, Reason ("TCP_TIMEWAIT_SOCKET": the kernel's name as printed)
//	tcp:tcp_receive_reset     ResetReceived
//	tcp:tcp_retransmit_skb    Retransmitted  State
//
// Local is the end the event happened at and Remote the other; Who is
// "server" when Local's port is the watched port, else "client". Text is a
// short neutral description ("ESTABLISHED -> FIN_WAIT1") followed by the
// context the kernel ran in: "(softirq)" when it acted on its own, on a
// packet's arrival or a timer, or the task it ran in, "(graceclient-4242)",
// when it acted inside that program's system call. Words for learners are
// rendered elsewhere.
//
// What the kernel's events show, and what they do not (measured on Linux
// 6.18, see testdata/README.md):
//
//   - There is no TIME_WAIT state change. An end that would enter TIME_WAIT
//     goes FIN_WAIT2 -> CLOSE: the kernel hands the connection to a small
//     time-wait socket and closes the full one. A closed (orphaned) end is
//     handed over already in FIN_WAIT2, microseconds after its FIN is
//     acknowledged. That time-wait socket is what answers a late segment
//     with a RST (state TIME_WAIT, reason TCP_TIMEWAIT_SOCKET).
//   - A RST the kernel sends on its own initiative (a close with unread
//     data: TCP_ABORT_ON_CLOSE; SO_LINGER 0: TCP_STATE) is logged after it
//     is sent: on loopback the peer has usually taken it already, so the
//     peer's ResetReceived comes first. A RST in reply to a segment is
//     logged before it is sent.
//   - A listening socket's changes (CLOSE -> LISTEN) have no remote port; a
//     connecting socket's first change (CLOSE -> SYN_SENT) has no local port
//     yet. Both are kept: they belong to the connection's story.
//   - The server's connection appears when the handshake's last ACK
//     arrives (LISTEN -> SYN_RECV -> ESTABLISHED, both in softirq), after
//     the client is already ESTABLISHED.
package kernel
