# shellcheck shell=bash
# lib.sh: what the scripts in this folder share. Source it, don't run it:
#
#   . "$(cd "$(dirname "$0")" && pwd)/lib.sh"
#
# It defines functions and globals and starts nothing by itself. Written for bash
# 3.2 (macOS) and later, with POSIX tools only where GNU and BSD differ: no
# associative arrays, no mapfile, no ${var,,}, no GNU-only flags.
#
# The pieces, in the order a script uses them:
#
#   flags      usage, usage_error, common_flag, sigpipe_flag, flag_value,
#              parse_common_flags, apply_timing
#   setup      make_workdir (and the cleanup trap, the Ctrl-C watchdog),
#              AT_EXIT, track_pid, untrack_pid, bounded, build_programs,
#              fail_setup, nap
#   a run      begin_run: a folder of logs for one experiment, and its start time
#   programs   start_server, start_client, start_program, type_line, send_signal,
#              wait_ended, stop_program, exit_status, program_pid, end_pid,
#              merge_stderr
#   logs       log_text, last_line, count_lines, has_lines, wait_for_line,
#              note
#   TCP        free_port, tcp_sockets, tcp_state, tcp_state_in, listens,
#              record_states, wait_client_closing, wait_listening
#   packets    loopback_interface, capture_start, capture_stop,
#              capture_complaint (tcpdump: claims.sh, wire.sh)
#   output     print_by_hand, print_timeline, describe_end, count_replies,
#              expect, differ, print_verdict
#   lessons    lesson_outcome, expect_outcome, lesson_steps,
#              run_lesson_experiment (close or shutdown), run_sigint_experiment
#
# Command substitutions, $(...), appear only as the whole right-hand side of
# an assignment, one per command (v=$(f)), never as a command's argument nor
# two in one command; what they run is a short command line, long programs
# (awk) live in functions. Why: bash (5.2 at least) runs a pending trap when
# it starts parsing the text of a $(...), and a trap parsed then fails
# ("interrupt trap: ... unexpected EOF while looking for matching `)'") and
# is lost: Ctrl-C was ignored. A $(...) killed by Ctrl-C leaves the trap
# pending, so the next $(...) of the same command hit it one time in two.
#
# Every log line is "TIME<tab>TAG<tab>TEXT": TIME in seconds since the epoch,
# TAG says whose line it is (client.out, client.err, client.in for what was
# typed, server.out, ..., states for TCP states), so the timeline is the logs
# sorted by time. Waits are bounded by BOUND seconds; processes are stopped
# on exit, Ctrl-C and failure.

set -u
export LC_ALL=C # '.' as the decimal point in $EPOCHREALTIME and awk; plain sort

# --- globals -------------------------------------------------------------------

SCRIPT_NAME=$(basename "$0")
SCRIPT_PATH=$0
LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$LIB_DIR/.." && pwd) # the repository: go build runs here
BUILD=$ROOT/build               # the programs; git ignores it
HOST=127.0.0.1                  # loopback only, as in the lesson
TAB=$(printf '\t')

FAST=0        # --fast
KEEP=0        # --keep
FIXED_PORT="" # --port N; empty: a free port for each experiment
SHIFT_BY=1    # how many arguments common_flag used
VALUE=""      # a flag's value (flag_value)

WORKDIR=""    # the logs of every run of this script
RUN=""        # the logs of the current experiment
PORT=""       # the current experiment's port
SIGPIPE_MODE=default # the server's -sigpipe (sigpipe_flag)
PIDS=""       # every background process started, stopped on exit
AT_EXIT=""    # a function a script runs first on the way out (its own cleanup)
NAP_PID=""    # the sleep nap waits for
NAP_FIFO=""   # the FIFO nap reads from (bash 4.0 on)
NAPPING=0     # 1 while nap reads from it
LEAVING=""    # the exit status a signal asked for while nap read
IN_SCRIPT=0   # 1 in the script's shell, until on_exit (not in the watchdog)
WATCHDOG_PID="" # see start_watchdog
STATE_TOOL="" # ss, netstat or none; see tcp_sockets
IFACE=""      # the loopback interface tcpdump captures on (loopback_interface)
CAPTURE_PID="" # the tcpdump capture_start started, until capture_stop
STATUS=""     # the exit status end_pid found
POLL=0.02     # seconds between two looks while waiting

if perl -MTime::HiRes=time -e 1 2>/dev/null; then PERL=perl; else PERL=""; fi

# --- flags ---------------------------------------------------------------------

# usage prints the calling script's header comment: its usage, flags and exit
# statuses are written once, there.
usage() {
	sed -n '2,/^$/s/^# \{0,1\}//p' "$SCRIPT_PATH"
}

# usage_error MESSAGE: one line on stderr, exit 2.
usage_error() {
	echo "$SCRIPT_NAME: $1 (see $SCRIPT_NAME -h)" >&2
	exit 2
}

# common_flag ARGS...: handles the flag at $1 if it is one all scripts share
# (-h, --fast, --keep, --port N), setting SHIFT_BY to the number of arguments
# it took; anything else is a usage error.
common_flag() {
	SHIFT_BY=1
	case $1 in
	-h | --help)
		usage
		exit 0
		;;
	--fast) FAST=1 ;;
	--keep) KEEP=1 ;;
	--port | --port=*)
		flag_value --port "a port number" "$@"
		FIXED_PORT=$VALUE
		case $FIXED_PORT in
		'' | *[!0-9]*) usage_error "--port: not a port number: $FIXED_PORT" ;;
		esac
		if [ "$FIXED_PORT" -lt 1 ] || [ "$FIXED_PORT" -gt 65535 ]; then
			usage_error "--port: not a port number: $FIXED_PORT"
		fi
		;;
	*) usage_error "unknown flag: $1" ;;
	esac
}

# sigpipe_flag ARGS...: common_flag's companion for the scripts that take
# --sigpipe MODE (close.sh, twopane.sh): sets SIGPIPE_MODE to default, ignore
# or custom, and SHIFT_BY.
sigpipe_flag() {
	flag_value --sigpipe "a mode: default, ignore or custom" "$@"
	SIGPIPE_MODE=$VALUE
	case $SIGPIPE_MODE in
	default | ignore | custom) ;;
	*) usage_error "--sigpipe: want default, ignore or custom, not \"$SIGPIPE_MODE\"" ;;
	esac
}

