package proctest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// listening reports whether process pid has a socket listening on TCP port:
// a LISTEN (0A) line for the port in /proc/net/tcp or tcp6 whose inode is one
// of the process's descriptors.
func listening(pid, port int) bool {
	inodes := socketInodes(pid)
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		f, err := os.Open(table)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) < 10 || fields[3] != "0A" {
				continue
			}
			colon := strings.LastIndexByte(fields[1], ':')
			p, err := strconv.ParseUint(fields[1][colon+1:], 16, 16)
			if err == nil && int(p) == port && inodes[fields[9]] {
				f.Close()
				return true
			}
		}
		f.Close()
	}
	return false
}

func socketInodes(pid int) map[string]bool {
	inodes := map[string]bool{}
	dir := fmt.Sprintf("/proc/%d/fd", pid)
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		link, err := os.Readlink(filepath.Join(dir, e.Name()))
		if err == nil && strings.HasPrefix(link, "socket:[") {
			inodes[strings.TrimSuffix(strings.TrimPrefix(link, "socket:["), "]")] = true
		}
	}
	return inodes
}
