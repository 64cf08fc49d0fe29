//go:build !linux

package proctest

import (
	"os/exec"
	"strconv"
	"strings"
)

// listening reports whether something listens on TCP port, from netstat
// (there is no /proc to tie the socket to pid).
func listening(pid, port int) bool {
	out, err := exec.Command("netstat", "-an", "-p", "tcp").Output()
	if err != nil {
		return false
	}
	suffix := "." + strconv.Itoa(port)
	for _, line := range strings.Split(string(out), "\n") {
		fields := strings.Fields(line)
		if len(fields) >= 6 && strings.Contains(line, "LISTEN") && strings.HasSuffix(fields[3], suffix) {
			return true
		}
	}
	return false
}
