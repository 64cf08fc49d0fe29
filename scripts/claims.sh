#!/usr/bin/env bash
# claims.sh: every claim the seeds make about ending a TCP connection, checked
# on this machine. The lesson, the notes beside it (seeds 000, 001, 004) and
# its readers say what close(), shutdown(), SO_LINGER, exit() and a full
# listen queue do; some of it is true only where it was seen. Each claim is
# an experiment with the two programs (graceclient and its /commands,
# graceserver and its -on-eof, -backlog, -accept-after; both with -trace),
# and a table says, claim by claim, what this machine did and whether the
# claim holds here.
#
# usage: scripts/claims.sh [EXPERIMENT...] [--fast] [--port N] [--keep]
#
#   EXPERIMENT  run only these (default: all, in this order):
#               lesson-close lesson-shutdown close-idle close-unread abort
#               exit dupclose dup-shutdown shut-rd shut-rdwr half-close
#               close-wait accept-queue
#   --fast      short delays and windows: about 20 s in all instead of about
#               two minutes (close-wait then does not wait for the client's
#               orphaned FIN_WAIT2 to time out)
#   --port N    use port N for every experiment (default: a free port each)
#   --keep      keep the logs and captures and print the folder they are in
#   -h, --help  this text
#
# For each experiment it prints the commands to do it by hand in two
# terminals, and a timeline: what was typed, what each side printed, its
# -trace lines (* event -> the socket's TCP state), the TCP states read with
# ss or netstat, and the packets, captured with tcpdump on the loopback
# interface where it is installed and allowed (root: sudo scripts/claims.sh;
# otherwise the table says the packets were not captured). What the peer's
# read returned tells most claims apart without packets: data, EOF (a FIN),
# ECONNRESET (a RST), or nothing within a window.
#
# Each experiment is defined once, here, as a function (exp_...); go test
# runs this script. The verdict of each claim on Linux, as measured when it
# was written, is recorded below (recorded_verdict), with macOS and the BSDs
# where the outcome is certain; elsewhere a verdict is "unrecorded": shown,
# never a failure. GRACE_CLAIMS_RECORD="EXPERIMENT/CLAIM=VERDICT ..."
# (VERDICT: holds or does_not_hold) replaces recorded verdicts; the tests use
# it to check that a contradiction fails. docs/closing.md explains each run.
#
# exit status: 0 every verdict is the one recorded for this system (or none
# is recorded); 1 a verdict contradicts the recorded one (the table says
# which); 2 bad usage; 3 an experiment could not be run (build failed, no
# port, a step did not happen in time); 130 interrupted.

# lib.sh is checked on its own; shellcheck -x follows it from here.
# shellcheck source-path=SCRIPTDIR source=legacy-lib.sh disable=SC1091
. "$(cd "$(dirname "$0")" && pwd)/legacy-lib.sh"

ALL_EXPERIMENTS="lesson-close lesson-shutdown close-idle close-unread abort exit dupclose dup-shutdown shut-rd shut-rdwr half-close close-wait accept-queue"

EXPERIMENTS=""
while [ $# -gt 0 ]; do
	case $1 in
	[!-]*)
		case " $ALL_EXPERIMENTS " in
		*" $1 "*) EXPERIMENTS="$EXPERIMENTS $1" ;;
		*) usage_error "unknown experiment: $1: want one of: $ALL_EXPERIMENTS" ;;
		esac
		shift
		;;
	*)
		common_flag "$@"
		shift "$SHIFT_BY"
		;;
	esac
done
[ -n "$EXPERIMENTS" ] || EXPERIMENTS=$ALL_EXPERIMENTS

PLATFORM=$(uname -s)
loopback_interface

# --- timing ----------------------------------------------------------------------

# claims_timing sets, beside apply_timing's DELAY, SLEEP, PACE and BOUND:
# QUIET, the window in which "nothing arrives" is measured, and SYN_WINDOW,
# how long a connect must stay in SYN_SENT to count as unanswered.
claims_timing() {
	apply_timing
	if [ "$FAST" = 1 ]; then
		QUIET=0.5
		SYN_WINDOW=1.5
	else
		QUIET=2
		SYN_WINDOW=4
	fi
}

# --- packets -----------------------------------------------------------------------

CAPTURE=0     # 1: each experiment's packets are captured
CAPTURE_WHY="" # why not, when not

# setup_capture learns once whether tcpdump can capture on the loopback
# interface here (installed, and root or CAP_NET_RAW), with a first capture on
# a port nothing uses.
setup_capture() {
	local probe=$WORKDIR/probe why
	if ! command -v tcpdump >/dev/null 2>&1; then
		CAPTURE_WHY="tcpdump is not installed"
	elif ! capture_start "$probe" 9; then
		why=$(capture_complaint "$probe")
		CAPTURE_WHY="tcpdump cannot capture on $IFACE ($why); capturing needs root: sudo $0"
	else
		capture_stop "$probe"
		CAPTURE=1
	fi
	if [ "$CAPTURE" = 1 ]; then
		echo "packets: captured on $IFACE with tcpdump, one capture per experiment"
	else
		echo "packets: not captured: $CAPTURE_WHY"
	fi
}

