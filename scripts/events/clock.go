package events

import (
	"time"

	"golang.org/x/sys/unix"
)

// Now reads CLOCK_MONOTONIC, the clock the programs, the lab and tracefs
// ("mono") share.
func Now() Mono {
	var ts unix.Timespec
	if err := unix.ClockGettime(clockMonotonic, &ts); err != nil {
		// Every system the lab runs on has CLOCK_MONOTONIC.
		panic("clock_gettime(CLOCK_MONOTONIC): " + err.Error())
	}
	return Mono(ts.Nano())
}

// Clock converts the wall clock, which packet captures are stamped with,
// into CLOCK_MONOTONIC. The offset between the two is measured when the
// Clock is made, as the narrowest of a few back-to-back readings, so a
// converted time is off by at most that width (microseconds) unless the
// wall clock is stepped during the run.
type Clock struct {
	offset time.Duration // wall - mono
	Width  time.Duration // the uncertainty of offset
}

// NewClock measures the offset between the wall clock and CLOCK_MONOTONIC.
func NewClock() Clock {
	best := Clock{Width: time.Hour}
	for range 5 {
		before := Now()
		wall := time.Now().UnixNano()
		after := Now()
		if width := after.Sub(before); width < best.Width {
			mid := before + (after-before)/2
			best = Clock{offset: time.Duration(wall) - time.Duration(mid), Width: width}
		}
	}
	return best
}

// FromWall converts a wall-clock time to CLOCK_MONOTONIC.
func (c Clock) FromWall(t time.Time) Mono {
	return Mono(time.Duration(t.UnixNano()) - c.offset)
}

// ToWall converts a CLOCK_MONOTONIC reading to the wall clock.
func (c Clock) ToWall(m Mono) time.Time {
	return time.Unix(0, int64(time.Duration(m)+c.offset))
}
