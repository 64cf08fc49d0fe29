//go:build !linux

package capture

// LoopbackInterface is the loopback interface's name: "lo0" on macOS and
// the BSDs.
func LoopbackInterface() string { return "lo0" }