# capture_to_log: the run's capture as timeline lines in wire.log, one per
# segment: "client -> server: FIN", "server -> client: data 9". With several
# clients, each is named by its port.
capture_to_log() {
	[ -f "$RUN/capture.txt" ] || return 0
	awk -v port="$PORT" -v tab="$TAB" '
		function sport(a) { sub(/.*\./, "", a); sub(/:$/, "", a); return a }
		$2 == "IP" && $6 == "Flags" {
			s = sport($3); d = sport($5)
			c = (s == port) ? d : s
			if (NR == FNR) { if (!(c in seen)) { seen[c] = 1; clients++ }; next }
			f = $7; gsub(/[][,]/, "", f)
			len = 0
			if (match($0, /length [0-9]+/)) len = substr($0, RSTART + 7, RLENGTH - 7) + 0
			if (f ~ /S/ && f ~ /\./) what = "SYN-ACK"
			else if (f ~ /S/) what = "SYN"
			else if (f ~ /R/) what = "RST"
			else if (f ~ /F/) what = (len > 0) ? "data " len " + FIN" : "FIN"
			else if (len > 0) what = "data " len
			else what = "ACK"
			name = (clients > 1) ? "client:" c : "client"
			if (s == port) line = "server -> " name ": " what
			else line = name " -> server: " what
			print $1 tab "wire" tab line
		}' "$RUN/capture.txt" "$RUN/capture.txt" >"$RUN/wire.log"
}

# packets: the experiment's segments in one line for the table, without the
# handshake and the bare ACKs: "client FIN, server data 9, client RST".
# Repeats in a row are counted: "client:40312 SYN x3".
packets() {
	if [ "$CAPTURE" != 1 ]; then
		echo "not captured"
		return 0
	fi
	cut -f3- "$RUN/wire.log" 2>/dev/null | awk -v all="${1:-}" '
		{
			split($0, a, ": "); what = a[2]
			who = a[1]; sub(/ -> .*/, "", who)
			if (what == "ACK" || (all == "" && (what == "SYN" || what == "SYN-ACK"))) next
			item = who " " what
			if (item == last) { n++; next }
			flush(); last = item; n = 1
		}
		function flush() {
			if (last == "") return
			out = out sep last (n > 1 ? " x" n : ""); sep = ", "
		}
		END { flush(); print (out == "" ? "none" : out) }'
}

# --- what the programs did ---------------------------------------------------------

# traced NAME PATTERN: the -trace events of the program NAME (without their
# time) that match the extended regular expression PATTERN.
traced() {
	log_text "$1.out" | sed -n 's/^\[tcp +[0-9.]*s\] //p' | grep -E -e "$2"
}

# reads NAME: what each read(2) of the program returned, in order, from its
# trace: "data 5, data 5, EOF", "data 5, ECONNRESET"; "" if it read nothing.
reads() {
	traced "$1" '^read( |:)' | awk '
		/^read [0-9]+ bytes/ { r = "data " $2 }
		/^read EOF/ { r = "EOF" }
		/^read: / { r = $2 }
		{ out = out sep r; sep = ", " }
		END { print out }'
}

# read_count NAME: how many reads the program has made.
read_count() {
	traced "$1" '^read( |:)' | wc -l | tr -d ' '
}

# client_port NAME: the local port of the client NAME's connection, from
# its trace ("connected 127.0.0.1:51522 to 127.0.0.1:43211").
client_port() {
	traced "$1" '^connected ' | sed -n 's/^connected [^ ]*[:.]\([0-9][0-9]*\) to .*/\1/p' | head -n 1
}

# sockets_q prints every TCP socket on 127.0.0.1 as "LOCALPORT PEERPORT
# STATE RECVQ", with netstat's names for the states (FIN_WAIT2, as in seed
# 001), as lib.sh's tcp_sockets does, plus the bytes waiting to be read.
sockets_q() {
	case $STATE_TOOL in
	ss) ss -tan 2>/dev/null | awk 'NR > 1 { print $4, $5, $1, $2 }' ;;
	netstat) netstat -an 2>/dev/null | awk '$1 ~ /^tcp/ { print $4, $5, $6, $2 }' ;;
	*) return 0 ;;
	esac | awk '
		function port(a) { sub(/.*[.:]/, "", a); return a }
		$1 ~ /127\.0\.0\.1/ {
			s = $3
			if (s == "ESTAB") s = "ESTABLISHED"
			gsub(/-/, "_", s)
			sub(/^FIN_WAIT_/, "FIN_WAIT", s)
			print port($1), port($2), s, $4
		}'
}

# side client|server [FIELD]: the state (FIELD 3) or receive queue (FIELD
# 4) of that end of this run's connection, found by both its ports, so
# that earlier connections to the same port do not count; "none" when it is
# gone, "?" when states cannot be read.
side() {
	local cport
	[ "$STATE_TOOL" = none ] && { echo "?"; return 0; }
	cport=$(client_port client)
	[ -n "$cport" ] || { echo none; return 0; }
	sockets_q | awk -v c="$cport" -v p="$PORT" -v side="$1" -v f="${2:-3}" '
		side == "client" && $1 == c && $2 == p { v = $f }
		side == "server" && $1 == p && $2 == c { v = $f }
		END { print (v == "" ? "none" : v) }'
}

# states LABEL: both ends' states now, into the timeline (lib.sh's
# states.log format).
states() {
	[ "$STATE_TOOL" = none ] && return 0
	printf '%s\tstates\t%s\t%s\t%s\n' "$(now)" "$(side client)" "$(side server)" "$1" >>"$RUN/states.log"
}

# state_at LABEL client|server: the state recorded by states LABEL.
state_at() {
	awk -F "$TAB" -v l="$1" -v f="$([ "$2" = client ] && echo 3 || echo 4)" '$5 == l { s = $f } END { print (s == "" ? "?" : s) }' "$RUN/states.log" 2>/dev/null
}

# wait_until SECONDS COMMAND...: poll COMMAND until it succeeds; 1 after
# SECONDS.
wait_until() {
	local n
	n=$(polls "$1")
	shift
	while [ "$n" -gt 0 ]; do
		"$@" && return 0
		pause "$POLL"
		n=$((n - 1))
	done
	return 1
}

