#!/usr/bin/env bash
# sigint.sh: Ctrl-C on the server. The client sends data1 and data2; while the
# server works on data2 (after its first reply), SIGINT, as Ctrl-C sends it:
# the lesson's sig_int prints "\nreceived 2 datagrams\n" and exits 0, and the
# client, reading the server's FIN, says "server terminated" and exits 1.
#
# The experiment, as a transcript: scenarios/sigint.txt.
#
# usage: scripts/sigint.sh [--fast] [--port N] [--keep] [--html FILE]
#
#   --fast      the server replies after 1s instead of the lesson's 5s
#   --port N    use port N (default: a free port, so runs never collide; the
#               server ends first, so its end of the connection stays in
#               TIME_WAIT and the same port is busy for a minute after)
#   --keep      keep the logs and print the folder they are in
#   --html FILE  also write the run as a page: its sequence diagram (as root,
#                from the packets), timeline and verdict, for a browser
#   -h, --help  this text
#
# It builds the programs (go build -o build/ ./graceclient ./graceserver),
# prints the two commands to do the same by hand, a timeline of both sides
# with each end's TCP states, and a one-line verdict.
#
# exit status: 0 the lesson's outcome; 1 something else happened (the
# verdict says what); 2 bad usage; 3 the experiment could not run (build
# failed, no port); 130 interrupted.

. "$(dirname "$0")/lib.sh"
run_lab "$@"
