package main

import "graceclose/scripts/engine"

// kernelWatch reads the kernel's events for a port; nil until package
// kernel is in.
var kernelWatch func(port int) (engine.KernelWatch, error)