# queued_at_least N: the client's end holds at least N unread bytes (or
# states cannot be read: then trust the server's send).
# shellcheck disable=SC2317 # called through wait_until
queued_at_least() {
	local q
	[ "$STATE_TOOL" = none ] && return 0
	q=$(side client 4)
	case $q in '' | *[!0-9]*) return 1 ;; esac
	[ "$q" -ge "$1" ]
}

# connected NAME: the client NAME has connected.
connected() {
	[ -n "$(client_port "$1")" ]
}

# quiet_window: wait QUIET seconds, the window in which "nothing arrives"
# is measured.
quiet_window() {
	log client.in "(${QUIET}s: does anything arrive?)"
	pause "$QUIET"
}

# --- one experiment ----------------------------------------------------------------

EXP=""        # the experiment running
EXP_FAILED="" # why it could not be run to the end, if so
OBSERVED=""   # what this machine did, for the table

# begin NAME TITLE: a new experiment.
begin() {
	EXP=$1 EXP_FAILED="" OBSERVED=""
	echo
	echo "=== $1: $2"
	begin_run "$1"
}

# server FLAGS...: graceserver, traced, on a free port, and the capture of
# that port's packets.
server() {
	local why
	start_server -trace "$@"
	if [ "$CAPTURE" = 1 ] && ! capture_start "$RUN/capture.txt" "$PORT"; then
		why=$(capture_complaint "$RUN/capture.txt")
		fail_setup "tcpdump did not start: $why"
	fi
}

# client FLAGS...: graceclient, traced, connected to the server (waits for it).
client() {
	start_client -trace "$@"
	wait_until "$BOUND" connected client || failed "the client did not connect within ${BOUND}s"
}

# by_hand STEPS: how to do it in two terminals, and with this script.
by_hand() {
	print_by_hand "$1"
	echo "  or: scripts/claims.sh $EXP"
}

# failed WHY: a step did not happen: the experiment's claims are not measured.
failed() {
	[ -n "$EXP_FAILED" ] || EXP_FAILED=$1
	return 1
}

# step WHAT SECONDS NAME.STREAM PATTERN [COUNT]: wait for a line, or fail the
# experiment with WHAT.
step() {
	[ -z "$EXP_FAILED" ] || return 1
	wait_for_line "$3" "$4" "${5:-1}" "$2" || failed "$1 did not happen within $2s"
}

# step_queued WHAT BYTES: wait until the client's receive queue holds BYTES
# (WHAT, a reply, has arrived and waits unread), or fail the experiment.
step_queued() {
	[ -z "$EXP_FAILED" ] || return 1
	wait_until "$BOUND" queued_at_least "$2" || failed "$1 did not reach the client's receive queue within ${BOUND}s"
}

# finish [all]: end what still runs, stop the capture, add the packets to
# what was measured (all: the handshakes too), print the timeline and what
# was measured.
finish() {
	local name
	for name in client client1 client2 client3 client4 client5 server; do
		[ -f "$RUN/$name.pid" ] && stop_program "$name"
	done
	capture_stop "$RUN/capture.txt"
	capture_to_log
	observe "packets: $(packets "$@")"
	timeline
	echo "measured: $OBSERVED"
	[ -z "$EXP_FAILED" ] || echo "NOT MEASURED: $EXP_FAILED"
}

# timeline: the run's logs in time order, one line each: the time since the
# run began, whose line, and the line (> typed; * a -trace event, with the
# socket's TCP state after "->"; tcp: both ends' states; wire: a segment).
timeline() {
	local t0
	t0=$(cat "$RUN/t0")
	echo
	cat "$RUN"/*.log | sort -s -t "$TAB" -k1,1n | awk -F "$TAB" -v t0="$t0" '
		{
			t = $1 - t0; tag = $2; who = tag; sub(/\..*/, "", who)
			text = substr($0, length($1) + length($2) + 3)
			if (tag == "states") {
				who = "tcp"
				text = "client " $3 ", server " $4 "  (" $5 ")"
			}
			if (text ~ /^\[tcp \+[0-9.]+s\] trace on at /) next
			if (sub(/^\[tcp \+[0-9.]+s\] /, "", text)) text = "* " text
			if (text == "") next
			printf "%8.3f  %-7s  %s\n", t, who, text
		}'
	printf '(> typed; * -trace: event -> TCP state'
	[ "$STATE_TOOL" = none ] || printf '; tcp: states read with %s' "$STATE_TOOL"
	[ "$CAPTURE" = 1 ] && printf '; wire: a segment, tcpdump'
	echo "; [ ] seen by the script)"
}

# --- claims and verdicts -------------------------------------------------------------