# flag_value FLAG WHAT ARGS...: the value of the flag at ARGS' start, given as
# "FLAG V" or "FLAG=V", into VALUE; SHIFT_BY says how many arguments it took.
# A FLAG with nothing after it is a usage error: "FLAG needs WHAT".
flag_value() {
	local flag=$1 what=$2
	shift 2
	if [ "$1" = "$flag" ]; then
		[ $# -ge 2 ] || usage_error "$flag needs $what"
		VALUE=$2
		SHIFT_BY=2
	else
		VALUE=${1#"$flag"=}
		SHIFT_BY=1
	fi
}

# parse_common_flags ARGS...: the whole command line of a script that takes
# only the shared flags.
parse_common_flags() {
	while [ $# -gt 0 ]; do
		common_flag "$@"
		shift "$SHIFT_BY"
	done
}

# apply_timing sets the experiment's pace from --fast. The lesson's: the
# server waits 5 s before each reply, the client sleeps 6 s after close, a
# person types a line a second. --fast keeps the order of events (everything
# typed well before the first reply) in a few seconds.
apply_timing() {
	if [ "$FAST" = 1 ]; then
		DELAY=1s
		SLEEP=1.2s
		PACE=0.05
		BOUND=15
	else
		DELAY=5s
		SLEEP=6s
		PACE=1
		BOUND=30
	fi
}

# --- setup and cleanup ---------------------------------------------------------

# fail_setup MESSAGE: the experiment could not be run at all; exit 3.
fail_setup() {
	echo "$SCRIPT_NAME: $1" >&2
	exit 3
}

# make_workdir creates the folder for this script's logs and sets the traps
# that stop every background process and remove the folder (unless --keep)
# however the script ends. Each trap calls a function (see "Command
# substitutions" above).
make_workdir() {
	WORKDIR=$(mktemp -d "${TMPDIR:-/tmp}/graceclose.XXXXXX") || fail_setup "mktemp failed"
	# go's temporary files too, so that a build cut short by Ctrl-C leaves
	# none behind.
	export GOTMPDIR="$WORKDIR"
	trap on_exit EXIT
	trap on_interrupt INT
	trap on_terminate TERM
	trap on_hangup HUP
	if [ "${BASH_VERSINFO[0]}" -ge 4 ] && mkfifo "$WORKDIR/.nap" 2>/dev/null; then
		NAP_FIFO=$WORKDIR/.nap
	fi
	start_watchdog
	IN_SCRIPT=1
	detect_state_tool
}

# on_interrupt, on_terminate, on_hangup: Ctrl-C, kill, a closed terminal:
# exit with the status a shell shows for each; on_exit cleans up.
on_interrupt() { leave 130; }
on_terminate() { leave 143; }
on_hangup() { leave 129; }

# leave STATUS: exit with STATUS, but not from inside nap's read -t: bash
# (5.2) would leave its timer set, and when it goes off during on_exit, bash
# aborts ("longjmp causes uninitialized stack frame"). nap exits as soon as
# its read returns, at once.
leave() {
	if [ "$NAPPING" = 1 ]; then
		LEAVING=$1
	else
		exit "$1"
	fi
}

# start_watchdog starts a second listener for Ctrl-C: a background subshell
# that runs nothing but builtins (and sleep, before bash 4) until then, so
# that bash always runs its trap. The script's own trap can be lost: bash
# runs no trap when the command it waits for survives the Ctrl-C (tmux,
# which ignores SIGINT, go build, which handles it): it takes the Ctrl-C as
# that command's business; a $(...) that Ctrl-C reaches at the wrong moment
# of its wait for a child makes bash (5.2) send itself SIGINT forever, and
# the script waits for its output forever; bash runs the trap while it
# parses a $(...) (see "Command substitutions"). So the watchdog leaves a
# mark (WORKDIR/.interrupted), which nap and on_exit turn into exit status
# 130; and if the script still runs 1 s after the Ctrl-C, it stops what the
# script waits for (every process it started, but the watchdog) and sends
# it SIGINT again, up to 3 times. on_exit stops the watchdog first.
start_watchdog() {
	watchdog </dev/null >/dev/null 2>&1 7>&- &
	WATCHDOG_PID=$!
}

# watchdog: the watchdog's loop, in the background ($$ is still the
# script's shell).
watchdog() {
	IN_SCRIPT=0
	trap watchdog_interrupt INT
	trap 'exit 0' TERM
	trap - EXIT HUP
	WATCH_INT=0
	WATCH_SELF=${BASHPID:-}
	[ -n "$WATCH_SELF" ] || WATCH_SELF=$(exec sh -c 'echo "$PPID"')
	while kill -0 "$$" 2>/dev/null; do
		if [ "$WATCH_INT" -gt 0 ] && [ "$WATCH_INT" -le 3 ]; then
			nap 1
			kill -0 "$$" 2>/dev/null || break
			watchdog_rescue
			WATCH_INT=$((WATCH_INT + 1))
		else
			nap 1
		fi
	done
}

# The watchdog's parts: Ctrl-C (once seen, it counts its rescues), rescue.
watchdog_interrupt() {
	[ "$WATCH_INT" -gt 0 ] || WATCH_INT=1
	: >"$WORKDIR/.interrupted"
}
watchdog_rescue() {
	kill_descendants "$WATCH_SELF" "$WORKDIR/.watchdog"
	kill -INT "$$" 2>/dev/null
}

# kill_descendants BUT FILE: kill every process the script's shell started,
# and the ones they started, but BUT; FILE holds their list meanwhile.
kill_descendants() {
	local pid
	command -v ps >/dev/null 2>&1 || return 0
	ps -A -o pid= -o ppid= 2>/dev/null | awk -v main="$$" -v but="$1" '
		{ parent[$1] = $2 }
		END {
			do {
				more = 0
				for (p in parent)
					if (!(p in mark) && p != but && (parent[p] == main || parent[p] in mark)) {
						mark[p] = 1
						more = 1
					}
			} while (more)
			for (p in mark) print p
		}' >"$2"
	while read -r pid; do
		kill -KILL "$pid" 2>/dev/null
	done <"$2"
	rm -f "$2"
}

# on_exit runs once, on every way out. Signals are ignored meanwhile, so a
# second Ctrl-C cannot cut the cleanup short.
on_exit() {
	local status=$?
	trap - EXIT
	trap '' INT TERM HUP
	LEAVING="" # done: nap must not exit again
	IN_SCRIPT=0
	if [ -n "$WATCHDOG_PID" ]; then
		kill -TERM "$WATCHDOG_PID" 2>/dev/null
		wait "$WATCHDOG_PID" 2>/dev/null
		WATCHDOG_PID=""
		# A Ctrl-C this shell did not act on: the script ends as interrupted.
		if [ -e "$WORKDIR/.interrupted" ] && [ "$status" -lt 129 ]; then status=130; fi
	fi
	if [ -n "$AT_EXIT" ]; then "$AT_EXIT"; fi
	stop_all
	# What stop_all does not know of: a $(...) that Ctrl-C left spinning
	# (see start_watchdog).
	[ "$status" -ge 129 ] && [ -d "$WORKDIR" ] && kill_descendants "" "$WORKDIR/.descendants"
	if [ -n "$WORKDIR" ] && [ -d "$WORKDIR" ]; then
		if [ "$KEEP" = 1 ]; then
			echo "logs kept in $WORKDIR"
		else
			rm -rf "$WORKDIR"
		fi
	fi
	exit "$status"
}

# track_pid PID: stop PID when the script ends.
track_pid() {
	PIDS="$PIDS $1"
}

# untrack_pid PID: PID has ended and been waited for: forget it.
untrack_pid() {
	local pid rest=""
	for pid in $PIDS; do
		[ "$pid" = "$1" ] || rest="$rest $pid"
	done
	PIDS=$rest
}

# is_child PID: whether PID is still a process this shell started (and not,
# once it has ended, another process given the same number).
is_child() {
	local ppid
	command -v ps >/dev/null 2>&1 || return 0 # no ps: trust the number
	ppid=$(ps -o ppid= -p "$1" 2>/dev/null | tr -d ' ')
	[ "$ppid" = "$$" ]
}

# stop_all kills what is still running: the programs first, so the log
# stampers reading their output see the end of it and finish by themselves.
stop_all() {
	local pid
	exec 7>&- # the client's stdin, if open
	if [ -n "$NAP_PID" ]; then
		kill -KILL "$NAP_PID" 2>/dev/null
		wait "$NAP_PID" 2>/dev/null
	fi
	for pid in $PIDS; do
		is_child "$pid" && kill -KILL "$pid" 2>/dev/null
	done
	for pid in $PIDS; do
		wait "$pid" 2>/dev/null
	done
	PIDS=""
}

# bounded SECONDS COMMAND...: run COMMAND, stopped after SECONDS where the
# system has timeout(1) (GNU coreutils, FreeBSD; macOS has none unless
# installed). --foreground keeps COMMAND in our process group, so that Ctrl-C
# still reaches it.
bounded() {
	local seconds=$1
	shift
	if timeout --foreground 1 true 2>/dev/null; then
		timeout --foreground "$seconds" "$@"
	elif command -v timeout >/dev/null 2>&1; then
		timeout "$seconds" "$@"
	else
		"$@"
	fi
}

# build_programs builds both programs into build/, as the README says. It
# builds into a folder of its own and renames, so that two scripts building at
# once never run a half-written binary.
build_programs() {
	local tmp
	command -v go >/dev/null 2>&1 || fail_setup "go is not installed: it builds the programs (https://go.dev/dl/)"
	mkdir -p "$BUILD" || fail_setup "cannot create $BUILD"
	tmp=$(mktemp -d "$BUILD/.building.XXXXXX") || fail_setup "mktemp failed in $BUILD"
	echo "\$ go build -o build/ ./graceclient ./graceserver"
	if ! (cd "$ROOT" && bounded 600 go build -o "$tmp/" ./graceclient ./graceserver); then
		rm -rf "$tmp"
		fail_setup "go build failed"
	fi
	mv -f "$tmp/graceclient" "$tmp/graceserver" "$BUILD/" || fail_setup "cannot move the programs into $BUILD"
	rm -rf "$tmp"
}

# --- a run: one experiment's logs ----------------------------------------------

# now prints the time in seconds since the epoch, with microseconds where the
# system gives them.
now() {
	if [ -n "${EPOCHREALTIME:-}" ]; then
		echo "$EPOCHREALTIME"
	elif [ -n "$PERL" ]; then
		perl -MTime::HiRes=time -e 'printf "%.6f\n", time'
	else
		local t
		t=$(date +%s.%N)
		case $t in
		*N) date +%s ;; # BSD date has no %N
		*) echo "$t" ;;
		esac
	fi
}

# begin_run NAME: a fresh folder for one experiment's logs; its start time.
begin_run() {
	RUN=$WORKDIR/$1
	rm -rf "$RUN"
	mkdir -p "$RUN"
	now >"$RUN/t0"
	: >"$RUN/differences"
}

# log NAME.STREAM TEXT: add a line to the run's log for NAME.STREAM now.
log() {
	local t=${EPOCHREALTIME:-}
	[ -n "$t" ] || t=$(now)
	printf '%s\t%s\t%s\n' "$t" "$1" "$2" >>"$RUN/$1.log"
}

# note NAME TEXT: something the script saw about a program (it started
# listening, it ended), shown in the program's column.
note() {
	log "$1.note" "[$2]"
}

# --- programs ------------------------------------------------------------------

# The stamper: copies its stdin to stdout a line at a time, as it arrives, each
# line as "TIME<tab>TAG<tab>LINE"; at the end of its input it writes the time
# to the file EOF. Perl where there is one, for its clock; else a shell loop.
# shellcheck disable=SC2016 # perl's variables, not the shell's
STAMPER_PL='
$| = 1;
my ($tag, $eof) = @ARGV;
while (my $line = <STDIN>) {
	chomp $line;
	printf "%.6f\t%s\t%s\n", time, $tag, $line;
}
open(my $f, ">", $eof) or die "$eof: $!";
printf $f "%.6f\n", time;
close $f;
'

# stamp TAG EOF INPUT OUTPUT: the stamper (above) in the background, reading
# the file INPUT (a FIFO) and writing the file OUTPUT; its pid is added to the
# file EOF.pid. The redirections are the background job's own: opening a FIFO
# waits for its writer.
stamp() {
	if [ -n "$PERL" ]; then
		perl -MTime::HiRes=time -e "$STAMPER_PL" "$1" "$2" <"$3" >"$4" 7>&- &
	else
		(
			while IFS= read -r line || [ -n "$line" ]; do
				t=$(now)
				printf '%s\t%s\t%s\n' "$t" "$1" "$line"
			done
			now >"$2"
		) <"$3" >"$4" 7>&- &
	fi
	echo $! >"$2.pid"
	track_pid $!
}

# start_program NAME STDIN COMMAND ARGS...: start a program in the background
# with stdin from the file STDIN, its stdout and stderr stamped line by line
# into NAME.out.log and NAME.err.log. The command is written to NAME.cmd (for
# print_by_hand), the pid to NAME.pid.
start_program() {
	local name=$1 stdin=$2
	shift 2
	rm -f "$RUN/$name".*
	mkfifo "$RUN/$name.out.fifo" "$RUN/$name.err.fifo" || fail_setup "mkfifo failed"
	stamp "$name.out" "$RUN/$name.out.eof" "$RUN/$name.out.fifo" "$RUN/$name.out.log"
	stamp "$name.err" "$RUN/$name.err.eof" "$RUN/$name.err.fifo" "$RUN/$name.err.log"
	"$@" <"$stdin" >"$RUN/$name.out.fifo" 2>"$RUN/$name.err.fifo" 7>&- &
	echo $! >"$RUN/$name.pid"
	track_pid $!
}

# program_pid NAME: the pid of the program started as NAME.
program_pid() {
	cat "$RUN/$1.pid"
}

# read_pid NAME: the pid of the program started as NAME, into PROGRAM_PID
# (read, not a $(...): it is looked up at every poll).
read_pid() {
	PROGRAM_PID=""
	read -r PROGRAM_PID <"$RUN/$1.pid"
}

# start_server FLAGS...: start graceserver on 127.0.0.1 at PORT (--port, or a
# free port), and return once it listens. If another program takes a free
# port first, try another. Fails (exit 3) if the server cannot start.
start_server() {
	local attempt=1 err
	while :; do
		PORT=${FIXED_PORT:-$(free_port)}
		start_program server /dev/null "$BUILD/graceserver" -addr "$HOST" -port "$PORT" ${1+"$@"}
		echo "build/graceserver -addr $HOST -port $PORT${1+ $*}" >"$RUN/server.cmd"
		if wait_listening; then
			if [ "$STATE_TOOL" = none ]; then note server started; else note server "listening on $HOST:$PORT"; fi
			return 0
		fi
		wait_ended server 2 >/dev/null
		if [ -z "$FIXED_PORT" ] && [ "$attempt" -lt 5 ] && grep -q 'Address already in use' "$RUN/server.err.log"; then
			attempt=$((attempt + 1))
			continue
		fi
		if grep -q 'Address already in use' "$RUN/server.err.log"; then
			fail_setup "port $PORT is in use (by another program, or a connection in TIME_WAIT from an earlier run): pick another --port, or leave it out"
		fi
		err=$(log_text server.err)
		fail_setup "the server did not start listening on $HOST:$PORT: $err"
	done
}

# start_client FLAGS...: start graceclient connected to the server at PORT,
# its stdin a FIFO that type_line writes to (fd 7, held open by this shell so
# the client never sees the end of its input). -retry covers the moment
# between the server's listen and our look at it where there is no ss.
start_client() {
	rm -f "$RUN/typing.fifo"
	mkfifo "$RUN/typing.fifo" || fail_setup "mkfifo failed"
	# Read-write, so opening does not wait for the reader.
	exec 7<>"$RUN/typing.fifo"
	start_program client "$RUN/typing.fifo" "$BUILD/graceclient" -retry 5s -port "$PORT" ${1+"$@"} "$HOST"
	echo "build/graceclient -port $PORT${1+ $*} $HOST" >"$RUN/client.cmd"
}

# merge_stderr: from here on, start_server and start_client (and whatever
# runs "$BUILD/graceclient" or "$BUILD/graceserver") run the programs through
# wrappers that send their standard error (the lesson's error lines, the
# -trace lines) to their standard output, so that one log holds a program's
# lines in the order it wrote them (the trace flushes standard output before
# each line). For claims.sh and wire.sh, which run the programs with -trace.
merge_stderr() {
	local name
	export MERGED_PROGRAMS=$BUILD
	mkdir -p "$WORKDIR/bin" || fail_setup "cannot create $WORKDIR/bin"
	for name in graceclient graceserver; do
		# shellcheck disable=SC2016 # expanded by the wrapper, not here
		printf '#!/bin/sh\nexec "$MERGED_PROGRAMS/%s" "$@" 2>&1\n' "$name" >"$WORKDIR/bin/$name"
		chmod +x "$WORKDIR/bin/$name"
	done
	BUILD=$WORKDIR/bin
}

# type_line TEXT: type a line into the client, as a person at its terminal.
type_line() {
	log client.in "> $1"
	printf '%s\n' "$1" >&7
}

# send_signal NAME SIGNAL WHAT: send SIGNAL to a program; WHAT is how the
# timeline shows it ("Ctrl-C").
send_signal() {
	log "$1.in" "> $3"
	read_pid "$1"
	kill -"$2" "$PROGRAM_PID" 2>/dev/null
}

# running NAME: whether the program is still running.
running() {
	read_pid "$1"
	kill -0 "$PROGRAM_PID" 2>/dev/null
}

# pause SECONDS: a person's pause between two lines (the only fixed sleep:
# every wait for something to happen polls, with a deadline).
pause() {
	nap "$1"
}

# nap SECONDS: sleep without a child process where bash can (4.0 on: read
# with a timeout from a FIFO no one writes to), else a sleep in the
# background and the wait builtin. Ctrl-C interrupts either at once. (A sleep
# in the foreground that Ctrl-C catches between its fork and its exec ends
# normally, and bash then takes the Ctrl-C as the program's business and runs
# no trap.)
nap() {
	if [ -n "$NAP_FIFO" ]; then
		NAPPING=1
		read -r -t "$1" _ <>"$NAP_FIFO"
		NAPPING=0
		[ -z "$LEAVING" ] || exit "$LEAVING"
	else
		sleep "$1" &
		NAP_PID=$!
		wait "$NAP_PID"
		NAP_PID=""
	fi
	# A Ctrl-C the watchdog saw and this shell did not (see start_watchdog).
	if [ "$IN_SCRIPT" = 1 ] && [ -e "$WORKDIR/.interrupted" ]; then exit 130; fi
	return 0
}

# polls SECONDS: how many looks, POLL apart, fit in SECONDS.
polls() {
	awk -v s="$1" -v p="$POLL" 'BEGIN { printf "%d\n", s / p + 1 }'
}

# wait_ended NAME SECONDS: wait up to SECONDS for the program to end, then
# record its exit status in NAME.status ("timeout" if it had to be killed),
# wait for the stampers to log its last lines, and note how it ended. Returns
# 1 if it had to be killed.
wait_ended() {
	end_program "$1" "$2" timeout
}

# stop_program NAME: end the program now if it still runs (a step of the
# experiment did not happen); its status reads "stopped".
stop_program() {
	end_program "$1" 0 stopped
}

# end_program NAME SECONDS WORD: wait_ended, with WORD as the status of a
# program that had to be killed.
end_program() {
	local name=$1 pid status t words
	[ -f "$RUN/$name.status" ] && return 0
	pid=$(program_pid "$name")
	end_pid "$pid" "$2"
	status=$STATUS
	[ "$status" = timeout ] && status=$3
	echo "$status" >"$RUN/$name.status"
	wait_logged "$name"
	# It ended when its output did: the later of the two ends the stampers saw.
	t=$(cat "$RUN/$name.out.eof" "$RUN/$name.err.eof" 2>/dev/null | sort -n | tail -n 1)
	[ -n "$t" ] || t=$(now)
	words=$(describe_status "$status" "$2")
	printf '%s\t%s\t[%s]\n' "$t" "$name.note" "$words" >>"$RUN/$name.note.log"
	[ "$status" != "$3" ]
}

# end_pid PID SECONDS: wait up to SECONDS for the process PID (started by
# this shell) to end, killing it after that, and reap it; its exit status (or
# "timeout" if it had to be killed) into STATUS.
end_pid() {
	local n
	n=$(polls "$2")
	while [ "$n" -gt 0 ] && kill -0 "$1" 2>/dev/null; do
		nap "$POLL"
		n=$((n - 1))
	done
	if kill -0 "$1" 2>/dev/null; then
		is_child "$1" && kill -KILL "$1" 2>/dev/null
		wait "$1" 2>/dev/null
		STATUS=timeout
	else
		wait "$1" 2>/dev/null
		STATUS=$?
	fi
	untrack_pid "$1"
}

# wait_logged NAME: wait (2 s at most) until the stampers have logged all the
# ended program's output, and reap them.
wait_logged() {
	local n stream pid
	n=$(polls 2)
	while [ "$n" -gt 0 ] && { [ ! -f "$RUN/$1.out.eof" ] || [ ! -f "$RUN/$1.err.eof" ]; }; do
		nap "$POLL"
		n=$((n - 1))
	done
	for stream in out err; do
		pid=$(cat "$RUN/$1.$stream.eof.pid" 2>/dev/null) || continue
		[ -f "$RUN/$1.$stream.eof" ] || { is_child "$pid" && kill -KILL "$pid" 2>/dev/null; }
		wait "$pid" 2>/dev/null
		untrack_pid "$pid"
	done
}

# exit_status NAME: the ended program's exit status as a shell shows it
# (141 for death by SIGPIPE), "timeout" or "stopped" (killed by the script),
# or "running".
exit_status() {
	cat "$RUN/$1.status" 2>/dev/null || echo running
}

# --- logs ----------------------------------------------------------------------

# log_text NAME.STREAM: what the program printed there, without the stamps.
log_text() {
	[ -f "$RUN/$1.log" ] || return 0
	cut -f3- "$RUN/$1.log"
}

# last_line NAME.STREAM: the last line printed there that is not empty,
# without trailing blanks.
last_line() {
	log_text "$1" | sed 's/[[:space:]]*$//' | awk 'NF { last = $0 } END { print last }'
}

# count_lines NAME.STREAM PATTERN: how many whole lines there match the basic
# regular expression PATTERN.
count_lines() {
	local n
	n=$(log_text "$1" | grep -c -x -e "$2")
	echo "${n:-0}"
}

# has_lines NAME.STREAM PATTERN COUNT: whether COUNT lines there match the
# basic regular expression PATTERN (as count_lines, without a $(...): it is
# polled).
has_lines() {
	[ -f "$RUN/$1.log" ] || { [ "$3" -le 0 ]; return; }
	cut -f3- "$RUN/$1.log" | grep -x -e "$2" | awk -v want="$3" 'END { exit !(NR >= want) }'
}

# wait_for_line NAME.STREAM PATTERN COUNT SECONDS: wait until COUNT lines
# there match PATTERN (count_lines). Returns 1 after SECONDS, or as soon as the
# program has ended without printing them.
wait_for_line() {
	local name=${1%.*} n
	n=$(polls "$4")
	while [ "$n" -gt 0 ]; do
		has_lines "$1" "$2" "$3" && return 0
		if ! running "$name" && [ -f "$RUN/$1.eof" ]; then
			has_lines "$1" "$2" "$3"
			return
		fi
		nap "$POLL"
		n=$((n - 1))
	done
	return 1
}

# --- TCP -----------------------------------------------------------------------

# free_port prints a TCP port nothing listens on now: the kernel picks it
# (perl), or failing that a random one that tcp_sockets does not show.
free_port() {
	if [ -n "$PERL" ] && perl -MIO::Socket::INET -e '
		my $s = IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1", LocalPort => 0, Proto => "tcp")
			or exit 1;
		print $s->sockport, "\n";'; then
		return 0
	fi
	local port tries=20
	while :; do
		port=$((20000 + RANDOM % 20000))
		tries=$((tries - 1))
		if [ "$tries" -eq 0 ] || ! tcp_awk "$TCP_PARSE_AWK"'lp == p { found = 1 } END { exit !found }' -v p="$port"; then
			echo "$port"
			return 0
		fi
	done
}

# detect_state_tool chooses how TCP states are read: ss (Linux), netstat
# (macOS, BSD, older Linux), or none, said once.
detect_state_tool() {
	[ -n "$STATE_TOOL" ] && return 0
	if command -v ss >/dev/null 2>&1 && ss -tan >/dev/null 2>&1; then
		STATE_TOOL=ss
	elif command -v netstat >/dev/null 2>&1 && netstat -an >/dev/null 2>&1; then
		STATE_TOOL=netstat
	else
		STATE_TOOL=none
		echo "(neither ss nor netstat is installed: TCP states are not shown)"
	fi
}

# TCP_PARSE_AWK: the start of an awk program reading ss -tan or netstat -an
# (-v tool=ss or netstat): for each TCP socket on 127.0.0.1 it sets lp and rp
# (its local and peer ports) and s (its state, with netstat's names, as in
# seed 001: FIN_WAIT2, CLOSE_WAIT, TIME_WAIT; ss says FIN-WAIT-2, macOS
# FIN_WAIT_2), and skips every other line.
# shellcheck disable=SC2016 # awk's variables, not the shell's
TCP_PARSE_AWK='
	function port(a) { sub(/.*[.:]/, "", a); return a }
	{ l = "" }
	tool == "ss" && NR > 1 { l = $4; r = $5; s = $1 }
	tool == "netstat" && $1 ~ /^tcp/ { l = $4; r = $5; s = $6 }
	l !~ /127\.0\.0\.1/ { next }
	{
		if (s == "ESTAB") s = "ESTABLISHED"
		gsub(/-/, "_", s)
		sub(/^FIN_WAIT_/, "FIN_WAIT", s)
		lp = port(l); rp = port(r)
	}
'

# tcp_awk PROGRAM AWK-ARGS...: ss -tan (or netstat -an) through awk PROGRAM,
# one pipeline of the two commands (no function in a pipeline: a subshell
# waiting for a pipeline of its own can, in bash 5.2, spin forever on
# Ctrl-C). Without either tool, awk reads nothing (its END still runs).
tcp_awk() {
	local program=$1
	shift
	detect_state_tool >/dev/null
	case $STATE_TOOL in
	ss) ss -tan 2>/dev/null | awk -v tool=ss "$@" "$program" ;;
	netstat) netstat -an 2>/dev/null | awk -v tool=netstat "$@" "$program" ;;
	*) awk "$@" "$program" </dev/null ;;
	esac
}

