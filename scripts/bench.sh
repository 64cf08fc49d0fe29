#!/usr/bin/env bash
# bench.sh: how fast graceclient and graceserver are, and how much memory
# they take, on 127.0.0.1 with the server answering at once (-delay 0); given
# a second pair (the lesson's C programs, say), the same for it, the two
# pairs alternating run by run, and the ratio of each figure. Each
# measurement is run several times and the median shown:
#
#   throughput  20,000 and 200,000 lines, data1 .. dataN, then shutdown, from
#               a file into the client: its wall time from its start (fork
#               and exec, the server already listening) to its exit. First
#               with each program's stdout to a file, then on a
#               pseudo-terminal the lab opens and drains as a terminal
#               would (Linux). Every byte is checked: replies coalesce (one
#               per server read), so the client's output, less its "now
#               sending" and "send bytes" lines, its newlines and every
#               "Hi, ", must be exactly data1data2...dataN; the server must
#               end with "client closed", then the client with "server
#               terminated", both exit 1, as in the lesson's shutdown
#               experiment. A transfer in which neither program writes
#               anything for 10 s is stopped: both are stuck.
#   2,000,000   lines once for each pair (stdout to files): it must complete,
#               every byte checked; its time is printed. Not with --fast.
#   memory      each program's peak resident memory (ru_maxrss, from wait4's
#               rusage) in a throughput run of 20,000, then 500,000 lines,
#               and whether it stays flat (the larger within 1.2x of the
#               smaller). On Linux each program is forked from /bin/sh, so
#               that the figure is its own, not the lab's pages before exec.
#   idle        the client's CPU time (user + system, from rusage) with its
#               stdin at EOF (</dev/null), connected to a listener that never
#               sends, stopped 5 s after it connected.
#   startup     the server's time from its start to a listening port: the lab
#               starts it, then tries to connect every 0.1 ms; the first
#               connect that succeeds ends the measurement. The server accepts
#               that connection, sees it close and ends with "client closed",
#               which shows the listener was the server.
#
# usage: scripts/bench.sh [--fast] [--runs N] [--lines N] [--idle SECONDS]
#                         [--client PATH] [--server PATH] [--port-style STYLE]
#                         [--compare-client PATH --compare-server PATH]
#                         [--compare-port-style STYLE] [--port N] [--keep]
#
#   --runs N        runs of each measurement, for each pair (default 3)
#   --lines N       throughput at N lines only (default 20000 and 200000);
#                   memory at N and 25 x N lines (default 20000 and 500000)
#   --idle SECONDS  the idle client's window (default 5)
#   --fast          2000 lines (memory: 2000 and 50000), 1 run, 1 s idle, no
#                   2,000,000-line run: a quick check (go test runs it)
#   --client PATH   the client to measure (default: build/graceclient)
#   --server PATH   the server to measure (default: build/graceserver)
#   --port-style S  how the programs get the port: flag (default): the server
#                   is run as "SERVER -addr 127.0.0.1 -port N -delay 0", the
#                   client as "CLIENT -port N 127.0.0.1"; env:NAME: the port is
#                   in the environment variable NAME, the server gets no
#                   arguments and the client only the address (the server must
#                   then answer at once by itself). A pair that needs a fixed
#                   port can only be measured with --port.
#   --compare-client PATH, --compare-server PATH
#                   a second pair, measured the same way in the same runs,
#                   alternating with the first; each median is printed with
#                   the ratio first/second and, where the project has set
#                   one, its target and whether it is met (at most 0.6x the
#                   second pair's time at 20,000 and 200,000 lines, on files
#                   and on a terminal). Targets are printed facts: they never
#                   change the exit status.
#   --compare-port-style S   the second pair's port style (default: flag)
#   --port N        use port N for every server (default: a free port each)
#   --keep          keep every run's output and print the folder it is in
#   -h, --help      this text
#
# Without --client and --server it builds the programs (go build -o build/
# ./graceclient ./graceserver). The lesson's C programs, built as the README
# says (the port from $PORT, no sleep when $NODELAY is set), beside them:
#   NODELAY=1 scripts/bench.sh --compare-client c_graceclient \
#       --compare-server c_graceserver --compare-port-style env:PORT
# Nothing here is a threshold: the numbers are printed, and only the checks
# decide the verdict.
#
# exit status: 0 every byte came back and every program ended as expected; 1 a
# check failed (the verdict says which); 2 bad usage; 3 the measurements could
# not run (build failed, no port, a program missing); 130 interrupted.

. "$(dirname "$0")/lib.sh"
run_lab "$@"
