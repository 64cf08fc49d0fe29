#!/usr/bin/env bash
# Records the kernel's events for the parse tests (see README.md), as root on
# Linux: each experiment runs the real programs on loopback while a private
# tracefs instance, filtered to the experiment's ports, records them on the
# monotonic clock. Run from the repository's root: scripts/kernel/testdata/record.sh
set -euo pipefail

out=$(cd "$(dirname "$0")" && pwd)
tracefs=/sys/kernel/tracing
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/" ./graceclient ./graceserver
[[ -d $tracefs/instances ]] || mount -t tracefs nodev "$tracefs"

# start_instance NAME PORT...: a private buffer, on CLOCK_MONOTONIC, with the
# four events the package reads, filtered in the kernel by port where the
# event has port fields (tcp_send_reset has none).
start_instance() {
	local dir=$tracefs/instances/$1 filter="" port
	shift
	for port in "$@"; do filter+="${filter:+ || }sport == $port || dport == $port"; done
	mkdir "$dir"
	echo mono >"$dir/trace_clock"
	echo 1024 >"$dir/buffer_size_kb"
	echo "protocol == 6 && ($filter)" >"$dir/events/sock/inet_sock_set_state/filter"
	echo "$filter" >"$dir/events/tcp/tcp_receive_reset/filter"
	echo "$filter" >"$dir/events/tcp/tcp_retransmit_skb/filter"
	for event in sock/inet_sock_set_state tcp/tcp_send_reset tcp/tcp_receive_reset tcp/tcp_retransmit_skb; do
		echo 1 >"$dir/events/$event/enable"
	done
}

# stop_instance NAME FILE: the whole buffer, as tracefs's trace file shows it.
stop_instance() {
	echo 0 >"$tracefs/instances/$1/tracing_on"
	cat "$tracefs/instances/$1/trace" >"$out/$2"
	rmdir "$tracefs/instances/$1"
}

# experiment PORT ADDRESS COMMAND: the lesson's experiment at a fast pace:
# data1, data2, then close or shutdown; the server answers after 0.3 s.
experiment() {
	"$bin/graceserver" -addr "$2" -port "$1" -delay 0.3s >/dev/null 2>&1 &
	local server=$!
	sleep 0.2 # the server is listening (the trace shows it: CLOSE -> LISTEN first)
	{ echo data1; sleep 0.05; echo data2; sleep 0.05; echo "$3"; } |
		"$bin/graceclient" -port "$1" -sleep 0.5s "$2" >/dev/null 2>&1 || true
	wait "$server" || true
}

record() { # FILE PORT ADDRESS COMMAND
	start_instance "record-$2" "$2"
	experiment "$2" "$3" "$4"
	stop_instance "record-$2" "$1"
}

case ${1:-all} in
all)
	record close.trace 45111 127.0.0.1 close
	record shutdown.trace 45112 127.0.0.1 shutdown
	record close-ipv6.trace 45113 ::1 close
	record shutdown-ipv6.trace 45114 ::1 shutdown
	unshare -n "$0" retransmit
	start_instance record-parallel 45117 45118
	experiment 45117 127.0.0.1 close &
	experiment 45118 127.0.0.1 shutdown &
	wait
	stop_instance record-parallel parallel.trace
	start_instance record-45119 45119
	"$bin/graceclient" -port 45119 127.0.0.1 >/dev/null 2>&1 || true # refused: no server
	stop_instance record-45119 refused.trace
	# lost: a buffer of one page per CPU, 200 connections, then the first
	# lines of trace_pipe, which start with the kernel's count of lost events.
	dir=$tracefs/instances/record-lost
	mkdir "$dir"
	echo mono >"$dir/trace_clock"
	echo 1 >"$dir/buffer_size_kb"
	echo "protocol == 6 && (sport == 45116 || dport == 45116)" >"$dir/events/sock/inet_sock_set_state/filter"
	echo 1 >"$dir/events/sock/inet_sock_set_state/enable"
	go run ./scripts/kernel/testdata/connections 45116 200
	awk 'NR <= 8 { print } NR == 8 { exit }' "$dir/trace_pipe" >"$out/lost.trace_pipe"
	rmdir "$dir"
	;;
retransmit)
	# In a private network namespace: the client's end drops the server's
	# first data segment ("Hi, data1") once, so the server retransmits it
	# after its retransmission timeout. Dropped on input: a drop on output
	# is an error TCP sees at once and sends again as new data.
	ip link set lo up
	nft -f - <<-EOF
		table inet lab {
			chain in {
				type filter hook input priority 0;
				tcp sport 45115 tcp flags & psh == psh quota until 100 bytes drop
			}
		}
	EOF
	record retransmit.trace 45115 127.0.0.1 shutdown
	;;
esac
