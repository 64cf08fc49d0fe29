#!/usr/bin/env bash
# twopane.sh: the lesson in two terminals side by side, typed for you. It
# opens tmux with two panes: graceserver on the left, graceclient on the
# right, each started with the command line you would type, then types the
# lesson's lines into the client at a person's pace: data1, data2 once the
# server has read data1, then close (or shutdown) before the server's first
# reply; once both programs have ended, echo $? in each pane. You watch each
# side react as in the lesson: with close the server dies of SIGPIPE (141)
# and the client gets no reply; with shutdown both replies arrive and both
# sides end cleanly.
#
# The experiments, as transcripts: scenarios/close.txt (with --sigpipe:
# scenarios/close-ignore.txt, scenarios/close-custom.txt) and
# scenarios/shutdown.txt. Each line typed waits for the lines written above
# it to appear in the panes.
#
# usage: scripts/twopane.sh [close|shutdown] [--fast] [--sigpipe MODE] [--check] [--port N] [--keep]
#
#   close           the close experiment (the default)
#   shutdown        the shutdown experiment
#   --fast          the server replies after 1s instead of the lesson's 5s,
#                   and lines are typed at once rather than key by key
#   --sigpipe MODE  run the server with -sigpipe MODE (default, ignore,
#                   custom); --check then expects that mode's outcome
#   --check         run tmux detached, then print both panes side by side,
#                   compare them with the transcripts and say so (the
#                   default when not run from a terminal)
#   --port N        the server's port (default: a free one)
#   --keep          with --check, keep the logs (each pane's text and the
#                   transcript it was compared with) and print their folder
#   -h, --help      this text
#
# From a terminal it opens a new tmux session and attaches to it (inside
# tmux, a new window of your session) and leaves it to you once the lesson
# is typed: the status line says how to leave (Ctrl-b d to detach, tmux
# kill-session -t NAME to end it). --check never touches your tmux: it runs
# its own tmux server on a private socket, and ends it however the script
# ends. It builds the programs (go build -o build/ ./graceclient
# ./graceserver). Needs tmux: where it is missing it says how to install it
# (apt-get install tmux, brew install tmux) and exits 0.
#
# exit status: 0 both panes show the transcripts (or, from a terminal, the
# session was set up; or tmux is missing); 1 a pane differs (the verdict
# says how: a reply too many, the port in use...); 2 bad usage; 3 it could
# not run (build failed, tmux failed); 130 interrupted.

. "$(dirname "$0")/lib.sh"
run_lab "$@"
