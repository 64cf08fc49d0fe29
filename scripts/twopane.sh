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
# usage: scripts/twopane.sh [close|shutdown] [--fast] [--sigpipe MODE] [--check] [--port N] [--keep]
#
#   close           the close experiment (the default)
#   shutdown        the shutdown experiment
#   --fast          the server replies after 1s instead of the lesson's 5s,
#                   and lines are typed at once rather than key by key
#   --sigpipe MODE  run the server with -sigpipe MODE (default, ignore,
#                   custom); --check then expects that mode's outcome
#   --check         run tmux detached, then print both panes side by side,
#                   compare them with the lesson's transcripts and say so
#                   (the default when not run from a terminal)
#   --port N        the server's port (default: a free one)
#   --keep          keep the logs (each pane's text) and print their folder
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
# exit status: 0 both panes show the lesson's transcripts (or, from a
# terminal, the session was set up; or tmux is missing); 1 a pane differs
# (the verdict says how: a reply too many, the port in use...); 2 bad usage;
# 3 it could not run (build failed, tmux failed); 130 interrupted.

# lib.sh sets LC_ALL=C for the script's own tools; your tmux client gets back
# your locale (UTF-8 borders, your keyboard's characters).
USER_LC_ALL=${LC_ALL:-}

. "$(cd "$(dirname "$0")" && pwd)/legacy-lib.sh"

EXPERIMENT=""
CHECK=0
while [ $# -gt 0 ]; do
	case $1 in
	close | shutdown)
		[ -z "$EXPERIMENT" ] || [ "$EXPERIMENT" = "$1" ] || usage_error "one experiment at a time: close or shutdown"
		EXPERIMENT=$1
		shift
		;;
	--sigpipe | --sigpipe=*)
		sigpipe_flag "$@"
		shift "$SHIFT_BY"
		;;
	--check)
		CHECK=1
		shift
		;;
	[!-]*) usage_error "unknown experiment: $1: want close or shutdown" ;;
	*)
		common_flag "$@"
		shift "$SHIFT_BY"
		;;
	esac
done
[ -n "$EXPERIMENT" ] || EXPERIMENT=close

if ! command -v tmux >/dev/null 2>&1; then
	echo "$SCRIPT_NAME: tmux is not installed: it shows the two terminals side by side."
	echo "  Install it (Debian, Ubuntu: sudo apt-get install tmux; Fedora: sudo dnf install tmux;"
	echo "  macOS: brew install tmux), then run $0 again; or follow the lesson by hand in"
	echo "  two terminals, as README.md shows."
	exit 0
fi
if [ "$CHECK" = 0 ] && { [ ! -t 0 ] || [ ! -t 1 ]; }; then
	echo "(not run from a terminal: --check)"
	CHECK=1
fi

# --- tmux ------------------------------------------------------------------------

TMUX_SOCKET=""   # --check: the private server's socket
TMUX_SOCKDIR=""  # its folder, when WORKDIR's path is too long for a socket
TMUX_SERVER=""   # --check: the private server's pid
CLEANUP=""        # kill-session or kill-window: what to end if the script
CLEANUP_TARGET="" # ends before the learner has it; and its target
SERVER_PANE=""    # the panes' ids (%N)
CLIENT_PANE=""
KEY_PACE=0.03    # seconds between two keys typed (--fast: a line at once)
[ "$FAST" = 1 ] && KEY_PACE=0
# The panes' shell: bash without rc files, history file or inputrc, with the
# prompt "$ ", so that what it shows is only what is typed and printed.
PANE_SHELL="env PS1='\$ ' PS0= PROMPT_COMMAND= INPUTRC=/dev/null HISTFILE= bash --norc --noprofile"

# tm ARGS...: tmux, on the private socket with --check (no config file, and
# never the tmux this script may run in); otherwise your own tmux, in your
# locale.
tm() {
	if [ -n "$TMUX_SOCKET" ]; then
		TMUX="" tmux -f /dev/null -S "$TMUX_SOCKET" "$@"
	else
		LC_ALL=$USER_LC_ALL tmux "$@"
	fi
}

