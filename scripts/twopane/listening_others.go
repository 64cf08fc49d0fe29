//go:build !linux

package twopane

import (
	"os/exec"
	"strconv"
	"strings"
)

// listening reports whether a TCP socket listens on port, from netstat
// (macOS, the BSDs); true when netstat cannot be run (the client then
// finds out).
func listening(port int) bool {
	out, err := exec.Command("netstat", "-an", "-p", "tcp").Output()
	if err != nil {
		if out, err = exec.Command("netstat", "-an").Output(); err != nil {
			return true
		}
	}
	suffix := "." + strconv.Itoa(port)
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) >= 6 && strings.HasPrefix(f[0], "tcp") && f[5] == "LISTEN" && strings.HasSuffix(f[3], suffix) {
			return true
		}
	}
	return false
}
