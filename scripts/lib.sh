# shellcheck shell=bash
# lib.sh: what the scripts in this folder share. Each script is a recipe: its
# header says what it shows, and its experiments are written out in
# scenarios/ as transcripts (what runs, what is typed when, what each side
# prints). The machinery that runs them (processes, clocks, the kernel's
# events, drawing) is the lab, a Go program in lab/; the last line of a
# script hands it the job:
#
#   . "$(dirname "$0")/lib.sh"
#   run_lab "$@"
#
# run_lab builds the lab into build/ (quietly: the lab then builds the two
# programs, and says so) and runs it with the script's name and arguments.

set -u

# run_lab ARGS...: build the lab and run it in this script's place (the
# tests give one already built, GRACECLOSE_LAB).
run_lab() {
	local root build tmp
	[ -z "${GRACECLOSE_LAB:-}" ] || exec "$GRACECLOSE_LAB" "$0" "$@"
	root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
	build=$root/build
	command -v go >/dev/null 2>&1 || {
		echo "$(basename "$0"): go is not installed: it builds the programs (https://go.dev/dl/)" >&2
		exit 3
	}
	mkdir -p "$build" || exit 3
	# Into a folder of its own, then renamed into place: two scripts
	# building at once never run a half-written lab.
	tmp=$(mktemp -d "$build/.building.XXXXXX") || exit 3
	if ! (cd "$root" && go build -o "$tmp/lab" ./scripts/lab); then
		rm -rf "$tmp"
		echo "$(basename "$0"): go build ./scripts/lab failed" >&2
		exit 3
	fi
	mv -f "$tmp/lab" "$build/lab" && rmdir "$tmp" || exit 3
	exec "$build/lab" "$0" "$@"
}
