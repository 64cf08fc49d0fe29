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
# shellcheck source-path=SCRIPTDIR source=legacy-lib.sh disable=SC1091
. "$(cd "$(dirname "$0")" && pwd)/legacy-lib.sh"

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

loopback_interface

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

# check_capture: a first capture on a port nothing uses, to learn at once
# whether capturing is allowed here.
check_capture() {
	local probe=$WORKDIR/probe why
	need_tcpdump
	if ! capture_start "$probe" 9; then
		why=$(capture_complaint "$probe")
		no_capture "tcpdump cannot capture on $IFACE: $why" \
			"Capturing packets needs root (or CAP_NET_RAW for tcpdump): sudo $0"
	fi
	capture_stop "$probe"
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

# run_wire_experiment CLOSING: the lesson's experiment (lib.sh's
# lesson_steps), traced and captured, then its diagram. Returns 1 if the
# diagram differs from the lesson's.
run_wire_experiment() {
	local closing=$1 capture why
	echo
	echo "=== $closing on the wire: type data1, data2, $closing; the server replies after $DELAY"
	begin_run "$closing"
	capture=$RUN/capture.txt
	set -- -trace
	[ "$FAST" = 1 ] && set -- "$@" -delay "$DELAY"
	start_server "$@"
	# -X: each packet's bytes too, for the payloads in the arrows ("data1").
	if ! capture_start "$capture" "$PORT" -X; then
		why=$(capture_complaint "$capture")
		fail_setup "tcpdump did not start: $why"
	fi
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
	capture_stop "$capture"
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