# tcp_sockets prints every TCP socket on 127.0.0.1 as "LOCALPORT PEERPORT
# STATE" (TCP_PARSE_AWK).
tcp_sockets() {
	tcp_awk "$TCP_PARSE_AWK"'{ print lp, rp, s }'
}

# TCP_STATE_AWK: after TCP_PARSE_AWK, the state of one end of the connection
# to p (-v side=client or server): printed, or with -v want=S1,S2... the
# exit status says whether it is one of those.
# shellcheck disable=SC2016 # awk's variables, not the shell's
TCP_STATE_AWK='
	side == "client" && rp == p { st = st sep s; sep = "," }
	side == "server" && lp == p && s != "LISTEN" { st = st sep s; sep = "," }
	END {
		if (st == "") st = "none"
		if (want == "") print st
		else exit !index("," want ",", "," st ",")
	}
'

# tcp_state client|server: the state of that end of the connection to PORT
# (several joined with ","; "none" when it has no socket any more). The
# client's end is the socket whose peer is PORT; the server's, the one whose
# local port is PORT, other than the listening one.
tcp_state() {
	tcp_awk "$TCP_PARSE_AWK$TCP_STATE_AWK" -v p="$PORT" -v side="$1"
}

# tcp_state_in client|server STATES: whether tcp_state is one of STATES
# (joined with ","), without a $(...): it is polled.
tcp_state_in() {
	tcp_awk "$TCP_PARSE_AWK$TCP_STATE_AWK" -v p="$PORT" -v side="$1" -v want="$2"
}

