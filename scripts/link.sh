#!/usr/bin/env bash
# link.sh: the lesson's question across a real link, and when packets are
# lost. Loopback never loses a packet and always delivers a RST; between two
# hosts a FIN can be lost, a RST never arrive, a cable be cut, a machine
# vanish. Each scenario makes two hosts (two network namespaces joined by a
# veth pair, with addresses in 10.251.0.0/16 used only inside them), runs the
# programs on them, breaks the link as it says (nftables drops on the
# receiving host; netem delay and loss where the kernel has sch_netem), and
# prints the timeline on the kernel's clock (states, RSTs with their reasons,
# retransmissions) and a verdict read from what happened.
#
# The experiments, as transcripts: scenarios/close.txt and shutdown.txt
# (lesson), lost-fin.txt, lost-rst.txt, cable-cut.txt, vanished-busy.txt and
# vanished-idle.txt, simultaneous.txt.
#
# usage: scripts/link.sh [SCENARIO...] [--fast] [--port N] [--keep] [--html FILE]   (as root)
#
#   lesson        the lesson's close and shutdown experiments between the hosts
#   lost-fin      the client's first FIN is lost: it is sent again
#   lost-rst      the client's RSTs are lost: the server's second send succeeds
#   cable-cut     the link is cut right after the client's close
#   vanished      the client's host disappears, while the server works and idle
#   simultaneous  both ends close at once: the FINs cross (CLOSING)
#                 (none given: all, in this order; a file's name, such as
#                 vanished-idle, runs that file alone)
#   --fast        the server replies after 1s instead of the lesson's 5s
#   --port N      the server's port (default: a free port)
#   --keep        keep the logs and captures (.pcap) and print where
#   --html FILE   also write the runs as a page, with their sequence diagrams
#   -h, --help    this text
#
# It needs Linux, root, iproute2 (ip, ss) and nftables (nft): without them it
# says what is missing and how to get it, and exits 0. Everything it makes
# (namespaces, links, nftables tables) is deleted however it ends.
#
# exit status: 0 every scenario went as its transcript says (or two hosts
# cannot be made here); 1 one did not (its verdict says how); 2 bad usage;
# 3 it could not run; 130 interrupted.

. "$(dirname "$0")/lib.sh"
run_lab "$@"
