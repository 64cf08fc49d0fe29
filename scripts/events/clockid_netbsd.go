package events

// clockMonotonic is CLOCK_MONOTONIC, which golang.org/x/sys/unix does not
// name on NetBSD (sys/time.h: 3).
const clockMonotonic = 3