# listens PORT: whether a socket listens on 127.0.0.1 at PORT.
listens() {
	tcp_awk "$TCP_PARSE_AWK"'lp == p && s == "LISTEN" { found = 1 } END { exit !found }' -v p="$1"
}

# record_states LABEL: read both ends' TCP states now, into the timeline.
record_states() {
	local t client server
	detect_state_tool
	[ "$STATE_TOOL" = none ] && return 0
	t=$(now)
	client=$(tcp_state client)
	server=$(tcp_state server)
	printf '%s\tstates\t%s\t%s\t%s\n' "$t" "$client" "$server" "$1" >>"$RUN/states.log"
}

# wait_client_closing SECONDS: after close or shutdown, wait until the
# client's end of the connection has sent its FIN and had it acknowledged:
# past ESTABLISHED and FIN_WAIT1 (FIN_WAIT2, or gone).
wait_client_closing() {
	local n
	[ "$STATE_TOOL" = none ] && return 0
	n=$(polls "$1")
	while [ "$n" -gt 0 ]; do
		tcp_state_in client ESTABLISHED,FIN_WAIT1 || return 0
		nap "$POLL"
		n=$((n - 1))
	done
}

# wait_listening: wait (BOUND) until the server listens on PORT. Returns 1 if
# it ended first. Without ss or netstat it returns at once: the client's
# -retry waits instead.
wait_listening() {
	local n
	detect_state_tool
	[ "$STATE_TOOL" = none ] && return 0
	n=$(polls "$BOUND")
	while [ "$n" -gt 0 ] && running server; do
		listens "$PORT" && return 0
		nap "$POLL"
		n=$((n - 1))
	done
	return 1
}