# recorded_verdict EXPERIMENT/CLAIM: the verdict recorded for this system:
# "holds", "does not hold" or "unrecorded". Linux: measured with this script
# (Linux 6.x, default sysctls). macOS and the BSDs: only where the outcome
# is certain (POSIX's reference count, the TCP state machine, SO_LINGER 0).
recorded_verdict() {
	local override
	for override in ${GRACE_CLAIMS_RECORD:-}; do
		case $override in
		"$1="*)
			echo "${override#*=}" | tr _ ' '
			return 0
			;;
		esac
	done
	case $PLATFORM in
	Linux)
		case $1 in
		lesson-close/lesson.close-rst | lesson-shutdown/lesson.shut-wr | close-idle/lesson.close-fin | \
			close-unread/seed000.close-rst | abort/comment.linger | exit/lesson.exit-fin | \
			dupclose/lesson.close-refcount | dup-shutdown/lesson.shutdown-fin | shut-rd/lesson.shut-rd-eof | \
			half-close/seed001.states | half-close/seed004.states | close-wait/seed001.close-wait)
			echo holds
			;;
		close-idle/seed000.close-rst | close-unread/lesson.close-fin | shut-rd/lesson.shut-rd-queued | \
			shut-rd/lesson.shut-rd-new | shut-rd/seed000.shut-rd-rst | shut-rd/seed004.sd-receive | \
			shut-rdwr/seed000.shut-rdwr-rst | shut-rdwr/lesson.shut-rd-new | accept-queue/seed000.backlog-rst)
			echo "does not hold"
			;;
		*) echo unrecorded ;;
		esac
		;;
	Darwin | FreeBSD | OpenBSD | NetBSD | DragonFly)
		case $1 in
		lesson-close/lesson.close-rst | lesson-shutdown/lesson.shut-wr | close-idle/lesson.close-fin | \
			abort/comment.linger | exit/lesson.exit-fin | dupclose/lesson.close-refcount | \
			dup-shutdown/lesson.shutdown-fin | half-close/seed001.states | half-close/seed004.states | \
			close-wait/seed001.close-wait)
			echo holds
			;;
		close-idle/seed000.close-rst) echo "does not hold" ;;
		*) echo unrecorded ;;
		esac
		;;
	*) echo unrecorded ;;
	esac
}

# claim ID "SOURCE: TEXT" STATUS WHY: a row of the table for the
# experiment running: the claim (its source, the claim in brief), what was
# measured (OBSERVED), and its verdict here, "holds" if STATUS (that of the
# test just made) is 0, else "does not hold", with the reason. An
# experiment that did not run to the end measures nothing.
claim() {
	local verdict=holds why=$4
	[ "$3" = 0 ] || verdict="does not hold"
	if [ -n "$EXP_FAILED" ]; then
		verdict="not measured" why=$EXP_FAILED
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$EXP/$1" "$EXP" "$2" "$OBSERVED" "$verdict" "$why" >>"$WORKDIR/rows"
}

# has TEXT PATTERN: TEXT matches the extended regular expression PATTERN.
has() {
	printf '%s\n' "$1" | grep -E -q -e "$2"
}

# observe TEXT: add to what was measured.
observe() {
	OBSERVED="${OBSERVED:+$OBSERVED; }$1"
}

# --- the experiments -------------------------------------------------------------------
#
# One function each: the steps a person would take in two terminals, what was
# measured, then the claims it decides. A step that does not happen within
# BOUND leaves the experiment's claims "not measured".

# PEER_READ is what the lesson's server prints when its read ends the
# conversation: EOF (the client's FIN) or an error (ECONNRESET: its RST).
PEER_READ='client closed \|error read: .*'

# both_end: once the client has ended the conversation, wait for the server's
# read that sees it (PEER_READ), then for both programs to exit.
both_end() {
	step "the server's read" "$BOUND" server.out "$PEER_READ"
	wait_ended server "$BOUND" >/dev/null
	wait_ended client "$BOUND" >/dev/null
}

# doubled DELAY: a -delay twice as long ("1s" -> "2s"), for a second try.
doubled() {
	awk -v d="${1%s}" 'BEGIN { print d * 2 "s" }'
}

# lesson_run CLOSING: the lesson's experiment (lib.sh's lesson_steps: data1,
# data2, then CLOSING before the first reply). A machine too slow to type
# before the first reply gets a second try with the server's delay doubled.
lesson_run() {
	local closing=$1 server_delay=$DELAY try
	for try in 1 2; do
		begin "lesson-$closing" "the lesson's $closing: type data1, data2, $closing; the server replies after $server_delay"
		server -delay "$server_delay"
		if [ "$closing" = close ]; then client -sleep "$SLEEP"; else client; fi
		by_hand "type data1, data2 and $closing in the client's terminal, within $server_delay"
		if [ -z "$EXP_FAILED" ]; then
			lesson_steps "$closing" || failed "$(sed 's/^ *//' "$RUN/differences" | head -n 1)"
			wait_ended client "$BOUND" >/dev/null
			wait_ended server "$BOUND" >/dev/null
		fi
		states "at the end"
		typed_too_late "$closing" || return 0
		if [ "$try" = 2 ]; then
			failed "$closing was typed after the server's first reply, twice (this machine is too slow for -delay $server_delay)"
			return 0
		fi
		finish
		echo "($closing was typed after the server's first reply: once more, with the server's delay doubled)"
		server_delay=$(doubled "$server_delay")
	done
}

exp_lesson_close() {
	local status replies
	lesson_run close
	status=$(exit_status server) replies=$(count_replies)
	observe "server's reads: $(reads server); its 1st send: $(traced server '^send [0-9]+ bytes: done' | sed 's/.* -> //' | head -n 1 | sed 's/^\(.\)/done -> \1/'), then $(describe_status "$status"); client printed $replies of 2 replies"
	finish
	[ "$status" = 141 ] && [ "$replies" = 0 ]
	claim lesson.close-rst "lesson: after close(), a peer that keeps sending gets a RST, and its next write raises SIGPIPE" $? \
		"the 1st reply was answered with a RST (the server's socket went to CLOSE), the 2nd send raised SIGPIPE"
}

exp_lesson_shutdown() {
	local replies rs rc
	lesson_run shutdown
	replies=$(count_replies) rs=$(reads server) rc=$(reads client)
	observe "client: state after shutdown $(state_at "after shutdown" client), printed $replies of 2 replies, its reads: $rc; server's reads: $rs"
	finish
	[ "$replies" = 2 ] && has "$rs" 'EOF$' && has "$rc" 'EOF$'
	claim lesson.shut-wr "lesson: shutdown(SHUT_WR) sends a FIN and the replies can still be read; the server reads EOF and closes in turn" $? \
		"both replies arrived after the client's FIN; the server read EOF and exited (its FIN); the client read EOF"
}

