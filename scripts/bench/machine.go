package bench

import (
	"fmt"
	"runtime"

	"golang.org/x/sys/unix"
)

// Machine describes what the numbers were measured on: "Linux 6.18.44
// x86_64, 2 CPUs, Intel(R) Xeon(R) Processor".
func Machine() string {
	var u unix.Utsname
	system := runtime.GOOS + " " + runtime.GOARCH
	if unix.Uname(&u) == nil {
		system = fmt.Sprintf("%s %s %s", unix.ByteSliceToString(u.Sysname[:]), unix.ByteSliceToString(u.Release[:]), unix.ByteSliceToString(u.Machine[:]))
	}
	text := fmt.Sprintf("%s, %d CPUs", system, runtime.NumCPU())
	if model := cpuModel(); model != "" {
		text += ", " + model
	}
	return text
}
