#!/usr/bin/env bash
# wire.sh: the lesson's two sequence diagrams, drawn from the packets your own
# machine sends. It runs an experiment with both programs traced (-trace),
# captures its packets on the loopback interface, for its port only, with
# tcpdump, and draws the connection: the client's lifeline on the left, the
# server's on the right, one arrow per segment in time order (SYN, ACK,
# PSH 5 "data1", FIN, RST), and beside each lifeline, at their times, what was
# typed, what the program printed and its trace lines (* ... -> the kernel's
# TCP state). A line under each diagram says whether its arrows are the
# lesson's.
#
# usage: scripts/wire.sh [close] [shutdown] [--fast] [--port N] [--keep]
#
#   close       the close experiment: the client's FIN, "Hi, data1" answered
#               by a RST, nothing after (the server dies of SIGPIPE)
#   shutdown    the shutdown experiment: the client's FIN, both replies, the
#               server's FIN, the last ACK
#               (neither given: both, close first)
#   --fast      the server replies after 1s instead of the lesson's 5s
#   --port N    use port N (default: a free port, so runs never collide)
#   --keep      keep the captures and logs and print the folder they are in
#   -h, --help  this text
#
# Capturing needs tcpdump and, on most systems, root: sudo scripts/wire.sh.
# Where tcpdump is missing, as root on Debian or Ubuntu it installs the
# package; otherwise it says how, and exits 0. On macOS it captures on lo0
# (tcpdump -i lo0) and tcpdump comes with the system: sudo scripts/wire.sh.
# The diagrams are drawn by scripts/seqdiagram, built into build/.
#
# exit status: 0 the diagrams are drawn and are the lesson's, or capturing is
# not possible here (it says why); 1 a diagram differs from the lesson's (the
# line under it says how); 2 bad usage; 3 the experiment could not run
# (build failed, no port, tcpdump failed); 130 interrupted.

# lib.sh is checked on its own; shellcheck -x follows it from here.
# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

EXPERIMENTS=""
while [ $# -gt 0 ]; do
	case $1 in
	close | shutdown)
		EXPERIMENTS="$EXPERIMENTS $1"
		shift
		;;
	[!-]*) usage_error "unknown experiment: $1: want close or shutdown" ;;
	*)
		common_flag "$@"
		shift "$SHIFT_BY"
		;;
	esac
done
[ -n "$EXPERIMENTS" ] || EXPERIMENTS="close shutdown"

case $(uname -s) in
Linux) IFACE=lo ;;
*) IFACE=lo0 ;; # macOS and the BSDs
esac
CAPTURE_PID=""

# no_capture REASON HOW: capturing is not possible here: say why and how to
# make it possible, and exit 0 (nothing is wrong with the programs).
no_capture() {
	echo "$SCRIPT_NAME: no diagrams: $1"
	echo "  $2"
	exit 0
}

# need_tcpdump makes sure tcpdump is installed: as root with apt-get, it
# installs the Debian package; otherwise it says how, and exits 0.
need_tcpdump() {
	command -v tcpdump >/dev/null 2>&1 && return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "\$ apt-get install tcpdump   (tcpdump is not installed)"
		export DEBIAN_FRONTEND=noninteractive
		bounded 300 apt-get update -qq >/dev/null 2>&1
		bounded 300 apt-get install -y -qq --no-install-recommends tcpdump >/dev/null 2>&1
		command -v tcpdump >/dev/null 2>&1 && return 0
		fail_setup "apt-get install tcpdump failed"
	fi
	no_capture "tcpdump is not installed." \
		"Install it (Debian, Ubuntu: sudo apt-get install tcpdump; Fedora: sudo dnf install tcpdump; macOS has it), then: sudo $0"
}

# start_capture FILE PORT: tcpdump on the loopback interface, for PORT only,
# writing to FILE; returns once it captures (it says "listening on"), or 1 if
# it could not start (its complaint is in FILE.err).
start_capture() {
	local n
	tcpdump -i "$IFACE" -nn -tt -l -X --immediate-mode "tcp port $2" >"$1" 2>"$1.err" 7>&- &
	CAPTURE_PID=$!
	track_pid "$CAPTURE_PID"
	n=$(polls "$BOUND")
	while [ "$n" -gt 0 ]; do
		grep -q '^listening on' "$1.err" && return 0
		kill -0 "$CAPTURE_PID" 2>/dev/null || break
		sleep "$POLL"
		n=$((n - 1))
	done
	stop_capture "$1"
	return 1
}

