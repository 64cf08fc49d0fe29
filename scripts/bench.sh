#!/usr/bin/env bash
# bench.sh: three measurements of graceclient and graceserver on 127.0.0.1,
# the server answering at once (-delay 0), each run several times (median):
#
#   throughput  20,000 lines, data1 .. data20000, then shutdown, piped from a
#               file into the client: its wall time, from its start (the
#               server already listening) to its exit, lines per second, and
#               a check that every byte came back. The server answers once per
#               read, so replies coalesce: the client's output, less its
#               "now sending" and "send bytes" lines, its own newlines and every
#               "Hi, ", must be exactly data1data2...data20000; the server ends
#               with "client closed", then the client with "server terminated",
#               both exit 1.
#   idle        the client's CPU time (user + system) over 5 s with stdin at
#               EOF (</dev/null), connected to a server that never replies (it
#               waits for a message that never comes): from /proc/PID/stat
#               where there is one (Linux), else ps -o time=.
#   startup     the server's time from exec to a listening port. The server's
#               start is held until a perl loop, already running, lets it go;
#               the loop then tries to connect to 127.0.0.1:PORT, pausing 0.1 ms
#               between attempts, and stops at the first that succeeds (the
#               port is in LISTEN: the kernel completes the handshake before
#               accept).
#               It closes that connection, and the server, which accepts one
#               client, ends with "client closed". Without perl, ss or netstat
#               is polled instead: coarser, one look takes a few ms or more.
#
# usage: scripts/bench.sh [--fast] [--runs N] [--lines N] [--idle SECONDS]
#                         [--client PATH] [--server PATH] [--port-style STYLE]
#                         [--port N] [--keep]
#
#   --runs N        runs of each measurement (default 3; the median is shown)
#   --lines N       lines in the throughput test (default 20000)
#   --idle SECONDS  the idle client's window (default 5)
#   --fast          2000 lines, 1 run, 1 s idle: a quick check (go test runs it)
#   --client PATH   the client to measure (default: build/graceclient)
#   --server PATH   the server to measure (default: build/graceserver)
#   --port-style S  how the programs get the port: flag (default): the server
#                   is run as "SERVER -addr 127.0.0.1 -port N -delay 0", the
#                   client as "CLIENT -port N 127.0.0.1"; env:NAME: the port is
#                   in the environment variable NAME, the server gets no
#                   arguments and the client only the address (the server must
#                   then answer at once by itself). A pair that needs a fixed
#                   port can only be measured with --port.
#   --port N        use port N for every server (default: a free port each)
#   --keep          keep the logs and print the folder they are in
#   -h, --help      this text
#
# Without --client and --server it builds the programs (go build -o build/
# ./graceclient ./graceserver). The C originals of the lesson, with the port
# read from $PORT and the delay skipped when $NODELAY is set:
#   NODELAY=1 scripts/bench.sh --client ./c_graceclient --server ./c_graceserver \
#       --port-style env:PORT
# Times are wall-clock from bash's $EPOCHREALTIME (bash 5; older bash: perl,
# whose start adds a few ms). Nothing here is a threshold: the numbers are
# printed, and only the checks decide the verdict.
#
# exit status: 0 every byte came back and every program ended as expected; 1 a
# check failed (the verdict says which); 2 bad usage; 3 the measurements could
# not run (build failed, no port, a program missing); 130 interrupted.

# shellcheck source-path=SCRIPTDIR source=legacy-lib.sh disable=SC1091
. "$(cd "$(dirname "$0")" && pwd)/legacy-lib.sh"

# --- flags -----------------------------------------------------------------------

RUNS="" LINES="" IDLE="" CLIENT="" SERVER=""
PORT_ENV="" # --port-style env:NAME: NAME; empty: -port N

# positive_integer FLAG VALUE: VALUE is a whole number from 1 up.
positive_integer() {
	case $2 in
	'' | *[!0-9]* | 0 | 0*) usage_error "$1: not a positive whole number: $2" ;;
	esac
}

