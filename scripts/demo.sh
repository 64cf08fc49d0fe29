#!/usr/bin/env bash
# demo.sh: the lesson's two experiments, one after the other, in one command:
# the client sends data1 and data2 and then closes the connection, first with
# close(2), then with shutdown(fd, SHUT_WR), before the server, which replies
# after a 5 s delay, has answered. With close the replies meet a RST and the
# server dies of SIGPIPE; with shutdown both replies arrive and both sides end
# cleanly. About 20 s at the lesson's pace; --fast: a few seconds.
#
# The experiments, as transcripts: scenarios/close.txt, scenarios/shutdown.txt.
#
# usage: scripts/demo.sh [--fast] [--port N] [--keep] [--wire] [--html FILE]
#
#   --fast      the server replies after 1s instead of the lesson's 5s
#   --port N    use port N for both experiments (default: a free port each)
#   --keep      keep the logs and print the folder they are in
#   --wire      then draw both experiments' sequence diagrams from a packet
#               capture (scripts/wire.sh close shutdown): needs tcpdump and,
#               on most systems, root; where capturing is not possible it
#               says why and the demo's verdicts stand alone
#   --html FILE  also write the run as a page: its sequence diagram (as root,
#                from the packets), timeline and verdict, for a browser
#   -h, --help  this text
#
# It builds the programs (go build -o build/ ./graceclient ./graceserver),
# and for each experiment prints the two commands to do it by hand, a timeline
# of both sides (what was typed, what each printed, each end's TCP states)
# and a one-line verdict. scripts/close.sh and scripts/shutdown.sh run one
# each; sigpipe.sh and sigint.sh show the rest.
#
# exit status: 0 both ended as in the lesson (and, with --wire, the diagrams
# are the lesson's or could not be captured here); 1 one did not, or a
# diagram differs (its verdict says how); 2 bad usage; 3 the experiments (or
# the capture) could not run (build failed, no port, tcpdump failed); 130
# interrupted.

. "$(dirname "$0")/lib.sh"
run_lab "$@"