# end_tmux (the AT_EXIT of lib.sh's on_exit): with --check, end the private
# tmux server, which ends the panes' shells and what runs in them (SIGHUP),
# and wait for it to be gone; otherwise end the session (or window) if the
# script ends before handing it over.
# shellcheck disable=SC2317 # called by on_exit (AT_EXIT)
end_tmux() {
	local n
	if [ -n "$TMUX_SOCKET" ]; then
		tm kill-server >/dev/null 2>&1
		if [ -n "$TMUX_SERVER" ]; then
			n=$(polls 3)
			while [ "$n" -gt 0 ] && kill -0 "$TMUX_SERVER" 2>/dev/null; do
				nap "$POLL"
				n=$((n - 1))
			done
			kill -KILL "$TMUX_SERVER" 2>/dev/null
		fi
		[ -n "$TMUX_SOCKDIR" ] && rm -rf "$TMUX_SOCKDIR"
	elif [ -n "$CLEANUP" ]; then
		tm "$CLEANUP" -t "$CLEANUP_TARGET" >/dev/null 2>&1
	fi
}

# The panes' text: capture-pane, each line without its trailing blanks
# (where tmux keeps them), wrapped lines joined (-J), so that a long command
# line in a narrow pane is still one line.

# capture PANE: what the pane shows, from the start of its history.
capture() {
	tm capture-pane -p -J -S - -t "$1" 2>/dev/null
}

# screen PANE: what the pane shows, without trailing blanks and empty rows.
screen() {
	capture "$1" | awk '
		{ sub(/[ \t]+$/, ""); row[NR] = $0; if ($0 != "") last = NR }
		END { for (i = 1; i <= last; i++) print row[i] }'
}

# shows PANE LINE COUNT: whether the pane shows the line LINE (trailing
# blanks aside) COUNT times at least.
shows() {
	capture "$1" | awk -v line="$2" -v want="$3" '
		{ sub(/[ \t]+$/, "") } $0 == line { n++ } END { exit !(n >= want) }'
}

# ended PANE LINE: whether the shell's prompt is back after the line LINE (a
# command typed in the pane): the command has ended.
ended() {
	capture "$1" | awk -v line="$2" '
		{ sub(/[ \t]+$/, "") }
		$0 == line { seen = NR }
		$0 != "" { last = $0; at = NR }
		END { exit !(seen && at > seen && last == "$") }'
}

# wait_pane WHAT SECONDS ARGS...: poll WHAT (shows or ended) with ARGS until
# it holds; 1 after SECONDS.
wait_pane() {
	local what=$1 n
	n=$(polls "$2")
	shift 2
	while [ "$n" -gt 0 ]; do
		"$what" "$@" && return 0
		nap "$POLL"
		n=$((n - 1))
	done
	return 1
}

# wait_prompt PANE: wait for the pane's shell to show its first prompt.
wait_prompt() {
	local n
	n=$(polls "$BOUND")
	while [ "$n" -gt 0 ]; do
		shows "$1" "\$" 1 && return 0
		nap "$POLL"
		n=$((n - 1))
	done
	return 1
}

# type_keys PANE TEXT: type TEXT and Enter into the pane, a key at a time at
# a person's pace (with --fast, the whole line at once).
type_keys() {
	local pane=$1 text=$2 i=0 key
	if [ "$KEY_PACE" = 0 ]; then
		tm send-keys -t "$pane" -l -- "$text"
	else
		while [ "$i" -lt "${#text}" ]; do
			key=${text:$i:1}
			[ "$key" = ";" ] && key="\\;" # tmux's command separator
			tm send-keys -t "$pane" -l -- "$key"
			nap "$KEY_PACE"
			i=$((i + 1))
		done
	fi
	tm send-keys -t "$pane" Enter
}

# listening: whether the server listens on PORT (always yes without ss or
# netstat: the client then retries its connection), or has ended.
# shellcheck disable=SC2317 # called by wait_pane
listening() {
	server_ended && return 0 # it will not: no need to wait
	[ "$STATE_TOOL" = none ] && return 0
	listens "$PORT"
}

# server_ended: whether the server has ended (the prompt is back in its pane).
server_ended() {
	ended "$SERVER_PANE" "\$ $SERVER_CMD"
}

