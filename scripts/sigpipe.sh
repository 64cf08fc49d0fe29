#!/usr/bin/env bash
# sigpipe.sh: the close experiment three times, once for each way the server
# can meet SIGPIPE (graceserver -sigpipe), then a table of how it ended:
#
#   default  SIG_DFL, the course's source: killed by the signal (status 141)
#   ignore   SIG_IGN, the lesson's text: "send bytes: -1 ", "error write:
#            Broken pipe (32)", exit 1
#   custom   the lesson's handler: "received 2 datagrams", exit 0
#
# The experiments, as transcripts: scenarios/close.txt, close-ignore.txt and
# close-custom.txt.
#
# usage: scripts/sigpipe.sh [--fast] [--port N] [--keep] [--html FILE]
#
#   --fast      the server replies after 1s instead of the lesson's 5s
#   --port N    use port N for each run (default: a free port each time)
#   --keep      keep the logs and print the folder they are in
#   --html FILE  also write the run as a page: its sequence diagram (as root,
#                from the packets), timeline and verdict, for a browser
#   -h, --help  this text
#
# For each mode it prints the commands to do it by hand, a timeline of both
# sides with each end's TCP states, and a verdict.
#
# exit status: 0 each mode ended as described above; 1 one did not (its
# verdict says how); 2 bad usage; 3 the experiment could not run (build
# failed, no port); 130 interrupted.

. "$(dirname "$0")/lib.sh"
run_lab "$@"
