package main

import (
	"errors"

	"graceclose/scripts/engine"
	"graceclose/scripts/kernel"
)

// kernelWatch reads the kernel's own events for a port (tracefs, as root
// on Linux); where that is not possible, the error says why, and the
// lab falls back to reading the kernel's table.
func kernelWatch(port int) (engine.KernelWatch, error) {
	if ok, why := kernel.Available(); !ok {
		return nil, errors.New(why)
	}
	return kernel.Watch(port)
}
