package engine

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"

	"graceclose/scripts/events"
	"graceclose/scripts/scenario"
)

// watchStates starts following the TCP states of the connection's two
// ends: through the kernel's own events where the Lab can read them (each
// change at its instant, the ones the kernel makes on its own too), else by
// reading the kernel's table every Poll (a change is seen up to Poll late,
// and one shorter than Poll can be missed: the timeline says so).
func (r *run) watchStates() {
	if r.kernel != nil || r.pollStop != nil {
		return
	}
	if r.lab.Capture != nil && r.capture == nil {
		c, err := r.lab.Capture(r.port)
		if err != nil {
			r.notSeen = append(r.notSeen, r.T("the packets: %s", r.reword(err)))
		} else {
			r.capture = c
		}
	}
	if r.lab.Kernel != nil {
		w, err := r.lab.Kernel(r.port)
		if err == nil {
			r.kernel = w
			r.statesFrom = r.T("the kernel's own events (tracefs), each at its instant")
			return
		}
		r.notSeen = append(r.notSeen, r.T("the kernel's events: %s", r.reword(err)))
	}
	if runtime.GOOS != "linux" {
		r.statesFrom = r.T("%s, read when the lab acts and when a program ends", stateSource)
		return
	}
	r.statesFrom = r.T("%s, read every %v: a change shows up to %v late, and a state shorter than that can be missed",
		stateSource, r.lab.poll(), r.lab.poll())
	r.pollStop, r.pollDone = make(chan struct{}), make(chan struct{})
	go r.pollStates()
}

// pollStates reads the kernel's table until told to stop, and records each
// change of state of every end of every connection to the port.
func (r *run) pollStates() {
	defer close(r.pollDone)
	last := map[string]Socket{}
	tick := time.NewTicker(r.lab.poll())
	defer tick.Stop()
	for {
		r.pollOnce(last)
		select {
		case <-r.pollStop:
			r.pollOnce(last)
			return
		case <-tick.C:
		}
	}
}

// pollOnce reads the table once: each end seen in a new state, and each
// end no longer listed ("none"), is a change.
func (r *run) pollOnce(last map[string]Socket) {
	sockets, err := r.sockets()
	if err != nil {
		return
	}
	now := events.Now()
	seen := map[string]bool{}
	for _, s := range sockets {
		if s.State == "LISTEN" {
			continue
		}
		key := s.Local.String() + ">" + s.Remote.String()
		seen[key] = true
		before, ok := last[key]
		if !ok && s.State == "TIME_WAIT" {
			// First seen in TIME_WAIT: an earlier run's connection on
			// the same port, not this run's.
			continue
		}
		from := "none"
		if ok {
			from = before.State
		}
		if from == s.State {
			continue
		}
		r.add(events.Event{At: now, Kind: events.StateChanged, Who: r.endOf(s), From: from, State: s.State,
			Local: s.Local, Remote: s.Remote, Source: "proc"})
		last[key] = s
	}
	for key, s := range last {
		if !seen[key] {
			r.add(events.Event{At: now, Kind: events.StateChanged, Who: r.endOf(s), From: s.State, State: "none",
				Local: s.Local, Remote: s.Remote, Source: "proc"})
			delete(last, key)
		}
	}
}

// endOf says whose end of a connection a socket is: the server's when it
// uses the server's port, else the client's.
func (r *run) endOf(s Socket) string {
	if int(s.Local.Port()) == r.port {
		return "server"
	}
	return "client"
}

// stopWatching stops following the states, and keeps what the kernel said.
func (r *run) stopWatching() {
	if r.pollStop != nil {
		close(r.pollStop)
		<-r.pollDone
		r.pollStop = nil
	}
	if r.kernel != nil {
		evs, err := r.kernel.Stop()
		if err != nil {
			r.notSeen = append(r.notSeen, r.T("the kernel's events: %s", r.reword(err)))
		}
		r.mu.Lock()
		r.events = append(r.events, evs...)
		r.mu.Unlock()
		r.kernel = nil
	}
	if r.capture != nil {
		evs, err := r.capture.Stop()
		if err != nil {
			r.notSeen = append(r.notSeen, r.T("the packets: %s", r.reword(err)))
		}
		for i := range evs {
			evs[i].Who = "client"
			if int(evs[i].Local.Port()) == r.port {
				evs[i].Who = "server"
			}
		}
		r.mu.Lock()
		r.events = append(r.events, evs...)
		r.mu.Unlock()
		r.capture = nil
	}
}

// snapshot reads both ends' states now, labelled.
func (r *run) snapshot(label string) {
	sockets, err := r.sockets()
	now := events.Now()
	if err != nil {
		r.notSeen = append(r.notSeen, r.T("the states %s: %v", label, err))
		return
	}
	client, server := r.ends(sockets)
	var table []events.Socket
	for _, s := range sockets {
		table = append(table, events.Socket{Local: s.Local, Remote: s.Remote, State: s.State, Unread: s.Unread})
	}
	r.add(events.Event{At: now, Kind: events.Snapshot, Text: label, Client: client.State, Server: server.State,
		Sockets: table, Ends: [2]events.Socket{asEvent(client), asEvent(server)}, Source: "proc"})
}

// waitQueued waits until who's end of the connection holds at least
// st.Count unread bytes.
func (r *run) waitQueued(ctx context.Context, st scenario.Step) error {
	deadline := time.Now().Add(r.lab.bound())
	for {
		sockets, err := r.sockets()
		if err != nil {
			return fmt.Errorf("cannot read the %s's receive queue: %v", st.Who, err)
		}
		client, server := r.ends(sockets)
		end := client
		if st.Who == "server" {
			end = server
		}
		if end.Unread >= st.Count {
			r.add(events.Event{At: events.Now(), Kind: events.Note, Who: st.Who, Source: "proc",
				Text: fmt.Sprintf("%d bytes wait unread in the receive queue", end.Unread)})
			return nil
		}
		if time.Now().After(deadline) {
			return errors.New(r.T("the %s's receive queue did not reach %d bytes within %v (it holds %d)", r.who(st.Who), st.Count, r.lab.bound(), end.Unread))
		}
		if !Sleep(ctx, 2*time.Millisecond) {
			return nil
		}
	}
}

// ends picks the run's connection from the sockets using its port: the
// first client's socket, found by its inode among the client's
// descriptors while it runs (another run's connection on the same port may
// linger in TIME_WAIT), then by the addresses it had; and the server's end
// of the same connection.
func (r *run) ends(sockets []Socket) (client, server Socket) {
	r.mu.Lock()
	key := r.connection
	p := r.programs["client"]
	r.mu.Unlock()
	if !key.IsValid() && p != nil && !p.ended() {
		owned := socketInodes(p.cmd.Process.Pid)
		for _, s := range sockets {
			if int(s.Remote.Port()) == r.port && owned[s.Inode] {
				key = s.Local
				r.mu.Lock()
				r.connection = key
				r.mu.Unlock()
				break
			}
		}
	}
	if !key.IsValid() {
		return ends(sockets, r.port, 0)
	}
	return ends(sockets, r.port, int(key.Port()))
}

func asEvent(s Socket) events.Socket {
	return events.Socket{Local: s.Local, Remote: s.Remote, State: s.State, Unread: s.Unread}
}