exp_close_idle() {
	local r
	begin close-idle "close() on an idle connection (nothing unread, nothing unsent)"
	server
	client -sleep 0.2
	by_hand "type close in the client's terminal"
	type_line close
	both_end
	r=$(reads server)
	observe "server's read: ${r:-nothing}"
	finish
	[ "$r" = EOF ]
	claim lesson.close-fin "lesson: close() sends what is left in the send buffer, then a FIN" $? \
		"the server's read returned EOF: a FIN"
	[ "$r" = ECONNRESET ]
	claim seed000.close-rst "seed 000: close() sends a RST, not the FIN of the four-way close" $? \
		"with nothing left unread, close() sent a FIN: the server's read returned ${r:-nothing}"
}

exp_close_unread() {
	local r q
	begin close-unread "close() with unread data: the reply waits in the client's receive queue"
	server -delay 0
	client -sleep 0.2
	by_hand "type /pause, data1, and once the server has answered, close"
	type_line /pause
	step "/pause" "$BOUND" client.out '/pause: .*'
	pause "$PACE"
	type_line data1
	step "the server's reply" "$BOUND" server.out 'send bytes: 9 '
	step_queued "the reply" 9
	q=$(side client 4)
	states "before close"
	[ -n "$EXP_FAILED" ] || type_line close
	both_end
	r=$(reads server)
	observe "bytes unread at the client when it closed: $q; server's reads: $r"
	finish
	has "$r" 'EOF$'
	claim lesson.close-fin "lesson: close() sends what is left in the send buffer, then a FIN" $? \
		"with $q bytes unread, close() sent a RST instead: the server's read returned ECONNRESET"
	has "$r" 'ECONNRESET$'
	claim seed000.close-rst "seed 000: close() sends a RST, not the FIN of the four-way close" $? \
		"with data left unread, yes: the server's read returned ECONNRESET"
}

exp_abort() {
	local r
	begin abort "SO_LINGER {on, 0 s}, then close(): /abort"
	server
	client -sleep 0.2
	by_hand "type /abort in the client's terminal"
	type_line /abort
	both_end
	r=$(reads server)
	observe "server's read: ${r:-nothing}"
	finish
	[ "$r" = ECONNRESET ]
	claim comment.linger "reader comment (忆水寒), seed 004: SO_LINGER decides what close() does with what is queued; with a 0 s linger it is dropped at once" $? \
		"close() sent a RST at once, with nothing queued: the server's read returned ${r:-nothing}"
}

exp_exit() {
	local r
	begin exit "exit() without close(): /exit"
	server
	client
	by_hand "type /exit in the client's terminal"
	type_line /exit
	both_end
	r=$(reads server)
	observe "client $(describe_status "$(exit_status client)"); server's read: ${r:-nothing}"
	finish
	[ "$r" = EOF ]
	claim lesson.exit-fin "lesson, question 1: exit(0) sends the FIN, with no close() or shutdown()" $? \
		"the kernel closed the socket at exit: the server's read returned EOF"
}

exp_dupclose() {
	local before after r c s
	begin dupclose "close() with another descriptor open (/dupclose), then close() of the last one"
	server
	client -sleep 0.2
	by_hand "type /dupclose; nothing happens; then type close"
	type_line /dupclose
	step "/dupclose" "$BOUND" client.out '/dupclose: .*'
	before=$(read_count server)
	quiet_window
	after=$(read_count server)
	states "${QUIET}s after /dupclose"
	c=$(state_at "${QUIET}s after /dupclose" client) s=$(state_at "${QUIET}s after /dupclose" server)
	[ -n "$EXP_FAILED" ] || type_line close
	both_end
	r=$(reads server)
	observe "server's reads in the ${QUIET}s after /dupclose: $((after - before)) (client $c, server $s); after close() of the copy: ${r:-nothing}"
	finish
	[ "$after" = "$before" ] && [ "$r" = EOF ]
	claim lesson.close-refcount "lesson: close() only drops a reference: while another descriptor is open, no FIN is sent" $? \
		"nothing reached the server while the copy was open; the FIN went with the last close() (the server read EOF)"
}

exp_dup_shutdown() {
	local r
	begin dup-shutdown "shutdown(SHUT_WR) with two descriptors open (/dup), then a write"
	server -on-eof wait
	client
	by_hand "type /dup, /shutdown wr, then data1"
	type_line /dup
	step "/dup" "$BOUND" client.out '/dup: .*'
	pause "$PACE"
	type_line "/shutdown wr"
	step "the server's read" "$BOUND" server.out "$PEER_READ"
	r=$(reads server)
	states "after /shutdown wr"
	[ -n "$EXP_FAILED" ] || type_line data1
	wait_ended client "$BOUND" >/dev/null
	observe "server's read: ${r:-nothing}; the client's write after it: client $(describe_status "$(exit_status client)")"
	finish
	[ "$r" = EOF ]
	claim lesson.shutdown-fin "lesson: shutdown() sends a FIN whatever the reference count" $? \
		"with two descriptors open, the server's read returned EOF: a FIN"
}