while [ $# -gt 0 ]; do
	case $1 in
	--runs | --runs=*)
		flag_value --runs "a value" "$@"
		positive_integer --runs "$VALUE"
		RUNS=$VALUE
		;;
	--lines | --lines=*)
		flag_value --lines "a value" "$@"
		positive_integer --lines "$VALUE"
		LINES=$VALUE
		;;
	--idle | --idle=*)
		flag_value --idle "a value" "$@"
		case $VALUE in
		'' | .* | *. | *[!0-9.]* | *.*.*) usage_error "--idle: not a number of seconds: $VALUE" ;;
		esac
		awk -v s="$VALUE" 'BEGIN { exit !(s > 0) }' || usage_error "--idle: not a number of seconds: $VALUE"
		IDLE=$VALUE
		;;
	--client | --client=* | --server | --server=*)
		flag_value "${1%%=*}" "a value" "$@"
		[ -n "$VALUE" ] || usage_error "${1%%=*} needs a path"
		case $1 in
		--client*) CLIENT=$VALUE ;;
		*) SERVER=$VALUE ;;
		esac
		;;
	--port-style | --port-style=*)
		flag_value --port-style "a value" "$@"
		case $VALUE in
		flag) PORT_ENV="" ;;
		env:[A-Za-z_]*)
			PORT_ENV=${VALUE#env:}
			case $PORT_ENV in
			*[!A-Za-z0-9_]*) usage_error "--port-style: not a variable name: $PORT_ENV" ;;
			esac
			;;
		*) usage_error "--port-style: want flag or env:NAME, not \"$VALUE\"" ;;
		esac
		;;
	*) common_flag "$@" ;;
	esac
	shift "$SHIFT_BY"
done
if [ "$FAST" = 1 ]; then
	RUNS=${RUNS:-1} LINES=${LINES:-2000} IDLE=${IDLE:-1}
else
	RUNS=${RUNS:-3} LINES=${LINES:-20000} IDLE=${IDLE:-5}
fi
BOUND=30                                # seconds: every wait for a program
CLIENT_BOUND=$((30 + LINES / 1000))     # seconds: the throughput client
SETTLE=0.2                              # seconds between connecting and the idle window

