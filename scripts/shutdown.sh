#!/usr/bin/env bash
# shutdown.sh: the lesson's second experiment in one command. The client sends
# data1 and data2, then shuts down only its sending half with
# shutdown(fd, SHUT_WR): both replies still arrive, the server reads EOF and
# says "client closed", and the client, reading the server's FIN, says
# "server terminated".
#
# usage: scripts/shutdown.sh [--fast] [--port N] [--keep]
#
#   --fast      the server replies after 1s instead of the lesson's 5s
#   --port N    use port N (default: a free port, so runs never collide)
#   --keep      keep the logs and print the folder they are in
#   -h, --help  this text
#
# It builds the programs (go build -o build/ ./graceclient ./graceserver),
# prints the two commands to do the same by hand, a timeline of both sides
# with the TCP states (ss or netstat) and a one-line verdict.
#
# exit status: 0 the lesson's outcome (2 of 2 replies, both sides closed);
# 1 something else happened (the verdict says what); 2 bad usage; 3 the
# experiment could not run (build failed, no port); 130 interrupted.

. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

parse_common_flags "$@"
apply_timing
make_workdir
build_programs
run_lesson_experiment shutdown shutdown default default
