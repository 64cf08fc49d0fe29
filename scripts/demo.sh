#!/usr/bin/env bash
# demo.sh: the lesson's two experiments, one after the other, in one command:
# the client sends data1 and data2 and then closes the connection, first with
# close(2), then with shutdown(fd, SHUT_WR), before the server, which replies
# after a 5 s delay, has answered. With close the replies meet a RST and the
# server dies of SIGPIPE; with shutdown both replies arrive and both sides end
# cleanly. About half a minute at the lesson's pace; --fast: a few seconds.
#
# usage: scripts/demo.sh [--fast] [--port N] [--keep]
#
#   --fast      the server replies after 1s instead of the lesson's 5s
#   --port N    use port N for both experiments (default: a free port each)
#   --keep      keep the logs and print the folder they are in
#   -h, --help  this text
#
# It builds the programs (go build -o build/ ./graceclient ./graceserver),
# and for each experiment prints the two commands to do it by hand, a timeline
# of both sides (what was typed, what each printed, the TCP states read with
# ss or netstat) and a one-line verdict. scripts/close.sh and
# scripts/shutdown.sh run one each; sigpipe.sh and sigint.sh show the rest.
#
# exit status: 0 both ended as in the lesson; 1 one did not (its verdict says
# how); 2 bad usage; 3 the experiments could not run (build failed, no
# port); 130 interrupted.

. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

parse_common_flags "$@"
apply_timing
make_workdir
build_programs
start=$(now)

status=0
run_lesson_experiment close close default default || status=1
run_lesson_experiment shutdown shutdown default default || status=1

echo
echo "=== the two verdicts ($(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s)"
for run in close shutdown; do
	RUN=$WORKDIR/$run
	if [ -s "$RUN/differences" ]; then
		echo "$(cat "$RUN/verdict")  (NOT the lesson's outcome)"
	else
		cat "$RUN/verdict"
	fi
done
exit "$status"
