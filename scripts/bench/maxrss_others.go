//go:build !darwin

package bench

import "syscall"

// maxRSS is the peak resident memory in ru, in KiB, as Linux and the BSDs
// give it.
func maxRSS(ru *syscall.Rusage) int64 { return int64(ru.Maxrss) }