# ended_early: record that the server has ended too early, and its last line.
ended_early() {
	local last
	last=$(screen "$SERVER_PANE" | awk '{ before = last; last = $0 } END { print before }')
	differ "the server ended early; its last line: \"$last\""
}

# wait_shows PANE LINE COUNT: wait_pane shows, giving up at once if the
# server ends meanwhile (it cannot bind its port, it died): say so.
wait_shows() {
	local n
	n=$(polls "$BOUND")
	while [ "$n" -gt 0 ]; do
		shows "$@" && return 0
		if server_ended; then
			ended_early
			return 1
		fi
		nap "$POLL"
		n=$((n - 1))
	done
	return 1
}

# open_panes: the window, two panes side by side, titled, each with a shell
# at the repository's root. --check: a session of the private server;
# inside tmux: a new window of your session; else a new session.
open_panes() {
	local ids window
	if [ "$CHECK" = 1 ]; then
		TMUX_SOCKET=$WORKDIR/tmux.sock
		if [ "${#TMUX_SOCKET}" -gt 100 ]; then # a socket's path has a limit
			TMUX_SOCKDIR=$(mktemp -d "/tmp/graceclose.XXXXXX") || fail_setup "mktemp failed"
			TMUX_SOCKET=$TMUX_SOCKDIR/tmux.sock
		fi
		SESSION=graceclose-$EXPERIMENT
		ids=$(tm new-session -d -s "$SESSION" -n "$EXPERIMENT" -x 200 -y 50 -c "$ROOT" -P -F '#{window_id} #{pane_id}' "$PANE_SHELL") ||
			fail_setup "tmux new-session failed"
		TMUX_SERVER=$(tm display-message -p '#{pid}')
	elif [ -n "${TMUX:-}" ]; then
		SESSION=$(tm display-message -p '#{session_name}')
		ids=$(tm new-window -n "graceclose-$EXPERIMENT" -c "$ROOT" -P -F '#{window_id} #{pane_id}' "$PANE_SHELL") ||
			fail_setup "tmux new-window failed"
		CLEANUP=kill-window
		CLEANUP_TARGET=${ids% *}
	else
		SESSION=graceclose-$EXPERIMENT
		while tm has-session -t "=$SESSION" 2>/dev/null; do
			SESSION=graceclose-$EXPERIMENT-$RANDOM
		done
		window_size
		ids=$(tm new-session -d -s "$SESSION" -n "$EXPERIMENT" -x "$WINDOW_COLS" -y "$WINDOW_ROWS" -c "$ROOT" -P -F '#{window_id} #{pane_id}' "$PANE_SHELL") ||
			fail_setup "tmux new-session failed"
		CLEANUP=kill-session
		CLEANUP_TARGET="=$SESSION"
	fi
	window=${ids% *}
	SERVER_PANE=${ids#* }
	CLIENT_PANE=$(tm split-window -h -t "$SERVER_PANE" -c "$ROOT" -P -F '#{pane_id}' "$PANE_SHELL") ||
		fail_setup "tmux split-window failed"
	tm select-pane -t "$SERVER_PANE" -T graceserver
	tm select-pane -t "$CLIENT_PANE" -T "graceclient $HOST"
	tm set-window-option -t "$window" pane-border-status top >/dev/null
	tm set-window-option -t "$window" pane-border-format ' #{pane_title} ' >/dev/null
	HINT=$(leave_hint "$window")
	if [ "$CHECK" = 0 ] && [ -z "${TMUX:-}" ]; then
		tm set-option -t "$SESSION" status-right-length 100 >/dev/null
		tm set-option -t "$SESSION" status-right " $HINT " >/dev/null
	fi
	if ! wait_prompt "$SERVER_PANE" || ! wait_prompt "$CLIENT_PANE"; then
		fail_setup "the panes' shells did not show their prompt within ${BOUND}s"
	fi
}

# window_size sets WINDOW_COLS and WINDOW_ROWS, the size of a new session's
# window, to this terminal's size less the status line: the window then keeps
# its width when you attach, and the panes' shells never see their width
# change under a line being typed (bash redraws it wrongly). tmux's default,
# 80 by 23, where the size cannot be read.
WINDOW_COLS=80
WINDOW_ROWS=23
window_size() {
	local size rows cols
	size=$(stty size 2>/dev/null)
	rows=${size% *}
	cols=${size#* }
	case $rows$cols in
	'' | *[!0-9]*) return 0 ;;
	esac
	if [ "$rows" -gt 2 ] && [ "$cols" -gt 2 ]; then
		WINDOW_COLS=$cols
		WINDOW_ROWS=$((rows - 1))
	fi
	return 0
}

# wait_attached: wait until a tmux client shows the session (you have
# attached), and its window has the client's size: then the lesson is typed
# where you see it. 1 after BOUND seconds.
wait_attached() {
	local n
	n=$(polls "$BOUND")
	while [ "$n" -gt 0 ]; do
		tm list-clients -t "=$SESSION" -F '#{client_width}' 2>/dev/null | grep -q . &&
			tm display-message -p -t "$CLIENT_PANE" '#{window_width} #{client_width}' 2>/dev/null | awk '{ exit !($1 == $2) }' &&
			return 0
		nap "$POLL"
		n=$((n - 1))
	done
	return 1
}

# leave_hint WINDOW: how to leave, in a line, with your tmux's prefix key.
leave_hint() {
	local prefix
	prefix=$(tm show-options -gv prefix 2>/dev/null)
	case $prefix in
	C-?) prefix="Ctrl-${prefix#C-}" ;;
	'') prefix=Ctrl-b ;;
	esac
	if [ -n "${TMUX:-}" ] && [ "$CHECK" = 0 ]; then
		echo "$prefix & closes this window (tmux kill-window -t $1)"
	else
		echo "$prefix d to detach, tmux kill-session -t $SESSION to end"
	fi
}

