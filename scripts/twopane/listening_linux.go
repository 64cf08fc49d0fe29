package twopane

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// listening reports whether a TCP socket listens on port, from the
// kernel's tables, which every user may read; true when none can be read
// (the client then finds out).
func listening(port int) bool {
	read := false
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		f, err := os.Open(table)
		if err != nil {
			continue
		}
		read = true
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			// "sl local_address rem_address st ...": LISTEN is 0A.
			fields := strings.Fields(sc.Text())
			if len(fields) < 4 || fields[3] != "0A" {
				continue
			}
			_, hex, _ := strings.Cut(fields[1], ":")
			if p, err := strconv.ParseUint(hex, 16, 16); err == nil && int(p) == port {
				f.Close()
				return true
			}
		}
		f.Close()
	}
	return !read
}
