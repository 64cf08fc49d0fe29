//go:build !linux

package bench

import "golang.org/x/sys/unix"

// cpuModel is the processor's name, as sysctl gives it (macOS, then the
// BSDs).
func cpuModel() string {
	for _, name := range []string{"machdep.cpu.brand_string", "hw.model"} {
		if v, err := unix.Sysctl(name); err == nil && v != "" {
			return v
		}
	}
	return ""
}
