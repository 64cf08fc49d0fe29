//go:build !linux

package kernel

import (
	"fmt"
	"runtime"

	"graceclose/scripts/lang"
)

// instance is Linux's tracefs instance; other systems have none.
type instance struct{}

// stop has nothing to stop.
func (*instance) stop() error { return nil }

// RemoveIdle has no instances to remove here.
func RemoveIdle() error { return nil }

// errNotLinux is why there are no kernel events here: tracefs is Linux's
// (other systems have DTrace, which the lab does not read).
var errNotLinux = fmt.Errorf(lang.Mark("the kernel's events are read through Linux's tracefs, which %s does not have"), runtime.GOOS)

// Available reports whether the kernel's TCP events can be read here: not
// on this system.
func Available() (ok bool, why string) { return false, errNotLinux.Error() }

// Watch would watch the kernel's TCP events for port: it says why it
// cannot on this system.
func Watch(port int) (*Watcher, error) {
	if err := checkPort(port); err != nil {
		return nil, err
	}
	return nil, errNotLinux
}