# --- the lesson, typed -------------------------------------------------------------

# lesson: start both programs in their panes, type the lesson's lines, and
# echo $? in each pane once its program has ended. A step that does not
# happen in time is recorded (differ) and ends the typing.
lesson() {
	type_keys "$SERVER_PANE" "$SERVER_CMD"
	if ! wait_pane listening "$BOUND"; then
		differ "the server did not listen on $HOST:$PORT within ${BOUND}s"
		return 1
	fi
	if server_ended; then
		ended_early
		return 1
	fi
	type_keys "$CLIENT_PANE" "$CLIENT_CMD"
	pause "$PACE"
	type_keys "$CLIENT_PANE" data1
	if ! wait_shows "$SERVER_PANE" "received 5 bytes: data1" 1; then
		differ "the server's pane did not show \"received 5 bytes: data1\" within ${BOUND}s"
		return 1
	fi
	pause "$PACE"
	type_keys "$CLIENT_PANE" data2
	if ! wait_shows "$CLIENT_PANE" "send bytes: 5" 2; then
		differ "the client's pane did not show its second \"send bytes: 5 \" within ${BOUND}s"
		return 1
	fi
	pause "$PACE"
	if shows "$SERVER_PANE" "send bytes: 9" 1; then
		differ "$EXPERIMENT was typed after the server's first reply (its -delay $DELAY was too short for this machine)"
	fi
	type_keys "$CLIENT_PANE" "$EXPERIMENT"
	echo_status "$SERVER_PANE" "$SERVER_CMD" server
	echo_status "$CLIENT_PANE" "$CLIENT_CMD" client
}

# echo_status PANE COMMAND NAME: once COMMAND has ended in PANE, type echo $?
# there and wait for its answer.
echo_status() {
	if ! wait_pane ended "$BOUND" "$1" "\$ $2"; then
		differ "the $3 was still running ${BOUND}s after $EXPERIMENT was typed"
		return 1
	fi
	type_keys "$1" "echo \$?"
	wait_pane ended "$BOUND" "$1" "\$ echo \$?" || differ "the $3's pane did not answer echo \$? within ${BOUND}s"
}

