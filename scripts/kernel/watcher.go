package kernel

import (
	"errors"
	"slices"
	"sync"

	"graceclose/scripts/events"
)

// Watcher watches the kernel's TCP events for one port; Watch makes one.
type Watcher struct {
	inst *instance // the private tracefs instance and its reader (Linux)

	mu      sync.Mutex
	evs     []events.Event // in time order
	readErr error          // the first line the reader could not use

	stopMu  sync.Mutex // Stop runs once, whoever calls it (the lab, its Ctrl-C path)
	stopped bool
	stopErr error
}

// Events returns the events seen so far, in order (safe to call while
// watching): the lab waits on them (e.g. "until the client's end is
// FIN_WAIT2").
func (w *Watcher) Events() []events.Event {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.evs)
}

// Stop ends the watch: it reads what is left, disables the events, keeps
// the instance, empty and off, for this process's next Watch (RemoveIdle
// removes it), and returns every event seen, in order.
// Safe to call twice, and from two goroutines at once: the second call
// waits for the first and returns the same.
func (w *Watcher) Stop() ([]events.Event, error) {
	w.stopMu.Lock()
	defer w.stopMu.Unlock()
	if !w.stopped {
		w.stopped = true
		w.stopErr = w.inst.stop()
	}
	w.mu.Lock()
	err := errors.Join(w.readErr, w.stopErr)
	w.mu.Unlock()
	return w.Events(), err
}