# program PATH: PATH if it can be run (a path, or a name found in PATH).
program() {
	case $1 in
	*/*) [ -f "$1" ] && [ -x "$1" ] ;;
	*) command -v "$1" >/dev/null 2>&1 ;;
	esac || fail_setup "cannot run $1: not an executable file"
}

make_workdir
if [ -z "$CLIENT" ] || [ -z "$SERVER" ]; then
	build_programs
	GO_VERSION=$(go version)
fi
CLIENT=${CLIENT:-$BUILD/graceclient}
SERVER=${SERVER:-$BUILD/graceserver}
program "$CLIENT"
program "$SERVER"

# --- running the programs ----------------------------------------------------------

# command_for client|server: the command that runs it at PORT, into CMD.
command_for() {
	if [ "$1" = client ]; then
		if [ -n "$PORT_ENV" ]; then CMD=("$CLIENT" "$HOST"); else CMD=("$CLIENT" -port "$PORT" "$HOST"); fi
	else
		if [ -n "$PORT_ENV" ]; then CMD=("$SERVER"); else CMD=("$SERVER" -addr "$HOST" -port "$PORT" -delay 0); fi
	fi
}

# shown client|server: the command as a person would type it, PORT as N.
shown() {
	local c PORT=N
	command_for "$1"
	c=$(printf '%s ' "${CMD[@]}" | sed 's/ $//')
	case $c in
	"$ROOT"/*) c=${c#"$ROOT"/} ;;
	esac
	[ -n "$PORT_ENV" ] && c="$PORT_ENV=N $c"
	echo "$c"
}

# launch NAME STDIN [GATE]: start CMD in the background with stdin from the
# file STDIN, stdout and stderr into the run's NAME.out and NAME.err, and for
# --port-style env the port in the environment. With GATE, a FIFO's path, CMD
# is run only once a line has been read from it. Its pid (the program's own:
# no process stands in between) goes into LAUNCHED.
#
# A program killed by a signal (SIGSEGV, or SIGKILL from the script) makes bash
# print "Killed" and the like unless it is reaped by a wait for it: so the
# script's kills are followed at once by a wait.
launch() {
	if [ -n "$PORT_ENV" ]; then export "$PORT_ENV=$PORT"; fi
	if [ $# -ge 3 ]; then
		(
			read -r _ <"$3"
			exec "${CMD[@]}"
		) <"$2" >"$RUN/$1.out" 2>"$RUN/$1.err" &
	else
		"${CMD[@]}" <"$2" >"$RUN/$1.out" 2>"$RUN/$1.err" &
	fi
	LAUNCHED=$!
	track_pid "$LAUNCHED"
}

# kill_now PID: end a program the script started, now.
kill_now() {
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	untrack_pid "$1"
}

# clock VAR: the time now (seconds since the epoch) into VAR, without the
# cost of a subshell where bash has $EPOCHREALTIME.
clock() {
	local _now=${EPOCHREALTIME:-}
	[ -n "$_now" ] || _now=$(now)
	printf -v "$1" '%s' "$_now"
}

# ms FROM TO: the time between, in milliseconds.
ms() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", (b - a) * 1000 }'
}

# seconds FROM TO: the time (or CPU time) between, in seconds.
seconds() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", b - a }'
}

# per_second COUNT MS: COUNT in MS milliseconds, per second.
per_second() {
	awk -v n="$1" -v ms="$2" 'BEGIN { printf "%d\n", (ms > 0 ? n / ms * 1000 : 0) }'
}

# percent PART WHOLE: PART as a percentage of WHOLE.
percent() {
	awk -v p="$1" -v w="$2" 'BEGIN { printf "%.0f\n", (w > 0 ? p / w * 100 : 0) }'
}

# one_line FILE: the file's lines joined with spaces, without trailing ones.
one_line() {
	tr '\n' ' ' <"$1" | sed 's/ *$//'
}

# watchdog PID SECONDS FILE: kill PID after SECONDS, and create FILE to say
# so; the watchdog's own pid into WATCHDOG. It returns once the watchdog runs,
# so that its start does not take a CPU from what is measured. One process
# (perl) where there is perl, so that stopping the watchdog leaves nothing
# behind; else a shell loop that looks once a second.
# shellcheck disable=SC2016 # perl's variables, not the shell's
watchdog() {
	rm -f "$3.ready"
	mkfifo "$3.ready" || fail_setup "mkfifo failed"
	if [ -n "$PERL" ]; then
		perl -e '$| = 1; print "ready\n"; sleep $ARGV[1]; open(my $f, ">", $ARGV[2]); kill "KILL", $ARGV[0]' "$1" "$2" "$3" >"$3.ready" &
	else
		(
			echo ready
			n=$2
			while [ "$n" -gt 0 ] && kill -0 "$1" 2>/dev/null; do
				sleep 1
				n=$((n - 1))
			done
			if [ "$n" -eq 0 ]; then
				: >"$3"
				kill -KILL "$1" 2>/dev/null
			fi
		) >"$3.ready" &
	fi
	WATCHDOG=$!
	track_pid "$WATCHDOG"
	read -r _ <"$3.ready"
}

# stop_watchdog: the watched program has ended.
stop_watchdog() {
	kill_now "$WATCHDOG"
}

# port_listening: whether something listens on PORT, on any address (the C
# server listens on 0.0.0.0), as ss or netstat show it.
port_listening() {
	case $STATE_TOOL in
	ss) ss -ltn 2>/dev/null | awk 'NR > 1 { print $4 }' ;;
	netstat) netstat -an 2>/dev/null | awk '$1 ~ /^tcp/ && $NF == "LISTEN" { print $4 }' ;;
	*) return 1 ;;
	esac | awk -v p="$PORT" '{ sub(/.*[.:]/, "") } $0 == p { found = 1 } END { exit !found }'
}

# start_listening: start the server at a free port (or --port), and return once
# it listens, into SERVER_PID. Without ss or netstat it waits 1 s instead. If
# another program takes the free port first, it tries another.
start_listening() {
	local attempt=1 n words err
	while :; do
		PORT=${FIXED_PORT:-$(free_port)}
		command_for server
		launch server /dev/null
		SERVER_PID=$LAUNCHED
		if [ "$STATE_TOOL" = none ]; then
			nap 1
			kill -0 "$SERVER_PID" 2>/dev/null && return 0
		else
			n=$(polls "$BOUND")
			while [ "$n" -gt 0 ] && kill -0 "$SERVER_PID" 2>/dev/null; do
				port_listening && return 0
				nap "$POLL"
				n=$((n - 1))
			done
		fi
		end_pid "$SERVER_PID" 2
		if [ -z "$FIXED_PORT" ] && [ "$attempt" -lt 5 ] && grep -q 'in use' "$RUN/server.err"; then
			attempt=$((attempt + 1))
			continue
		fi
		words=$(describe_status "$STATUS")
		err=$(one_line "$RUN/server.err")
		fail_setup "the server did not listen on port $PORT ($words): $err"
	done
}

# --- checks ------------------------------------------------------------------------

FAILED=0

# check_end NAME WHAT STATUS WORDS [SECONDS]: NAME must have exited 1 with
# WORDS on stderr (the course's error(): "client closed", "server
# terminated"); SECONDS is how long it was given, if it had to be stopped.
check_end() {
	local err words
	err=$(one_line "$RUN/$1.err")
	case $3 in
	1) case $err in *"$4"*) return 0 ;; esac ;;
	esac
	words=$(describe_status "$3" "${5:-$BOUND}")
	failed "$2" "$1 $words${err:+ after \"$err\"}; want exit 1 after \"$4\""
	return 1
}

# failed WHAT TEXT: record a failed check, for the verdict.
failed() {
	printf '  %s: %s\n' "$1" "$2" >>"$CHECKS/differences"
	FAILED=$((FAILED + 1))
}

# median FILE: the median of the numbers in FILE, one a line.
median() {
	sort -n "$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# --- (1) throughput ----------------------------------------------------------------

# throughput_run I: LINES lines and shutdown into the client; wall time from
# its start to its exit. The client is forked and its watchdog started first,
# held at a gate, so the time counts the client's exec and run, not the
# script's work.
throughput_run() {
	local what="throughput run $1" t0 t1 cstatus elapsed rate reads how before=$FAILED
	RUN=$WORKDIR/throughput$1
	mkdir -p "$RUN"
	start_listening
	command_for client
	mkfifo "$RUN/client.gate" || fail_setup "mkfifo failed"
	launch client "$WORKDIR/lines" "$RUN/client.gate"
	watchdog "$LAUNCHED" "$CLIENT_BOUND" "$RUN/client.killed"
	clock t0
	echo go >"$RUN/client.gate"
	wait "$LAUNCHED" 2>/dev/null
	cstatus=$?
	clock t1
	stop_watchdog
	untrack_pid "$LAUNCHED"
	[ -f "$RUN/client.killed" ] && cstatus=timeout
	end_pid "$SERVER_PID" "$BOUND"

	# The last tr: a sed that ends its output with a newline.
	grep -v -e '^now sending ' -e '^send bytes: ' "$RUN/client.out" | tr -d '\n' | sed 's/Hi, //g' | tr -d '\n' >"$RUN/replies"
	if ! cmp -s "$WORKDIR/expected" "$RUN/replies"; then
		how=$(replies_differ "$RUN/replies")
		failed "$what" "$how"
	fi
	check_end server "$what" "$STATUS" "client closed"
	check_end client "$what" "$cstatus" "server terminated" "$CLIENT_BOUND"

	elapsed=$(ms "$t0" "$t1")
	rate=$(per_second "$LINES" "$elapsed")
	reads=$(grep -c '^received ' "$RUN/server.out")
	if [ "${reads:-0}" = 1 ]; then reads="1 read"; else reads="${reads:-0} reads"; fi
	printf '  run %d: %9.1f ms  %8d lines/s  (the server answered in %s)' "$1" "$elapsed" "$rate" "$reads"
	if [ "$FAILED" != "$before" ]; then
		echo "  FAILED: not counted"
		return
	fi
	echo
	echo "$elapsed" >>"$WORKDIR/throughput.ms"
	echo "$rate" >>"$WORKDIR/throughput.rate"
}

# replies_differ FILE: how the replies in FILE differ from data1..dataN: their
# length and the first byte that differs, with what is there and what should be.
replies_differ() {
	local got at there want
	got=$(wc -c <"$1" | tr -d ' ')
	at=$(first_difference "$1" "$got")
	[ -n "$at" ] || at=1
	there=$(cut -c "$at-$((at + 15))" "$1")
	want=$(cut -c "$at-$((at + 15))" "$WORKDIR/expected")
	printf '%s bytes of replies, want %s (data1..data%s); from byte %s: got "%s", want "%s"\n' \
		"$got" "$EXPECTED_BYTES" "$LINES" "$at" "$there" "$want"
}

# first_difference FILE SIZE: the first byte where FILE, of SIZE bytes, and
# the expected replies differ. From cmp: "A B differ: byte K, line 1" (char
# K on BSD), or "cmp: EOF on B after byte K" (BSD: "cmp: EOF on B"), where
# the first difference is just past the end of the shorter.
first_difference() {
	cmp "$WORKDIR/expected" "$1" 2>&1 | awk -v got="$2" -v want="$EXPECTED_BYTES" '
		/EOF on/ { print (got < want ? got : want) + 1; exit }
		{
			for (i = 1; i <= NF; i++) {
				v = $i
				sub(/,$/, "", v)
				if (v ~ /^[0-9]+$/) { print v; exit }
			}
		}'
}

# --- (2) the idle client's CPU time ------------------------------------------------

# cpu_seconds PID: the process's user + system CPU time so far, in seconds.
cpu_seconds() {
	if [ -r "/proc/$1/stat" ]; then
		# Fields 14 and 15, utime and stime in clock ticks; the name, field
		# 2, is in parentheses and may hold spaces.
		awk -v hz="$CLK_TCK" '{ sub(/.*\) /, ""); printf "%.2f\n", ($12 + $13) / hz }' "/proc/$1/stat"
	else
		# [dd-][hh:]mm:ss[.cc]
		ps -o time= -p "$1" | awk '{
			t = $1; d = 0; s = 0
			if (index(t, "-")) { d = substr(t, 1, index(t, "-") - 1); t = substr(t, index(t, "-") + 1) }
			n = split(t, p, ":")
			for (i = 1; i <= n; i++) s = s * 60 + p[i]
			printf "%.2f\n", d * 86400 + s
		}'
	fi
}

# idle_run I: the client with stdin at EOF, connected to a server that waits
# for a message; its CPU time over IDLE seconds.
idle_run() {
	local cpid n c0 c1 w0 w1 cpu wall state words err share
	RUN=$WORKDIR/idle$1
	mkdir -p "$RUN"
	start_listening
	command_for client
	launch client /dev/null
	cpid=$LAUNCHED
	if [ "$STATE_TOOL" = none ]; then
		nap 0.5
	else
		n=$(polls "$BOUND")
		while [ "$n" -gt 0 ] && kill -0 "$cpid" 2>/dev/null; do
			state=$(tcp_state client)
			[ "$state" = ESTABLISHED ] && break
			nap "$POLL"
			n=$((n - 1))
		done
		if [ "$n" = 0 ]; then
			idle_failed "$1" "$cpid" "the client did not connect within ${BOUND}s"
			return
		fi
	fi
	nap "$SETTLE"
	clock w0
	c0=$(cpu_seconds "$cpid")
	nap "$IDLE"
	c1=$(cpu_seconds "$cpid")
	clock w1
	if ! kill -0 "$cpid" 2>/dev/null; then
		end_pid "$cpid" 0
		words=$(describe_status "$STATUS")
		err=$(one_line "$RUN/client.err")
		idle_failed "$1" "" "the client ended before the end of the idle window: $words${err:+ after \"$err\"}"
		return
	fi
	if [ -z "$c0" ] || [ -z "$c1" ]; then
		idle_failed "$1" "$cpid" "could not read the client's CPU time"
		return
	fi
	kill_now "$cpid"
	end_pid "$SERVER_PID" "$BOUND" # it reads the end of the connection and exits
	cpu=$(seconds "$c0" "$c1")
	wall=$(seconds "$w0" "$w1")
	share=$(percent "$cpu" "$wall")
	printf '  run %d: %5.2f s CPU in %.2f s (%s%% of one CPU)\n' "$1" "$cpu" "$wall" "$share"
	echo "$cpu" >>"$WORKDIR/idle.cpu"
}

# idle_failed I PID TEXT: an idle run could not measure: stop the client
# (PID, if still running) and the server, and record why.
idle_failed() {
	[ -n "$2" ] && kill_now "$2"
	kill_now "$SERVER_PID"
	echo "  run $1: FAILED: not measured"
	failed "idle run $1" "$3"
}

# --- (3) the server's start --------------------------------------------------------

# The connect loop: opens the gate FIFO (the server waits on it), takes the
# time, lets the server go, and tries to connect, pausing 0.1 ms, until it can;
# prints, in milliseconds since then, when the connect that succeeded
# returned, the number of attempts, when the last refused one and the one that
# succeeded began (the port began to listen after the first and before the
# second returned), or why it gave up.
# shellcheck disable=SC2016 # perl's variables, not the shell's
CONNECT_PL='
use strict;
use Socket;
use Time::HiRes qw(time sleep);
my ($gate, $port, $pid, $bound) = @ARGV;
$SIG{ALRM} = sub { print "timeout\n"; exit 1 };
alarm $bound;
my $addr = sockaddr_in($port, inet_aton("127.0.0.1"));
open(my $g, ">", $gate) or die "$gate: $!";
select((select($g), $| = 1)[0]);
my $t0 = time;
print $g "go\n";
close $g;
my $refused = 0;
for (my $tries = 1; ; $tries++) {
	socket(my $s, PF_INET, SOCK_STREAM, 0) or die "socket: $!";
	my $begun = time;
	if (connect($s, $addr)) {
		my $t1 = time;
		close $s;
		printf "%.6f %d %.6f %.6f\n", ($t1 - $t0) * 1000, $tries, $refused, ($begun - $t0) * 1000;
		exit 0;
	}
	$refused = ($begun - $t0) * 1000;
	close $s;
	if (!kill(0, $pid)) { print "ended\n"; exit 1 }
	sleep 0.0001;
}
'

# startup_run I: the server's time from exec to a listening port.
startup_run() {
	local what="startup run $1" t0 t1 result n elapsed tries refused begun words err
	RUN=$WORKDIR/startup$1
	mkdir -p "$RUN"
	PORT=${FIXED_PORT:-$(free_port)}
	command_for server
	if [ -n "$PERL" ]; then
		mkfifo "$RUN/gate" || fail_setup "mkfifo failed"
		launch server /dev/null "$RUN/gate"
		SERVER_PID=$LAUNCHED
		result=$(perl -e "$CONNECT_PL" "$RUN/gate" "$PORT" "$SERVER_PID" "$BOUND")
		case $result in
		timeout | ended | '')
			end_pid "$SERVER_PID" 0
			echo "  run $1: FAILED: not measured"
			words=$(describe_status "$STATUS")
			err=$(one_line "$RUN/server.err")
			failed "$what" "the server did not listen on port $PORT (${result:-perl failed}; $words): $err"
			return
			;;
		esac
		read -r elapsed tries refused begun <<<"$result"
		if [ "$tries" = 1 ]; then
			printf '  run %d: %7.2f ms  (the first connect, begun at %.2f ms, succeeded)\n' "$1" "$elapsed" "$begun"
		else
			printf '  run %d: %7.2f ms  (%d connects; the last refused began at %.2f ms, the one that succeeded at %.2f)\n' "$1" "$elapsed" "$tries" "$refused" "$begun"
		fi
		echo "$elapsed" >>"$WORKDIR/startup.ms"
		# The server accepted the loop's connection and read its end: this
		# also shows the listener was the server, not a program that took
		# the port first.
		end_pid "$SERVER_PID" "$BOUND"
		check_end server "$what" "$STATUS" "client closed"
	else
		n=$(polls "$BOUND")
		tries=0
		refused=""
		clock t0
		launch server /dev/null
		SERVER_PID=$LAUNCHED
		while [ "$n" -gt 0 ] && kill -0 "$SERVER_PID" 2>/dev/null; do
			clock begun
			tries=$((tries + 1))
			port_listening && break
			refused=$begun
			n=$((n - 1))
		done
		clock t1
		if ! port_listening; then
			end_pid "$SERVER_PID" 0
			echo "  run $1: FAILED: not measured"
			words=$(describe_status "$STATUS")
			err=$(one_line "$RUN/server.err")
			failed "$what" "the server did not listen on port $PORT ($words): $err"
			return
		fi
		elapsed=$(ms "$t0" "$t1")
		if [ -z "$refused" ]; then
			printf '  run %d: %7.2f ms  (the first look saw it)\n' "$1" "$elapsed"
		else
			refused=$(ms "$t0" "$refused")
			printf '  run %d: %7.2f ms  (%d looks; the last that did not see it began at %.2f ms)\n' "$1" "$elapsed" "$tries" "$refused"
		fi
		echo "$elapsed" >>"$WORKDIR/startup.ms"
		kill_now "$SERVER_PID"
	fi
}

# --- the measurements ----------------------------------------------------------------

# each_run MEASUREMENT: MEASUREMENT 1, MEASUREMENT 2, ... up to RUNS.
each_run() {
	local i=1
	while [ "$i" -le "$RUNS" ]; do
		"$1" "$i"
		i=$((i + 1))
	done
}

# machine: what the numbers were measured on.
machine() {
	local cpus model system
	cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || sysctl -n hw.ncpu 2>/dev/null || echo "?")
	if [ -r /proc/cpuinfo ]; then
		model=$(awk -F ': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
	else
		model=$(sysctl -n machdep.cpu.brand_string 2>/dev/null || sysctl -n hw.model 2>/dev/null)
	fi
	system=$(uname -srm)
	echo "machine: $system, $cpus CPUs${model:+, $model}"
}

CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
begin_run checks # the failed checks, for print_verdict
CHECKS=$RUN

awk -v n="$LINES" 'BEGIN { for (i = 1; i <= n; i++) print "data" i; print "shutdown" }' >"$WORKDIR/lines"
awk -v n="$LINES" 'BEGIN { for (i = 1; i <= n; i++) printf "data%d", i }' >"$WORKDIR/expected"
EXPECTED_BYTES=$(wc -c <"$WORKDIR/expected" | tr -d ' ')

echo
machine
[ -n "${GO_VERSION:-}" ] && echo "go: $GO_VERSION"
shown_server=$(shown server)
shown_client=$(shown client)
echo "server: $shown_server"
echo "client: $shown_client"
echo "$RUNS run(s) of each measurement, on $HOST; the median is shown"

echo
echo "=== throughput: $LINES lines (data1 .. data$LINES, then shutdown) from a file into the client"
each_run throughput_run

echo
echo "=== idle: the client's CPU time over $IDLE s, its stdin at EOF (</dev/null), the server silent"
if [ -r "/proc/$$/stat" ]; then
	echo "    (user + system time from /proc/PID/stat, in 1/$CLK_TCK s; from ${SETTLE} s after it connects)"
else
	echo "    (ps -o time=; from ${SETTLE} s after it connects)"
fi
each_run idle_run

echo
echo "=== startup: the server's time from exec to a listening port"
if [ -n "$PERL" ]; then
	echo "    (connect attempts to $HOST, pausing 0.1 ms between them; the server accepts the one that succeeds, sees it close and ends)"
else
	echo "    (no perl: $STATE_TOOL polled for the port in LISTEN, one look after the other)"
fi
if [ -z "$PERL" ] && [ "$STATE_TOOL" = none ]; then
	echo "  not measured: it needs perl, ss or netstat"
else
	each_run startup_run
fi

RUN=$CHECKS
echo
echo "=== medians of $RUNS run(s)"
if [ -s "$WORKDIR/throughput.ms" ]; then
	passed=$(wc -l <"$WORKDIR/throughput.ms" | tr -d ' ')
	elapsed=$(median "$WORKDIR/throughput.ms")
	rate=$(median "$WORKDIR/throughput.rate")
	printf 'throughput  %.1f ms for %d lines: %d lines/s' "$elapsed" "$LINES" "$rate"
	if [ "$passed" != "$RUNS" ]; then echo "  (of the $passed run(s) that passed)"; else echo; fi
else
	echo "throughput  no run passed its checks"
fi
if [ -s "$WORKDIR/idle.cpu" ]; then
	cpu=$(median "$WORKDIR/idle.cpu")
	printf 'idle        %.2f s CPU in %s s with stdin at EOF\n' "$cpu" "$IDLE"
fi
if [ -s "$WORKDIR/startup.ms" ]; then
	elapsed=$(median "$WORKDIR/startup.ms")
	printf 'startup     %.2f ms from exec to a listening port\n' "$elapsed"
fi

if [ "$FAILED" = 0 ]; then
	print_verdict "every byte came back, and both programs ended as expected, in every run" "what the benchmark expects"
else
	print_verdict "$FAILED check(s) failed" "what the benchmark expects"
fi
