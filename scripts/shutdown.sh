#!/usr/bin/env bash
# shutdown.sh: the lesson's second experiment in one command. The client
# sends data1 and data2, then shuts down its writing half with
# shutdown(fd, SHUT_WR) before the server has answered: its FIN says "no
# more data", yet both replies still arrive; the server reads EOF and exits
# (its FIN), and the client reads EOF in turn.
#
# The experiment, as a transcript: scenarios/shutdown.txt.
#
# usage: scripts/shutdown.sh [--fast] [--port N] [--keep] [--html FILE]
#
#   --fast      the server replies after 1s instead of the lesson's 5s
#   --port N    use port N (default: a free port, so runs never collide)
#   --keep      keep the logs and print the folder they are in
#   --html FILE  also write the run as a page: its sequence diagram (as root,
#                from the packets), timeline and verdict, for a browser
#   -h, --help  this text
#
# It builds the programs (go build -o build/ ./graceclient ./graceserver),
# prints the two commands to do the same by hand, a timeline of both sides
# with each end's TCP states, and a one-line verdict.
#
# exit status: 0 the lesson's outcome (2 of 2 replies, both sides closed);
# 1 something else happened (the verdict says what); 2 bad usage; 3 the
# experiment could not run (build failed, no port); 130 interrupted.

. "$(dirname "$0")/lib.sh"
run_lab "$@"
