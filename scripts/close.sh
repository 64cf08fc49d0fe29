#!/usr/bin/env bash
# close.sh: the lesson's first experiment in one command. The client sends
# data1 and data2, then closes its socket with close(2) before the server has
# answered: the first reply meets a RST, the second kills the server with
# SIGPIPE, and the client gets no reply at all.
#
# The experiment, as a transcript: scenarios/close.txt.
#
# usage: scripts/close.sh [--fast] [--port N] [--keep] [--sigpipe MODE] [--html FILE]
#
#   --fast          the server replies after 1s instead of the lesson's 5s
#   --port N        use port N (default: a free port, so runs never collide)
#   --keep          keep the logs and print the folder they are in
#   --sigpipe MODE  run the server with -sigpipe MODE (default, ignore, custom);
#                   the verdict still compares with the lesson's outcome, so
#                   ignore and custom make the script exit 1: a check that the
#                   verdict is read from what happened
#   --html FILE     also write the run as a page: its sequence diagram (as
#                   root, from the packets), timeline and verdict, for a browser
#   -h, --help      this text
#
# It builds the programs (go build -o build/ ./graceclient ./graceserver),
# prints the two commands to do the same by hand, a timeline of both sides
# with each end's TCP states, and a one-line verdict. As root on Linux the
# states are the kernel's own events (tracefs), each RST with its reason.
#
# exit status: 0 the lesson's outcome (0 of 2 replies, server killed by
# SIGPIPE); 1 something else happened (the verdict says what); 2 bad usage;
# 3 the experiment could not run (build failed, no port); 130 interrupted.

. "$(dirname "$0")/lib.sh"
run_lab "$@"