# want_panes: the lesson's transcripts of both panes, from lib.sh's
# lesson_outcome, into WANT_SERVER_PANE and WANT_CLIENT_PANE: what each
# program printed, what was typed in between, and echo $?.
want_panes() {
	local first second rest
	if [ "$EXPERIMENT" = close ]; then lesson_outcome "close/$SIGPIPE_MODE"; else lesson_outcome shutdown; fi
	WANT_SERVER_PANE=$(lines "\$ $SERVER_CMD" "$WANT_SERVER_OUT")
	[ -n "$WANT_SERVER_ERR" ] && WANT_SERVER_PANE=$(lines "$WANT_SERVER_PANE" "$WANT_SERVER_ERR")
	WANT_SERVER_PANE=$(lines "$WANT_SERVER_PANE" "\$ echo \$?" "$WANT_SERVER_STATUS" "\$")
	first=$(printf '%s\n' "$WANT_CLIENT_OUT" | sed -n '1,2p')
	second=$(printf '%s\n' "$WANT_CLIENT_OUT" | sed -n '3,4p')
	rest=$(printf '%s\n' "$WANT_CLIENT_OUT" | sed -n '5,$p')
	WANT_CLIENT_PANE=$(lines "\$ $CLIENT_CMD" data1 "$first" data2 "$second" "$EXPERIMENT")
	[ -n "$rest" ] && WANT_CLIENT_PANE=$(lines "$WANT_CLIENT_PANE" "$rest")
	[ -n "$WANT_CLIENT_ERR" ] && WANT_CLIENT_PANE=$(lines "$WANT_CLIENT_PANE" "$WANT_CLIENT_ERR")
	WANT_CLIENT_PANE=$(lines "$WANT_CLIENT_PANE" "\$ echo \$?" "$WANT_CLIENT_STATUS" "\$")
}

# SIDE_BY_SIDE_AWK: two files, printed side by side under two titles.
# shellcheck disable=SC2016 # awk's variables, not the shell's
SIDE_BY_SIDE_AWK='
	NR == FNR { left[FNR] = $0; if (length($0) > w) w = length($0); nl = FNR; next }
	{ right[FNR] = $0; nr = FNR }
	END {
		if (w < length(lt)) w = length(lt)
		rule = ""; for (i = 0; i < w; i++) rule = rule "-"
		printf "%-" w "s | %s\n", lt, rt
		printf "%s-+-%s\n", rule, substr(rule rule, 1, 24)
		n = nl > nr ? nl : nr
		for (i = 1; i <= n; i++) {
			line = sprintf("%-" w "s | %s", left[i], right[i])
			sub(/ +$/, "", line)
			print line
		}
	}'

# side_by_side LEFT RIGHT: the files LEFT and RIGHT side by side.
side_by_side() {
	awk -v lt="graceserver" -v rt="graceclient $HOST" "$SIDE_BY_SIDE_AWK" "$1" "$2"
}

# status_after PANE_FILE: the answer to the last echo $? in the pane's text
# ("" if none).
status_after() {
	awk 'prev == "$ echo $?" { s = $0 } { prev = $0 } END { print s }' "$1"
}

# words_before PANE_FILE: the pane's last line before the last echo $?
# (what the program printed last, or what was typed last).
words_before() {
	awk '$0 == "$ echo $?" { w = prev } { prev = $0 } END { print w }' "$1"
}

# describe_pane NAME FILE: how the program in the pane ended, in words.
describe_pane() {
	local status words replies
	status=$(status_after "$2")
	words=$(words_before "$2")
	if [ "$1" = client ]; then
		replies=$(grep -c '^Hi, ' "$2")
		printf '%s of 2 replies, ' "$replies"
		case $words in
		close | shutdown | data1 | data2 | 'send bytes: '* | 'now sending '* | 'Hi, '* | '') ;;
		*) printf '"%s", ' "$words" ;;
		esac
	else
		case $words in
		'$ '* | '') ;;
		*) printf '"%s", ' "$words" ;;
		esac
	fi
	case $status in
	'') echo "no exit status (still running, or echo \$? not typed)" ;;
	*[!0-9]*) echo "echo \$? says \"$status\"" ;;
	*) describe_status "$status" ;;
	esac
}

# compare NAME FILE WANT: compare the pane's text with the transcript WANT;
# record the differences (diff -u) if any.
compare() {
	printf '%s\n' "$3" | sed 's/[[:space:]]*$//' >"$RUN/$1.want"
	cmp -s "$RUN/$1.want" "$2" && return 0
	differ "the $1's pane is not the lesson's transcript (- the lesson, + the pane):"
	diff -u "$RUN/$1.want" "$2" | sed -e '1,2d' -e 's/^/    /' >>"$RUN/differences"
}

