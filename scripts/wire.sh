#!/usr/bin/env bash
# wire.sh: the lesson's two sequence diagrams, drawn from the packets your own
# machine sends. It runs an experiment, captures its packets on the loopback
# interface, for its port only, with tcpdump, and draws the connection: the
# client's lifeline on the left, the server's on the right, one arrow per
# segment in time order (SYN, ACK, PSH 5 "data1", FIN, RST), and beside each
# lifeline, at their times, what was typed, what the program printed, its
# system calls and what the kernel did to its end (tcp: ...). A line under
# each diagram says whether its arrows are the lesson's.
#
# The experiments, as transcripts: scenarios/close.txt, scenarios/shutdown.txt.
#
# usage: scripts/wire.sh [close] [shutdown] [--fast] [--port N] [--keep] [--html FILE]
#
#   close       the close experiment: the client's FIN, "Hi, data1" answered
#               by a RST, nothing after (the server dies of SIGPIPE)
#   shutdown    the shutdown experiment: the client's FIN, both replies, the
#               server's FIN, the last ACK
#               (neither given: both, close first)
#   --fast      the server replies after 1s instead of the lesson's 5s
#   --port N    use port N (default: a free port, so runs never collide)
#   --keep      keep the captures (.pcap, for Wireshark) and logs and print
#               the folder they are in
#   --html FILE  also write the run as a page: its sequence diagram (as root,
#                from the packets), timeline and verdict, for a browser
#   -h, --help  this text
#
# Capturing needs tcpdump and, on most systems, root: sudo scripts/wire.sh.
# Where tcpdump is missing, as root on Debian or Ubuntu it installs the
# package; otherwise it says how, and exits 0. On macOS it captures on lo0
# and tcpdump comes with the system.
#
# exit status: 0 the diagrams are drawn and are the lesson's, or capturing is
# not possible here (it says why); 1 a diagram differs from the lesson's (the
# line under it says how); 2 bad usage; 3 the experiment could not run
# (build failed, no port, tcpdump failed); 130 interrupted.

. "$(dirname "$0")/lib.sh"
run_lab "$@"
