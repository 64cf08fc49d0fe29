//go:build !linux

package netlab

import (
	"strings"
	"testing"
)

// TestNotLinux: without Linux, Available says why, and New fails saying it.
func TestNotLinux(t *testing.T) {
	ok, why := Available()
	if ok || !strings.Contains(why, "Linux network namespaces") {
		t.Errorf("Available() = %v, %q; want false and why", ok, why)
	}
	if n, err := New(); n != nil || err == nil || !strings.Contains(err.Error(), why) {
		t.Errorf("New() = %v, %v; want nil and an error saying %q", n, err, why)
	}
}