# check_panes: both panes' text side by side, compared with the lesson's
# transcripts; the verdict. Returns 1 if a pane differs.
check_panes() {
	local server client title against
	screen "$SERVER_PANE" >"$RUN/server.pane"
	screen "$CLIENT_PANE" >"$RUN/client.pane"
	echo
	side_by_side "$RUN/server.pane" "$RUN/client.pane"
	want_panes
	compare server "$RUN/server.pane" "$WANT_SERVER_PANE"
	compare client "$RUN/client.pane" "$WANT_CLIENT_PANE"
	server=$(describe_pane server "$RUN/server.pane")
	client=$(describe_pane client "$RUN/client.pane")
	title=$EXPERIMENT
	against="the lesson's transcript in both panes"
	if [ "$SIGPIPE_MODE" != default ]; then
		title="$EXPERIMENT, -sigpipe $SIGPIPE_MODE"
		against="the transcript with -sigpipe $SIGPIPE_MODE in both panes"
	fi
	print_verdict "$title: server pane: $server; client pane: $client" "$against"
}

# --- main ----------------------------------------------------------------------------

apply_timing
make_workdir
AT_EXIT=end_tmux
build_programs
begin_run "$EXPERIMENT"
PORT=${FIXED_PORT:-$(free_port)}
SERVER_CMD="build/graceserver -addr $HOST -port $PORT"
[ "$FAST" = 1 ] && SERVER_CMD="$SERVER_CMD -delay $DELAY"
[ "$SIGPIPE_MODE" != default ] && SERVER_CMD="$SERVER_CMD -sigpipe $SIGPIPE_MODE"
CLIENT_CMD="build/graceclient -port $PORT"
[ "$STATE_TOOL" = none ] && CLIENT_CMD="$CLIENT_CMD -retry 5s" # see listening
[ "$FAST" = 1 ] && [ "$EXPERIMENT" = close ] && CLIENT_CMD="$CLIENT_CMD -sleep $SLEEP"
CLIENT_CMD="$CLIENT_CMD $HOST"

open_panes
echo
echo "=== $EXPERIMENT in two panes, as in two terminals: graceserver on the left, graceclient on the right"
echo "server\$ $SERVER_CMD"
echo "client\$ $CLIENT_CMD"
echo "typing data1, data2 and $EXPERIMENT into the client's pane; the server replies after $DELAY"

if [ "$CHECK" = 1 ]; then
	lesson
	check_panes
	exit
fi

if [ -n "${TMUX:-}" ]; then
	# Inside tmux: the new window is on your screen; type from here.
	if ! lesson; then
		cat "$RUN/differences"
	fi
	CLEANUP=""
	tm display-message -d 0 -t "$CLIENT_PANE" "done: $HINT" 2>/dev/null ||
		tm display-message -t "$CLIENT_PANE" "done: $HINT"
	echo "done: $HINT"
	exit 0
fi

# Outside tmux: type from the background while you watch, attached. The
# session is yours from now on, even if this script is killed.
(
	if ! wait_attached; then
		: # not attached (yet): type all the same, the session is there to attach to
	fi
	if lesson; then
		tm display-message -t "$CLIENT_PANE" "done: $HINT"
	else
		why=$(tr '\n' ' ' <"$RUN/differences")
		tm display-message -t "$CLIENT_PANE" "stopped:$why"
	fi
) >/dev/null 2>&1 &
typist=$!
track_pid "$typist"
CLEANUP=""
# attach-session also fails when the session is ended while attached (tmux
# kill-server): that is you leaving, not a terminal tmux cannot use.
if ! tm attach-session -t "=$SESSION" && tm has-session -t "=$SESSION" 2>/dev/null; then
	tm kill-session -t "=$SESSION" 2>/dev/null
	fail_setup "tmux could not attach to this terminal (TERM=${TERM:-}); try: $0 --check"
fi
if kill -0 "$typist" 2>/dev/null; then
	echo "(you left before the end: the typing stopped)"
fi
if tm has-session -t "=$SESSION" 2>/dev/null; then
	echo "the session is still there: tmux attach -t $SESSION; to end it: tmux kill-session -t $SESSION"
fi
exit 0