# stop_capture FILE: once the capture has stopped growing (the last segments
# are in), stop tcpdump and wait for it (bounded).
stop_capture() {
	local n last=-1 size stable=0
	[ -n "$CAPTURE_PID" ] || return 0
	n=$(polls 3)
	while [ "$n" -gt 0 ] && [ "$stable" -lt 10 ] && kill -0 "$CAPTURE_PID" 2>/dev/null; do
		size=$(wc -c <"$1")
		if [ "$size" = "$last" ]; then stable=$((stable + 1)); else stable=0; fi
		last=$size
		sleep "$POLL"
		n=$((n - 1))
	done
	kill -INT "$CAPTURE_PID" 2>/dev/null
	n=$(polls 5)
	while [ "$n" -gt 0 ] && kill -0 "$CAPTURE_PID" 2>/dev/null; do
		sleep "$POLL"
		n=$((n - 1))
	done
	kill -KILL "$CAPTURE_PID" 2>/dev/null
	wait "$CAPTURE_PID" 2>/dev/null
	untrack_pid "$CAPTURE_PID"
	CAPTURE_PID=""
}

# check_capture: a first capture on a port nothing uses, to learn at once
# whether capturing is allowed here.
check_capture() {
	local probe=$WORKDIR/probe
	need_tcpdump
	if ! start_capture "$probe" 9; then
		no_capture "tcpdump cannot capture on $IFACE: $(grep -v '^tcpdump: verbose' "$probe.err" | head -n 1)" \
			"Capturing packets needs root (or CAP_NET_RAW for tcpdump): sudo $0"
	fi
	stop_capture "$probe"
}

# build_seqdiagram builds the diagram drawer into build/, as build_programs
# builds the programs.
build_seqdiagram() {
	local tmp
	tmp=$(mktemp -d "$BUILD/.building.XXXXXX") || fail_setup "mktemp failed in $BUILD"
	echo "\$ go build -o build/ ./scripts/seqdiagram"
	if ! (cd "$ROOT" && go build -o "$tmp/" ./scripts/seqdiagram); then
		rm -rf "$tmp"
		fail_setup "go build ./scripts/seqdiagram failed"
	fi
	mv -f "$tmp/seqdiagram" "$BUILD/" || fail_setup "cannot move seqdiagram into $BUILD"
	rm -rf "$tmp"
	SEQDIAGRAM=$BUILD/seqdiagram
}

# merge_stderr: from here on, start_server and start_client run the programs
# through wrappers that send their standard error to their standard output,
# so that one log holds the lesson's lines and the trace lines in the order
# they were written (the trace flushes standard output before each line).
merge_stderr() {
	local name
	export WIRE_PROGRAMS=$BUILD
	mkdir -p "$WORKDIR/bin" || fail_setup "cannot create $WORKDIR/bin"
	for name in graceclient graceserver; do
		# shellcheck disable=SC2016 # expanded by the wrapper, not here
		printf '#!/bin/sh\nexec "$WIRE_PROGRAMS/%s" "$@" 2>&1\n' "$name" >"$WORKDIR/bin/$name"
		chmod +x "$WORKDIR/bin/$name"
	done
	BUILD=$WORKDIR/bin
}

# run_wire_experiment CLOSING: the lesson's experiment (lib.sh's
# lesson_steps), traced and captured, then its diagram. Returns 1 if the
# diagram differs from the lesson's.
run_wire_experiment() {
	local closing=$1 capture
	echo
	echo "=== $closing on the wire: type data1, data2, $closing; the server replies after $DELAY"
	begin_run "$closing"
	capture=$RUN/capture.txt
	set -- -trace
	[ "$FAST" = 1 ] && set -- "$@" -delay "$DELAY"
	start_server "$@"
	start_capture "$capture" "$PORT" || fail_setup "tcpdump did not start: $(grep -v '^tcpdump: verbose' "$capture.err" | head -n 1)"
	if [ "$closing" = close ] && [ "$FAST" = 1 ]; then
		start_client -trace -sleep "$SLEEP"
	else
		start_client -trace
	fi
	echo "\$ tcpdump -i $IFACE -nn -tt -l -X --immediate-mode 'tcp port $PORT'"
	print_by_hand "type data1, data2 and $closing in the client's terminal, within $DELAY"
	lesson_steps "$closing"
	wait_ended client "$BOUND" >/dev/null
	wait_ended server "$BOUND" >/dev/null
	stop_capture "$capture"
	echo
	"$SEQDIAGRAM" -capture "$capture" -port "$PORT" -expect "$closing" \
		-title "$closing: what went over $IFACE (tcpdump), what each side printed and traced" \
		"$RUN"/client.*.log "$RUN"/server.*.log
	local status=$?
	if [ -s "$RUN/differences" ]; then
		echo "  (the run itself differed from the lesson's:"
		cat "$RUN/differences"
		echo "  )"
	fi
	[ "$status" = 0 ]
}

apply_timing
make_workdir
check_capture
build_programs
build_seqdiagram
merge_stderr
status=0
for experiment in $EXPERIMENTS; do
	run_wire_experiment "$experiment" || status=1
done
exit "$status"
