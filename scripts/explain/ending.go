package explain

import (
	"strconv"
	"strings"

	"graceclose/scripts/lang"
)

// Ending says how a program ended, from the engine's words for it ("exit
// 1", "killed by SIGPIPE", "stopped by the lab") and its status as a shell
// shows it: "exit 1", "killed by SIGPIPE (status 141)".
func Ending(p *lang.Printer, ending string, status int) string {
	if code, ok := strings.CutPrefix(ending, "exit "); ok {
		return p.T("exit %s", code)
	}
	if sig, ok := strings.CutPrefix(ending, "killed by "); ok {
		return p.T("killed by %s (status %d)", sig, status)
	}
	if ending == "stopped by the lab" {
		return p.Words("stopped by the lab")
	}
	return ending
}

// Note says what the lab saw or did, from the engine's words for it
// ("listening on 127.0.0.1:4000", "dies of SIGPIPE", "quiet: done"); words
// it does not know are kept as they are.
func Note(p *lang.Printer, text string) string {
	if rest, ok := strings.CutPrefix(text, "listening on "); ok {
		return p.T("listening on %s", rest)
	}
	if rest, ok := strings.CutPrefix(text, "dies of "); ok {
		return p.T("dies of %s", rest)
	}
	if sig, ok := strings.CutSuffix(text, " caught: the program's handler runs"); ok {
		return p.T("%s caught: the program's handler runs", sig)
	}
	if rest, ok := strings.CutPrefix(text, "quiet: watching for "); ok {
		return p.T("quiet: watching for %s", rest)
	}
	if text == "quiet: done" {
		return p.Words("quiet: done")
	}
	if rest, ok := strings.CutPrefix(text, "fault: "); ok {
		return p.T("fault: %s", rest)
	}
	if n, ok := strings.CutSuffix(text, " bytes wait unread in the receive queue"); ok {
		if count, err := strconv.Atoi(n); err == nil {
			return p.T("%d bytes wait unread in the receive queue", count)
		}
	}
	if rest, ok := strings.CutPrefix(text, "printed "); ok {
		if i := strings.LastIndex(rest, " on "); i >= 0 {
			if stream, ok := strings.CutSuffix(rest[i+len(" on "):], ", which never reached it"); ok {
				return p.T("printed %s on %s, which never reached it", rest[:i], stream)
			}
		}
	}
	return text
}