exp_shut_rd() {
	local q1 q2 before after rc sent
	begin shut-rd "shutdown(SHUT_RD) with a reply queued, and another arriving after it"
	server -delay 0
	client
	by_hand "type /pause, data1, (the reply is queued) /shutdown rd, data2, (the second reply) /resume"
	type_line /pause
	step "/pause" "$BOUND" client.out '/pause: .*'
	pause "$PACE"
	type_line data1
	step "the server's 1st reply" "$BOUND" server.out 'send bytes: 9 '
	step_queued "the reply" 9
	q1=$(side client 4)
	[ -n "$EXP_FAILED" ] || type_line "/shutdown rd"
	step "/shutdown rd" "$BOUND" client.out '/shutdown rd: .*'
	before=$(read_count server)
	quiet_window
	after=$(read_count server)
	states "${QUIET}s after SHUT_RD"
	[ -n "$EXP_FAILED" ] || type_line data2
	step "the server's 2nd reply" "$BOUND" server.out 'send bytes: 9 ' 2
	step_queued "the 2nd reply" 18
	q2=$(side client 4)
	sent=$(traced server '^send [0-9]+ bytes: done' | wc -l | tr -d ' ')
	[ -n "$EXP_FAILED" ] || type_line /resume
	step "the client's EOF" "$BOUND" client.out 'server terminated '
	wait_ended client "$BOUND" >/dev/null
	wait_ended server "$BOUND" >/dev/null
	rc=$(traced client '^read( |:)' | sed 's/^read //; s/^EOF: .* -> /EOF -> /; s/ -> / (/; s/$/)/' | tr '\n' ',' | sed 's/,$//; s/,/, /g')
	observe "client's receive queue: $q1 bytes at SHUT_RD, $q2 after the 2nd reply; server's reads in the ${QUIET}s after SHUT_RD: $((after - before)), then $(reads server | sed 's/^data 5, //'); its 2nd send: $([ "$sent" = 2 ] && echo "done" || echo "failed"); client's reads after /resume: $rc"
	finish
	[ "${q1:-0}" = 0 ] || ! has "$rc" '^[0-9]+ bytes'
	claim lesson.shut-rd-queued "lesson: after SHUT_RD, the data already in the receive queue is discarded" $? \
		"the $q1 bytes queued at SHUT_RD stayed queued, and read() returned them"
	[ "$sent" = 2 ] && [ "$q2" = "$q1" ]
	claim lesson.shut-rd-new "lesson: after SHUT_RD, new data is ACKed and silently dropped; the peer does not know" $? \
		"the peer noticed nothing, but the reply that arrived after SHUT_RD was ACKed, queued ($q2 bytes) and read, not dropped"
	has "$rc" 'EOF \(ESTABLISHED\)$'
	claim lesson.shut-rd-eof "lesson: after SHUT_RD, read() returns EOF" $? \
		"once the queue was read, read() returned EOF at once, with no FIN from the server (the connection ESTABLISHED)"
	[ "$after" != "$before" ] || [ "$sent" != 2 ]
	claim seed000.shut-rd-rst "seed 000: shutdown(SHUT_RD) sends a RST, like close()" $? \
		"nothing reached the server: its read went on waiting, and its next send succeeded"
	[ "$sent" != 2 ] || ! has "$rc" '^[0-9]+ bytes'
	claim seed004.sd-receive "seed 004 (Windows): shutdown(SD_RECEIVE) on TCP resets the connection if data is waiting or arrives" $? \
		"not on this system: data was waiting and more arrived, and nothing was reset (Windows itself is not tested here)"
}

exp_shut_rdwr() {
	local r after_send server_delay=$DELAY try
	for try in 1 2; do
		begin shut-rdwr "shutdown(SHUT_RDWR) with a reply on its way"
		server -delay "$server_delay"
		client
		by_hand "type data1, then /shutdown rdwr within $server_delay, before the server's reply; then /resume"
		type_line data1
		step "the server's read" "$BOUND" server.out 'received 5 bytes: data1'
		[ -n "$EXP_FAILED" ] || type_line "/shutdown rdwr"
		step "/shutdown rdwr" "$BOUND" client.out '/shutdown rdwr: .*'
		states "after SHUT_RDWR"
		step "the server's reply" "$BOUND" server.out 'send bytes: .*'
		step "the server's next read" "$BOUND" server.out "$PEER_READ"
		wait_ended server "$BOUND" >/dev/null
		{ [ -n "$EXP_FAILED" ] || ! typed_too_late "/shutdown rdwr"; } && break
		if [ "$try" = 2 ]; then
			failed "/shutdown rdwr was typed after the server's reply, twice (this machine is too slow for -delay $server_delay)"
			break
		fi
		finish
		echo "(/shutdown rdwr was typed after the server's reply: once more, with the server's delay doubled)"
		server_delay=$(doubled "$server_delay")
	done
	r=$(reads server)
	after_send=$(traced server '^send [0-9]+ bytes: done' | sed 's/.* -> //' | head -n 1)
	[ -n "$EXP_FAILED" ] || type_line /resume
	step "the client's read" "$BOUND" client.out 'read error: .*\|server terminated '
	wait_ended client "$BOUND" >/dev/null
	observe "server's reads: $r; its socket after sending the reply: ${after_send:-?}; the client's read after /resume: $(reads client)"
	finish
	has "$r" '^data 5, ECONNRESET'
	claim seed000.shut-rdwr-rst "seed 000: shutdown(SHUT_RDWR) sends a RST, like close()" $? \
		"shutdown() sent a FIN (the server read EOF); only the reply that arrived after it was answered with a RST (the server's socket: ${after_send:-?})"
	has "${after_send:-?}" '^CLOSE_WAIT'
	claim lesson.shut-rd-new "lesson: after SHUT_RD (here SHUT_RDWR), new data is ACKed and silently dropped; the peer does not know" $? \
		"the reply that arrived after SHUT_RDWR was answered with a RST: the server's socket was reset (${after_send:-?})"
}

