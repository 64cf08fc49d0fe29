#!/usr/bin/env bash
# demo.sh: the lesson's two experiments, one after the other, in one command:
# the client sends data1 and data2 and then closes the connection, first with
# close(2), then with shutdown(fd, SHUT_WR), before the server, which replies
# after a 5 s delay, has answered. With close the replies meet a RST and the
# server dies of SIGPIPE; with shutdown both replies arrive and both sides end
# cleanly. About half a minute at the lesson's pace; --fast: a few seconds.
#
# usage: scripts/demo.sh [--fast] [--port N] [--keep] [--wire]
#
#   --fast      the server replies after 1s instead of the lesson's 5s
#   --port N    use port N for both experiments (default: a free port each)
#   --keep      keep the logs and print the folder they are in
#   --wire      then draw both experiments' sequence diagrams from a packet
#               capture (scripts/wire.sh close shutdown): needs tcpdump and,
#               on most systems, root; where capturing is not possible it
#               says why and the demo's verdicts stand alone
#   -h, --help  this text
#
# It builds the programs (go build -o build/ ./graceclient ./graceserver),
# and for each experiment prints the two commands to do it by hand, a timeline
# of both sides (what was typed, what each printed, the TCP states read with
# ss or netstat) and a one-line verdict. scripts/close.sh and
# scripts/shutdown.sh run one each; sigpipe.sh and sigint.sh show the rest.
#
# exit status: 0 both ended as in the lesson (and, with --wire, the diagrams
# are the lesson's or could not be captured here); 1 one did not, or a
# diagram differs (its verdict says how); 2 bad usage; 3 the experiments (or
# the capture) could not run (build failed, no port, tcpdump failed); 130
# interrupted.

. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

wire=0
while [ $# -gt 0 ]; do
	case $1 in
	--wire)
		wire=1
		shift
		;;
	*)
		common_flag "$@"
		shift "$SHIFT_BY"
		;;
	esac
done
apply_timing
make_workdir
build_programs
start=$(now)

status=0
run_lesson_experiment close close default default || status=1
run_lesson_experiment shutdown shutdown default default || status=1
end=$(now)

# The diagrams: wire.sh as a child, with the same pace and port. It exits 0
# when capturing is not possible here (it says why), 1 if a diagram differs.
wire_verdict=""
if [ "$wire" = 1 ]; then
	set -- close shutdown
	[ "$FAST" = 1 ] && set -- "$@" --fast
	[ -n "$FIXED_PORT" ] && set -- "$@" --port "$FIXED_PORT"
	[ "$KEEP" = 1 ] && set -- "$@" --keep
	echo
	echo "=== on the wire: scripts/wire.sh $*"
	"$LIB_DIR/wire.sh" "$@" | tee "$WORKDIR/wire.out"
	wire_status=${PIPESTATUS[0]}
	case $wire_status in
	0)
		if grep -q ': no diagrams: ' "$WORKDIR/wire.out"; then
			wire_verdict="wire: no diagrams, capturing is not possible here (see above)"
		else
			wire_verdict="wire: both diagrams are the lesson's"
		fi
		;;
	1)
		wire_verdict="wire: a diagram differs from the lesson's (see above)"
		status=1
		;;
	129 | 130 | 143) exit "$wire_status" ;; # wire.sh was interrupted: so are we
	*)
		wire_verdict="wire: the capture could not run (wire.sh exit status $wire_status)"
		[ "$status" = 0 ] && status=3
		;;
	esac
fi

took=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
echo
echo "=== the two verdicts ($took s)"
for run in close shutdown; do
	RUN=$WORKDIR/$run
	read -r verdict <"$RUN/verdict"
	if [ -s "$RUN/differences" ]; then
		echo "$verdict  (NOT the lesson's outcome)"
	else
		echo "$verdict"
	fi
done
[ -n "$wire_verdict" ] && echo "$wire_verdict"
exit "$status"