# --- packets -------------------------------------------------------------------
#
# claims.sh and wire.sh capture each experiment's packets with tcpdump on the
# loopback interface, for its port only, one capture at a time. Capturing
# needs tcpdump and, on most systems, root (or CAP_NET_RAW).

# loopback_interface sets IFACE, the loopback interface's name: lo on Linux,
# lo0 on macOS and the BSDs.
loopback_interface() {
	local system
	system=$(uname -s)
	case $system in
	Linux) IFACE=lo ;;
	*) IFACE=lo0 ;; # macOS and the BSDs
	esac
}

# capture_start FILE PORT [FLAG...]: tcpdump on IFACE, for PORT only, writing
# one line per packet to FILE (a FLAG such as -X adds more: its bytes);
# returns once it captures (it says "listening on"), or 1 if it could not
# start (capture_complaint FILE says why).
capture_start() {
	local file=$1 port=$2 n
	shift 2
	tcpdump -i "$IFACE" -nn -tt -l ${1+"$@"} --immediate-mode "tcp port $port" >"$file" 2>"$file.err" 7>&- &
	CAPTURE_PID=$!
	track_pid "$CAPTURE_PID"
	n=$(polls "$BOUND")
	while [ "$n" -gt 0 ]; do
		grep -q '^listening on' "$file.err" && return 0
		kill -0 "$CAPTURE_PID" 2>/dev/null || break
		nap "$POLL"
		n=$((n - 1))
	done
	capture_stop "$file"
	return 1
}

