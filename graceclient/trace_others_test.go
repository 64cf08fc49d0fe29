//go:build !linux

package main

// statesTraced: elsewhere the tests check the traced events only (macOS
// reads states with TCP_CONNECTION_INFO, but its kernel's timing differs).
const statesTraced = false