exp_half_close() {
	local c s c_end first
	begin half-close "a half-close that stays: the client's shutdown, a server that does not close (-on-eof wait)"
	server -on-eof wait -delay 0
	client
	by_hand "type data1, then shutdown; in a third terminal, ss -tan | grep $PORT; then Ctrl-C the server"
	type_line data1
	step "the reply" "$BOUND" client.out 'Hi, data1'
	[ -n "$EXP_FAILED" ] || type_line shutdown
	step "the server's EOF" "$BOUND" server.out 'client closed '
	states "after the server's EOF"
	quiet_window
	states "${QUIET}s later"
	c=$(state_at "${QUIET}s later" client) s=$(state_at "${QUIET}s later" server)
	[ -n "$EXP_FAILED" ] || send_signal server INT "Ctrl-C (SIGINT)"
	step "the client's EOF" "$BOUND" client.out 'server terminated '
	wait_ended client "$BOUND" >/dev/null
	wait_ended server "$BOUND" >/dev/null
	states "after the server's exit"
	c_end=$(state_at "after the server's exit" client)
	first=$(traced client '^shutdown' | sed 's/.* -> //' | head -n 1)
	observe "client: ${first:-?} after shutdown(); ${QUIET}s after the half-close: client $c, server $s; after the server's exit: client $c_end"
	finish
	[ "$c/$s" = FIN_WAIT2/CLOSE_WAIT ]
	claim seed001.states "seed 001: after the client's close or shutdown, netstat shows FIN_WAIT2 (client) and CLOSE_WAIT (server)" $? \
		"the pair stayed as long as the server did not close"
	has "$first" '^FIN_WAIT(1|2)' && [ "$c" = FIN_WAIT2 ] && [ "$c_end" = TIME_WAIT ]
	claim seed004.states "seed 004: after shutdown(SD_SEND) or closesocket, FIN_WAIT_1, FIN_WAIT_2 on the peer's ACK, TIME_WAIT on its FIN" $? \
		"the same states here: $first after shutdown(), FIN_WAIT2 once ACKed, TIME_WAIT after the server's FIN"
}

exp_close_wait() {
	local s1 c1 s2 c2 fin_timeout wait_for
	begin close-wait "a server that never closes: CLOSE_WAIT after the client has gone"
	server -on-eof wait
	client -sleep 0.2
	by_hand "type close; watch ss -tan | grep $PORT; then Ctrl-C the server"
	type_line close
	step "the server's EOF" "$BOUND" server.out 'client closed '
	wait_ended client "$BOUND" >/dev/null
	states "the client has exited"
	c1=$(state_at "the client has exited" client) s1=$(state_at "the client has exited" server)
	fin_timeout=$(cat /proc/sys/net/ipv4/tcp_fin_timeout 2>/dev/null || echo 60)
	if [ "$FAST" = 1 ] || [ -n "$EXP_FAILED" ]; then
		quiet_window
		states "${QUIET}s later"
		c2=$(state_at "${QUIET}s later" client) s2=$(state_at "${QUIET}s later" server)
		observe "after the client's exit: client $c1 (orphaned: no process; tcp_fin_timeout=${fin_timeout}s, not waited for with --fast), server $s1; ${QUIET}s later: server $s2"
	else
		wait_for=$((fin_timeout + 15))
		log client.in "(waiting up to ${wait_for}s for the client's orphaned $c1 to time out)"
		wait_until "$wait_for" side_gone client
		states "the client's end timed out"
		c2=$(state_at "the client's end timed out" client) s2=$(state_at "the client's end timed out" server)
		observe "after the client's exit: client $c1 (orphaned: no process), server $s1; after tcp_fin_timeout=${fin_timeout}s: client $c2, server $s2"
	fi
	[ -n "$EXP_FAILED" ] || send_signal server INT "Ctrl-C (SIGINT)"
	wait_ended server "$BOUND" >/dev/null
	states "after the server's exit"
	finish
	[ "$s1/$s2" = CLOSE_WAIT/CLOSE_WAIT ] && [ "$(exit_status client)" = 0 ]
	claim seed001.close-wait "seed 001: CLOSE_WAIT stays at the server after the client has gone, until the server closes" $? \
		"the client process had exited, and the server's end stayed in CLOSE_WAIT until its own exit"
}

# side_gone client|server: that end of the connection is no longer listed.
# shellcheck disable=SC2317 # called through wait_until
side_gone() {
	[ "$(side "$1")" = none ]
}

# syn_stuck: a connection to PORT has been in SYN_SENT for SYN_WINDOW
# seconds (SYN_SEEN keeps when it was first seen).
syn_stuck() {
	local t
	if tcp_sockets | awk -v p="$PORT" '$2 == p && $3 == "SYN_SENT" { f = 1 } END { exit !f }'; then
		t=$(now)
		[ -n "$SYN_SEEN" ] || SYN_SEEN=$t
		awk -v a="$SYN_SEEN" -v b="$t" -v w="$SYN_WINDOW" 'BEGIN { exit !(b - a >= w) }'
	else
		SYN_SEEN=""
		return 1
	fi
}

# queue_client N: start graceclient number N, traced, with nothing to type
# and no -retry (a refusal must show), and wait until it has connected
# (returns 0), been refused (REFUSED says how) or waited in SYN_SENT for
# SYN_WINDOW seconds (returns 1).
queue_client() {
	local n
	start_program "client$1" /dev/null "$BUILD/graceclient" -trace -port "$PORT" "$HOST"
	SYN_SEEN=""
	n=$(polls "$BOUND")
	while [ "$n" -gt 0 ]; do
		connected "client$1" && return 0
		if ! running "client$1"; then
			wait_ended "client$1" 1 >/dev/null
			REFUSED=$(log_text "client$1.out" | grep 'connect failed' | head -n 1)
			[ -n "$REFUSED" ] || failed "client $1 ended without connecting"
			return 1
		fi
		syn_stuck && return 1
		pause "$POLL"
		n=$((n - 1))
	done
	failed "client $1 neither connected, nor was refused, nor waited in SYN_SENT within ${BOUND}s"
}

