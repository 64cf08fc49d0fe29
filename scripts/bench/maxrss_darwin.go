package bench

import "syscall"

// maxRSS is the peak resident memory in ru, in KiB: macOS gives bytes.
func maxRSS(ru *syscall.Rusage) int64 { return int64(ru.Maxrss) / 1024 }
