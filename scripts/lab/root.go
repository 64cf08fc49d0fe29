package main

import "os"

// isRoot reports whether the lab runs as root.
func isRoot() bool { return os.Geteuid() == 0 }