exp_accept_queue() {
	local i fitted=0 stuck="" listen_q queued_reads
	REFUSED=""
	begin accept-queue "a full accept queue: -backlog 1, a server that does not accept (-accept-after 1h), clients one after another"
	server -backlog 1 -accept-after 1h
	echo "by hand, in terminals at the repository's root:"
	echo "  server\$ $(cat "$RUN/server.cmd")"
	echo "  client\$ build/graceclient -trace -port $PORT $HOST     (in three terminals, one after another)"
	echo "  then ss -tan | grep $PORT in another; Ctrl-C each"
	echo "  or: scripts/claims.sh $EXP"
	for i in 1 2 3 4 5; do
		if queue_client "$i"; then
			fitted=$i
			note "client$i" connected
			continue
		fi
		[ -z "$REFUSED$EXP_FAILED" ] && stuck=$i
		break
	done
	[ -n "$stuck" ] && note "client$stuck" "still in SYN_SENT after ${SYN_WINDOW}s"
	listen_q=$(sockets_q | awk -v p="$PORT" '$1 == p && $3 == "LISTEN" { print $4 }')
	[ -n "$stuck" ] && stop_program "client$stuck"
	send_signal server INT "Ctrl-C (SIGINT)"
	wait_ended server "$BOUND" >/dev/null
	queued_reads=""
	for i in $(seq 1 "$fitted"); do
		wait_ended "client$i" "$BOUND" >/dev/null
		queued_reads="$queued_reads $(reads "client$i")"
	done
	observe "-backlog 1: $fitted connections completed with no accept() (the listen queue held ${listen_q:-?})"
	if [ -n "$stuck" ]; then
		observe "client $stuck: no answer, still in SYN_SENT after ${SYN_WINDOW}s, killed"
	elif [ -n "$REFUSED" ]; then
		observe "the next client: $REFUSED"
	fi
	[ "$fitted" -gt 0 ] && observe "the server's exit reset the queued ones (their reads: $(echo "$queued_reads" | tr ' ' '\n' | sort -u | tr '\n' ' ' | sed 's/^ *//; s/ *$//'))"
	finish all
	[ -n "$REFUSED" ]
	claim seed000.backlog-rst "seed 000: when the queue is full, a new client gets an ACK+RST (ConnectionRefusedError, WinError 10061)" $? \
		"$([ -n "$stuck" ] && echo "the SYN was dropped, not refused: the client stayed in SYN_SENT, sending its SYN again" || echo "the client was refused: $REFUSED")"
}

# --- the table -------------------------------------------------------------------------

# print_table: the claims, what this machine did, and the verdicts, as a
# Markdown table; then the count. Returns the script's exit status.
print_table() {
	local id exp text observed verdict why want mark last="" status=0 agree=0 differ=0 unrecorded=0 unmeasured=0 total=0
	echo
	echo "=== the claims on this machine ($PLATFORM $(uname -r); packets: $([ "$CAPTURE" = 1 ] && echo "captured with tcpdump" || echo "not captured, $CAPTURE_WHY"))"
	echo
	echo "| claim | experiment | what this machine did | verdict here |"
	echo "| --- | --- | --- | --- |"
	while IFS="$TAB" read -r id exp text observed verdict why; do
		total=$((total + 1))
		want=$(recorded_verdict "$id")
		case $verdict in
		"not measured")
			mark="NOT MEASURED: $why"
			unmeasured=$((unmeasured + 1))
			;;
		*)
			mark="**$verdict**: $why"
			if [ "$want" = unrecorded ]; then
				mark="$mark (unrecorded for $PLATFORM)"
				unrecorded=$((unrecorded + 1))
			elif [ "$want" = "$verdict" ]; then
				mark="$mark (as recorded for $PLATFORM)"
				agree=$((agree + 1))
			else
				mark="$mark (DIFFERS: recorded for $PLATFORM: $want)"
				differ=$((differ + 1))
			fi
			;;
		esac
		[ "$exp" = "$last" ] && observed="(the same run)"
		last=$exp
		# shellcheck disable=SC2016 # Markdown's backquotes
		printf '| %s: "%s" | `%s` | %s | %s |\n' "${text%%: *}" "${text#*: }" "$exp" "$observed" "$mark"
	done <"$WORKDIR/rows"
	echo
	echo "claims: $total checked, $agree as recorded for $PLATFORM, $differ differ, $unrecorded unrecorded, $unmeasured not measured"
	[ "$differ" -gt 0 ] && status=1
	[ "$unmeasured" -gt 0 ] && status=3
	return "$status"
}

# --- main ----------------------------------------------------------------------------

claims_timing
make_workdir
: >"$WORKDIR/rows"
setup_capture
build_programs
merge_stderr
start=$(now)
for experiment in $EXPERIMENTS; do
	case $experiment in
	lesson-close) exp_lesson_close ;;
	lesson-shutdown) exp_lesson_shutdown ;;
	close-idle) exp_close_idle ;;
	close-unread) exp_close_unread ;;
	abort) exp_abort ;;
	exit) exp_exit ;;
	dupclose) exp_dupclose ;;
	dup-shutdown) exp_dup_shutdown ;;
	shut-rd) exp_shut_rd ;;
	shut-rdwr) exp_shut_rdwr ;;
	half-close) exp_half_close ;;
	close-wait) exp_close_wait ;;
	accept-queue) exp_accept_queue ;;
	esac
done
print_table
status=$?
echo "($(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s)"
exit "$status"
