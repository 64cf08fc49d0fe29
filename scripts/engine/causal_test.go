package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"graceclose/scripts/events"
	"graceclose/scripts/kernel"
)

// causalRuns is how many times each of the lesson's experiments is run to
// check that the timeline puts causes before their effects.
const causalRuns = 50

// TestCausalOrder runs each of the lesson's experiments causalRuns times
// and checks, in every run, that the one clock puts every cause before its
// effect: the client prints "now sending data1" (before its write) before
// the server prints "received 5 bytes: data1" (after its read); the server
// calls send before the client prints the reply; what is typed comes before
// the call it makes, the call before the kernel's move (the FIN), and the
// FIN before the server's read of EOF and its "client closed".
func TestCausalOrder(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"close", "shutdown"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sc := loadScenario(t, name)
			var mu sync.Mutex
			failed := 0
			var wg sync.WaitGroup
			sem := make(chan struct{}, 25)
			for i := range causalRuns {
				wg.Add(1)
				sem <- struct{}{}
				go func() {
					defer wg.Done()
					defer func() { <-sem }()
					lab := testLab(t, map[string]string{"delay": "100ms", "sleep": "0"})
					lab.Pace = time.Millisecond
					lab.Kernel = testKernel
					// Without the kernel's events (not root), the order of
					// the states polled says nothing (causalProblems), and
					// 25 runs at once reading the kernel's table every 20 ms
					// would keep every CPU busy and starve the other tests:
					// read it about once a second.
					lab.Poll = time.Second
					res, err := lab.Run(context.Background(), sc)
					if err != nil {
						t.Error(err)
						return
					}
					if problems := causalProblems(name, res); len(problems) > 0 {
						mu.Lock()
						failed++
						if failed <= 3 {
							t.Errorf("%s, run %d: %s", name, i+1, strings.Join(problems, "; "))
						}
						mu.Unlock()
					}
				}()
			}
			wg.Wait()
			if failed > 0 {
				t.Errorf("%s: %d runs of %d put an effect before its cause", name, failed, causalRuns)
			}
		})
	}
}

// causalProblems lists the causes found after their effects in one run.
func causalProblems(name string, res *Result) []string {
	var out []string
	find := func(what string, match func(e events.Event) bool) (events.Event, bool) {
		for _, e := range res.Events {
			if match(e) {
				return e, true
			}
		}
		out = append(out, "no "+what)
		return events.Event{}, false
	}
	printed := func(who, stream, text string) func(events.Event) bool {
		return func(e events.Event) bool {
			return e.Kind == events.Printed && e.Who == who && e.Stream == stream && e.Text == text
		}
	}
	before := func(a, b events.Event, aWhat, bWhat string) {
		if a.At > b.At {
			out = append(out, fmt.Sprintf("%s (%s) came %v after %s (%s)", aWhat, a.Source, a.At.Sub(b.At), bWhat, b.Source))
		}
	}
	sending, ok1 := find("now sending data1", printed("client", "stdout", "now sending data1"))
	received, ok2 := find("received data1", printed("server", "stdout", "received 5 bytes: data1"))
	if ok1 && ok2 {
		before(sending, received, `the client's "now sending data1"`, `the server's "received 5 bytes: data1"`)
		for _, e := range []events.Event{sending, received} {
			if e.Source != "program" {
				out = append(out, fmt.Sprintf("%q was stamped by the %s, not by the program", e.Text, e.Source))
			}
		}
	}
	typed, ok1 := find("typed "+name, func(e events.Event) bool { return e.Kind == events.Typed && e.Text == name })
	call, ok2 := find(name+"()", func(e events.Event) bool { return e.Kind == events.Called && e.Who == "client" && e.Call == name })
	if ok1 && ok2 {
		before(typed, call, "> "+name, name+"()")
	}
	if fin, ok := firstOf(res, func(e events.Event) bool {
		return e.Kind == events.StateChanged && e.Who == "client" && e.From == "ESTABLISHED" && e.State == "FIN_WAIT1"
	}); ok && ok2 {
		before(call, fin, name+"()", "the kernel's FIN (ESTABLISHED -> FIN_WAIT1)")
		if peer, ok := firstOf(res, func(e events.Event) bool {
			return e.Kind == events.StateChanged && e.Who == "server" && e.State == "CLOSE_WAIT"
		}); ok {
			// Two moves seen by polling the kernel's table are each seen
			// some time after they happened, at most a poll apart: their
			// order says nothing. Only the kernel's own events do.
			if fin.Source == "tracefs" && peer.Source == "tracefs" {
				before(fin, peer, "the client's FIN", "the server's CLOSE_WAIT")
			}
			before(call, peer, name+"()", "the server's CLOSE_WAIT")
		}
	}
	if name != "shutdown" {
		return out
	}
	var sends []events.Event
	for _, e := range res.Events {
		if e.Kind == events.Called && e.Who == "server" && e.Call == "send" {
			sends = append(sends, e)
		}
	}
	for i, reply := range []string{"Hi, data1", "Hi, data2"} {
		got, ok := find(reply, printed("client", "stdout", reply))
		if ok && i < len(sends) {
			before(sends[i], got, fmt.Sprintf("the server's send #%d", i+1), fmt.Sprintf("the client's %q", reply))
		}
	}
	eof, ok1 := find("the server's read of EOF", func(e events.Event) bool {
		return e.Kind == events.Returned && e.Who == "server" && e.Call == "read" && e.Result == "EOF"
	})
	closed, ok2 := find("client closed", printed("server", "stderr", "client closed "))
	if ok1 && ok2 {
		before(eof, closed, "the server's read of EOF", `its "client closed"`)
		before(call, eof, "shutdown()", "the server's read of EOF")
	}
	return out
}

// firstOf is the first event that matches.
func firstOf(res *Result, match func(events.Event) bool) (events.Event, bool) {
	for _, e := range res.Events {
		if match(e) {
			return e, true
		}
	}
	return events.Event{}, false
}

// testKernel reads the kernel's own events where the tests can (root, on
// Linux), as the lab does; elsewhere the states are polled.
func testKernel(port int) (KernelWatch, error) {
	if ok, why := kernel.Available(); !ok {
		return nil, errors.New(why)
	}
	return kernel.Watch(port)
}
