//go:build !linux

package bench

import "graceclose/scripts/lang"

// startClean starts the program as a child of the bench. On the BSDs and
// macOS a forked child does not start with its parent's resident pages
// counted, so ru_maxrss is the program's own.
var startClean = startDirect

var cleanLaunch = lang.Mark("(each program started by the lab)")
