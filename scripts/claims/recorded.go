package claims

// The verdicts recorded for each system: "holds" or "does not hold", by
// "EXPERIMENT/CLAIM". Linux's were measured with claims.sh (Linux 6.x,
// default sysctls); macOS's and the BSDs' are only those whose outcome is
// certain (POSIX's reference count, the TCP state machine, SO_LINGER 0).
// Any other is "unrecorded": shown, never a failure.
var recorded = map[string]map[string]string{
	"linux": {
		"lesson-close/lesson.close-rst":       holds,
		"lesson-shutdown/lesson.shut-wr":      holds,
		"close-idle/lesson.close-fin":         holds,
		"close-idle/blog.close-rst":           doesNotHold,
		"close-unread/lesson.close-fin":       doesNotHold,
		"close-unread/blog.close-rst":         holds,
		"abort/comment.linger":                holds,
		"exit/lesson.exit-fin":                holds,
		"dupclose/lesson.close-refcount":      holds,
		"dup-shutdown/lesson.shutdown-fin":    holds,
		"shut-rd/lesson.shut-rd-queued":       doesNotHold,
		"shut-rd/lesson.shut-rd-new":          doesNotHold,
		"shut-rd/lesson.shut-rd-eof":          holds,
		"shut-rd/blog.shut-rd-rst":            doesNotHold,
		"shut-rd/windows.sd-receive":          doesNotHold,
		"shut-rdwr/blog.shut-rdwr-rst":        doesNotHold,
		"shut-rdwr/lesson.shut-rd-new":        doesNotHold,
		"half-close/rerun.states":             holds,
		"half-close/windows.states":           holds,
		"close-wait/rerun.close-wait":         holds,
		"accept-queue/blog.backlog-rst":       doesNotHold,
		"close-nosignal/manual.nosignal":      holds,
		"abort-after-fins/passt.abort-no-rst": holds,
		"lost-fin/rfc.fin-resent":             holds,
		"lost-rst/lesson.sigpipe-rst":         holds,
		"linger-cut/manual.linger-blocks":     holds,
	},
	"bsd": {
		"lesson-close/lesson.close-rst":    holds,
		"lesson-shutdown/lesson.shut-wr":   holds,
		"close-idle/lesson.close-fin":      holds,
		"close-idle/blog.close-rst":        doesNotHold,
		"abort/comment.linger":             holds,
		"exit/lesson.exit-fin":             holds,
		"dupclose/lesson.close-refcount":   holds,
		"dup-shutdown/lesson.shutdown-fin": holds,
		"half-close/rerun.states":          holds,
		"half-close/windows.states":        holds,
		"close-wait/rerun.close-wait":      holds,
	},
}

// The verdicts.
const (
	holds       = "holds"
	doesNotHold = "does not hold"
	unrecorded  = "unrecorded"
	notMeasured = "not measured"
	// Skipped: the experiment needs what this machine or user lacks
	// (two hosts, the kernel's events): shown with the reason, never a
	// failure.
	Skipped = "skipped"
)

// Recorded is the verdict recorded for the claim on the system (GOOS),
// with overrides (by "EXPERIMENT/CLAIM") replacing any: the tests use them
// to check that a contradiction fails.
func Recorded(goos, id string, overrides map[string]string) string {
	if v, ok := overrides[id]; ok {
		return v
	}
	family := goos
	switch goos {
	case "darwin", "freebsd", "openbsd", "netbsd", "dragonfly":
		family = "bsd"
	}
	if v, ok := recorded[family][id]; ok {
		return v
	}
	return unrecorded
}
