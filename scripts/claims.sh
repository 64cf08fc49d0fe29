#!/usr/bin/env bash
# claims.sh: every claim the lesson and the texts beside it make about ending a
# TCP connection, checked on this machine. The lesson, a blog post comparing
# close and shutdown through captures of Python's http.client, a Python re-run
# of the experiment with netstat, notes on Windows' closesocket and shutdown,
# and the lesson's readers say what close(), shutdown(), SO_LINGER, exit() and
# a full listen queue do; some of it is true only where it was seen. Each claim
# is decided by an experiment with the two programs (graceclient and its
# /commands, graceserver and its -on-eof, -backlog, -accept-after), from what
# happened, and a table says, claim by claim, what this machine did and
# whether the claim holds here.
#
# The experiments, as transcripts: scenarios/close.txt, shutdown.txt,
# close-idle.txt, close-unread.txt, abort.txt, exit.txt, dupclose.txt,
# dup-shutdown.txt, shut-rd.txt, shut-rdwr.txt, half-close.txt,
# close-wait.txt, accept-queue.txt, close-nosignal.txt, abort-after-fins.txt,
# lost-fin.txt, lost-rst.txt, linger-cut.txt. The claims and what decides
# each: lab/../claims/claims.go.
#
# usage: scripts/claims.sh [EXPERIMENT...] [--fast] [--port N] [--keep] [--markdown] [--html FILE]
#
#   EXPERIMENT   run only these (default: all, in this order):
#                lesson-close lesson-shutdown close-idle close-unread abort
#                exit dupclose dup-shutdown shut-rd shut-rdwr half-close
#                close-wait accept-queue close-nosignal abort-after-fins
#                lost-fin lost-rst linger-cut
#                (abort-after-fins needs root, to see the RSTs the kernel
#                sends; lost-fin, lost-rst and linger-cut need two hosts, as
#                link.sh makes them, as root: elsewhere they are skipped)
#   --fast       short delays and windows: about 30 s in all instead of about
#                two and a half minutes (close-wait then does not wait for
#                the client's orphaned FIN_WAIT2 to time out)
#   --port N     use port N for every experiment (default: a free port each)
#   --keep       keep the logs and captures and print the folder they are in
#   --markdown   the table in Markdown (as docs/closing.md shows it)
#   --html FILE  also write the runs as a page, with their sequence diagrams
#   -h, --help   this text
#
# For each experiment it prints the commands to do it by hand in two
# terminals, and a timeline: what was typed, what each side printed, its
# system calls and what they returned, each end's TCP states and, as root,
# what the kernel did (tracefs) and the packets (tcpdump). What the peer's
# read returned tells most claims apart without packets: data, EOF (a FIN),
# ECONNRESET (a RST), or nothing within a window.
#
# The verdict of each claim on Linux, as measured when it was written, is
# recorded, with macOS and the BSDs where the outcome is certain; elsewhere a
# verdict is "unrecorded": shown, never a failure. GRACE_CLAIMS_RECORD=
# "EXPERIMENT/CLAIM=VERDICT ..." (VERDICT: holds or does_not_hold) replaces
# recorded verdicts. docs/closing.md explains each run.
#
# exit status: 0 every verdict is the one recorded for this system (or none
# is recorded); 1 a verdict contradicts the recorded one (the table says
# which); 2 bad usage; 3 an experiment could not be run (build failed, no
# port, a step did not happen in time); 130 interrupted.

. "$(dirname "$0")/lib.sh"
run_lab "$@"
