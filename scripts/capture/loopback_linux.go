package capture

// LoopbackInterface is the loopback interface's name: "lo" on Linux.
func LoopbackInterface() string { return "lo" }