# capture_stop FILE: once the capture has stopped growing (the last segments
# are in), stop tcpdump and wait for it (bounded).
capture_stop() {
	local n last=-1 size stable=0
	[ -n "$CAPTURE_PID" ] || return 0
	n=$(polls 3)
	while [ "$n" -gt 0 ] && [ "$stable" -lt 10 ] && kill -0 "$CAPTURE_PID" 2>/dev/null; do
		size=$(wc -c <"$1")
		if [ "$size" = "$last" ]; then stable=$((stable + 1)); else stable=0; fi
		last=$size
		nap "$POLL"
		n=$((n - 1))
	done
	kill -INT "$CAPTURE_PID" 2>/dev/null
	end_pid "$CAPTURE_PID" 5
	CAPTURE_PID=""
}

# capture_complaint FILE: why the capture into FILE could not start: the first
# line tcpdump wrote to FILE.err, less its "verbose output suppressed" note.
capture_complaint() {
	grep -v '^tcpdump: verbose' "$1.err" | head -n 1
}

# --- output --------------------------------------------------------------------

# print_by_hand WHAT: the two commands to type in two terminals to do the
# same by hand, then WHAT to do.
print_by_hand() {
	local server client
	read -r server <"$RUN/server.cmd"
	read -r client <"$RUN/client.cmd"
	echo "by hand, in two terminals at the repository's root:"
	echo "  server\$ $server"
	echo "  client\$ $client"
	echo "  then $1"
}

