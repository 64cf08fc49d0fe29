package capture

import (
	"strings"
	"sync"
)

// maxStderr bounds what is kept of tcpdump's standard error: its messages
// are a few lines; a tool gone wrong must not fill the lab's memory.
const maxStderr = 16 << 10

// stderrWatch is tcpdump's standard error: it keeps the text, to say why
// tcpdump failed, and closes listening once tcpdump has said it is
// capturing ("listening on lo, link-type EN10MB ..."), which it prints after
// the filter is set and the file is open, right before it starts reading
// packets.
type stderrWatch struct {
	mu        sync.Mutex
	text      strings.Builder
	listening chan struct{}
	heard     bool
}

func newStderrWatch() *stderrWatch {
	return &stderrWatch{listening: make(chan struct{})}
}

// Write is called by os/exec with what tcpdump writes on its stderr.
func (w *stderrWatch) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if room := maxStderr - w.text.Len(); room > 0 {
		w.text.Write(p[:min(len(p), room)])
	}
	if !w.heard && strings.Contains(w.text.String(), "listening on ") {
		w.heard = true
		close(w.listening)
	}
	return len(p), nil
}

// String is what tcpdump wrote, trimmed, its lines joined with "; " so
// that it fits in one error line.
func (w *stderrWatch) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	var lines []string
	for line := range strings.SplitSeq(w.text.String(), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "; ")
}