# print_timeline prints the run's logs side by side, in time order: the
# client's column on the left, the server's on the right, each line with its
# time since the run began.
print_timeline() {
	local t0 width=32
	t0=$(cat "$RUN/t0")
	echo
	printf '%8s  %-*s  %s\n' "time" "$width" "client" "server"
	cat "$RUN"/*.log | sort -s -t "$TAB" -k1,1n | awk -F "$TAB" -v t0="$t0" -v w="$width" '
		{
			t = $1 - t0; tag = $2
			text = substr($0, length($1) + length($2) + 3)
			left = ""; right = ""
			if (tag == "states") {
				left = "tcp: " $3
				right = sprintf("%-24s(%s)", "tcp: " $4, $5)
			} else {
				if (tag ~ /\.err$/) text = "! " text
				if (tag ~ /^client/) left = text; else right = text
			}
			line = sprintf("%8.3f  %-" w "s  %s", t, left, right)
			sub(/ +$/, "", line)
			print line
		}'
	if [ "$STATE_TOOL" = none ]; then
		echo "(> typed or sent, ! stderr, [ ] seen by the script)"
	else
		echo "(> typed or sent, ! stderr, [ ] seen by the script; tcp: states read with $STATE_TOOL)"
	fi
}

# describe_status STATUS [SECONDS]: an exit status in words.
describe_status() {
	local name
	case $1 in
	timeout) echo "still running after ${2:-$BOUND}s: stopped by the script" ;;
	stopped) echo "stopped by the script" ;;
	running) echo "still running" ;;
	*)
		if [ "$1" -gt 128 ]; then
			name=$(kill -l "$(($1 - 128))" 2>/dev/null)
			echo "killed by SIG$name (status $1)"
		else
			echo "exit $1"
		fi
		;;
	esac
}

# describe_end NAME: how the ended program ended, in words, from its status
# and last words: "killed by SIGPIPE (status 141)", "exited 1 after \"error
# write: Broken pipe (32)\"", "printed \"received 2 datagrams\" and exited 0".
describe_end() {
	local status err out
	status=$(exit_status "$1")
	err=$(last_line "$1.err")
	out=$(last_line "$1.out")
	case $status in
	timeout | stopped | running) describe_status "$status" ;;
	*)
		if [ "$status" -gt 128 ]; then
			describe_status "$status"
		elif [ -n "$err" ]; then
			echo "exited $status after \"$err\""
		else
			case $out in
			"received "*" datagrams") echo "printed \"$out\" and exited $status" ;;
			*) echo "exited $status" ;;
			esac
		fi
		;;
	esac
}

# count_replies: how many of the server's replies ("Hi, ...") the client printed.
count_replies() {
	log_text client.out | grep -o 'Hi, ' | wc -l | tr -d ' '
}

# quote TEXT: TEXT in double quotes, its newlines as \n.
quote() {
	printf '%s' "$1" | awk 'BEGIN { ORS = ""; print "\"" } NR > 1 { print "\\n" } { print } END { print "\"" }'
}

# expect WHAT GOT WANT: if GOT is not WANT, record the difference.
expect() {
	local got want
	[ "$2" = "$3" ] && return 0
	got=$(quote "$2")
	want=$(quote "$3")
	printf '  %s: got %s; want %s\n' "$1" "$got" "$want" >>"$RUN/differences"
}

# differ TEXT: record a difference in words.
differ() {
	printf '  %s\n' "$1" >>"$RUN/differences"
}

# print_verdict SUMMARY WANT: the one-line verdict (also kept in the run's
# file "verdict"), then whether it is WANT (e.g. "the lesson's outcome"), or
# how it differs (what expect and differ recorded). Returns 1 if it differs.
print_verdict() {
	echo "$1" >"$RUN/verdict"
	echo
	echo "verdict: $1"
	if [ -s "$RUN/differences" ]; then
		echo "  this differs from $2:"
		cat "$RUN/differences"
		return 1
	fi
	echo "  this is $2"
}

# --- the lesson's experiments ----------------------------------------------------

# lines LINE...: the lines joined with newlines (a transcript, or one
# extended: lines "$TRANSCRIPT" "one more line").
lines() {
	local sep="" line
	for line in "$@"; do
		printf '%s%s' "$sep" "$line"
		sep='
'
	done
}

# lesson_outcome EXPERIMENT: what each side prints and how it ends in the
# lesson's experiments, as WANT_* variables: EXPERIMENT is close (with the
# server's -sigpipe mode: close/default, close/ignore, close/custom), shutdown
# or sigint (Ctrl-C on the server once it has read data2). It reads them from
# transcripts/EXPERIMENT.txt (close/default: close-default.txt), where the Go
# tests read them too: under each [section] header, its lines verbatim, after
# a comment of lines starting with # (see transcripts/README.md). Builtins
# only, no $(...): each line, trailing spaces included, is added as read.
lesson_outcome() {
	local file=$LIB_DIR/transcripts/${1/\//-}.txt line var="" sep=""
	[ -r "$file" ] || fail_setup "no transcript for the experiment $1: $file"
	WANT_CLIENT_OUT="" WANT_CLIENT_ERR="" WANT_CLIENT_STATUS=""
	WANT_SERVER_OUT="" WANT_SERVER_ERR="" WANT_SERVER_STATUS=""
	while IFS= read -r line || [ -n "$line" ]; do
		case $line in
		'[client stdout]') var=WANT_CLIENT_OUT sep="" ;;
		'[client stderr]') var=WANT_CLIENT_ERR sep="" ;;
		'[client status]') var=WANT_CLIENT_STATUS sep="" ;;
		'[server stdout]') var=WANT_SERVER_OUT sep="" ;;
		'[server stderr]') var=WANT_SERVER_ERR sep="" ;;
		'[server status]') var=WANT_SERVER_STATUS sep="" ;;
		*)
			[ -n "$var" ] || continue # the comment before the first section
			printf -v "$var" '%s%s%s' "${!var}" "$sep" "$line"
			sep='
'
			;;
		esac
	done <"$file"
}

# expect_outcome EXPERIMENT: compare what both programs printed and how they
# ended with lesson_outcome EXPERIMENT.
expect_outcome() {
	local got
	lesson_outcome "$1"
	got=$(log_text client.out)
	expect "client stdout" "$got" "$WANT_CLIENT_OUT"
	got=$(log_text client.err)
	expect "client stderr" "$got" "$WANT_CLIENT_ERR"
	got=$(exit_status client)
	expect "client exit status" "$got" "$WANT_CLIENT_STATUS"
	got=$(log_text server.out)
	expect "server stdout" "$got" "$WANT_SERVER_OUT"
	got=$(log_text server.err)
	expect "server stderr" "$got" "$WANT_SERVER_ERR"
	got=$(exit_status server)
	expect "server exit status" "$got" "$WANT_SERVER_STATUS"
}

# typed_too_late CLOSING: whether CLOSING was typed after the server's first
# reply, which changes the experiment (a slow machine, a short -delay).
typed_too_late() {
	local typed replied
	typed=$(awk -F "$TAB" -v l="> $1" '$3 == l { print $1; exit }' "$RUN/client.in.log")
	replied=$(awk -F "$TAB" '$3 ~ /^send bytes: / { print $1; exit }' "$RUN/server.out.log")
	[ -n "$typed" ] && [ -n "$replied" ] && awk -v a="$typed" -v b="$replied" 'BEGIN { exit !(a > b) }'
}

# run_lesson_experiment NAME CLOSING MODE WANT_MODE: the lesson's experiment:
# graceserver with -sigpipe MODE; graceclient typed data1, then (once the
# server has read it) data2, then (once sent) CLOSING: "close" or
# "shutdown", all before the server's first reply. Prints the commands to do it
# by hand, the timeline and the verdict, comparing what happened with the
# lesson's outcome under -sigpipe WANT_MODE. Returns 1 if it differs.
run_lesson_experiment() {
	local name=$1 closing=$2 mode=$3 want=$4 title summary against replies server client server_err client_err
	title=$closing
	[ "$mode" != default ] && title="$closing, -sigpipe $mode"
	echo
	echo "=== $title: type data1, data2, $closing; the server replies after $DELAY"
	begin_run "$name"

	set --
	[ "$FAST" = 1 ] && set -- -delay "$DELAY"
	[ "$mode" != default ] && set -- ${1+"$@"} -sigpipe "$mode"
	start_server ${1+"$@"}
	if [ "$closing" = close ] && [ "$FAST" = 1 ]; then
		start_client -sleep "$SLEEP"
	else
		start_client
	fi
	print_by_hand "type data1, data2 and $closing in the client's terminal, within $DELAY"
	lesson_steps "$closing"
	wait_ended client "$BOUND" >/dev/null
	wait_ended server "$BOUND" >/dev/null
	record_states "at the end"
	print_timeline

	replies=$(count_replies)
	server=$(describe_end server)
	summary="client received $replies of 2 replies; server $server"
	if [ "$closing" != close ]; then
		server_err=$(log_text server.err)
		client_err=$(log_text client.err)
		if [ "$server_err" = "client closed " ] && [ "$client_err" = "server terminated " ]; then
			summary="client received $replies of 2 replies; server saw EOF and both sides closed"
		else
			client=$(describe_end client)
			summary="$summary; client $client"
		fi
	fi
	if [ "$closing" = close ]; then expect_outcome "close/$want"; else expect_outcome shutdown; fi
	if typed_too_late "$closing"; then
		differ "$closing was typed after the server's first reply (the server's -delay $DELAY was too short for this machine)"
	fi
	against="the lesson's outcome"
	[ "$want" != default ] && against="the outcome with -sigpipe $want"
	print_verdict "$title: $summary" "$against"
}

# lesson_steps CLOSING: type the lesson's three lines as a person would, and
# read the TCP states at the key moments. A step that does not happen in time
# stops both programs.
lesson_steps() {
	local closing=$1
	type_line data1
	if ! wait_for_line server.out "received 5 bytes: data1" 1 "$BOUND"; then
		differ "the server did not print \"received 5 bytes: data1\" within ${BOUND}s"
		stop_program client
		stop_program server
		return 1
	fi
	pause "$PACE"
	type_line data2
	if ! wait_for_line client.out "send bytes: 5 " 2 "$BOUND"; then
		differ "the client did not print its second \"send bytes: 5 \" within ${BOUND}s"
		stop_program client
		stop_program server
		return 1
	fi
	record_states "before $closing"
	pause "$PACE"
	type_line "$closing"
	wait_client_closing 2
	record_states "after $closing"
	# The server's replies: each ends with "send bytes: ..." unless SIGPIPE
	# ends the server first.
	wait_for_line server.out "send bytes: .*" 1 "$BOUND" && record_states "after the first reply"
	wait_for_line server.out "send bytes: .*" 2 "$BOUND" && record_states "after the second reply"
	return 0
}

# run_sigint_experiment NAME: Ctrl-C on the server while it works on data2:
# the lesson's sig_int prints "received 2 datagrams" and exits 0; the client
# sees the server close and ends with "server terminated". Returns 1 if what
# happened differs.
run_sigint_experiment() {
	local summary replies server client
	echo
	echo "=== sigint: type data1, data2; Ctrl-C on the server while it works on data2"
	begin_run "$1"
	if [ "$FAST" = 1 ]; then start_server -delay "$DELAY"; else start_server; fi
	start_client
	print_by_hand "type data1 and data2 in the client's terminal; after the first reply, Ctrl-C in the server's"
	sigint_steps
	wait_ended server "$BOUND" >/dev/null
	wait_ended client "$BOUND" >/dev/null
	record_states "at the end"
	print_timeline

	replies=$(count_replies)
	server=$(describe_end server)
	client=$(describe_end client)
	summary="server $server; client received $replies of 2 replies and $client"
	expect_outcome sigint
	print_verdict "sigint: $summary" "the lesson's outcome"
}

# sigint_steps: data1, data2, and Ctrl-C once the server has read data2.
sigint_steps() {
	type_line data1
	wait_for_line server.out "received 5 bytes: data1" 1 "$BOUND" &&
		pause "$PACE" &&
		type_line data2 &&
		wait_for_line server.out "received 5 bytes: data2" 1 "$BOUND" &&
		record_states "the server works on data2" &&
		pause "$PACE" &&
		send_signal server INT "Ctrl-C (SIGINT)" &&
		return 0
	differ "the server did not read data1 and data2 within ${BOUND}s"
	stop_program client
	stop_program server
	return 1
}
