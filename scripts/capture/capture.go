// Package capture records the packets of one experiment with tcpdump into
// a pcap file, which a learner can open in Wireshark, and reads them back as
// events on the lab's one clock, CLOCK_MONOTONIC: each TCP segment an
// events.Event of kind Segment.
//
// tcpdump stamps packets with the wall clock; a Capture measures the offset
// between the wall clock and CLOCK_MONOTONIC when it starts (events.Clock)
// and moves every stamp by it, so that a segment sorts among the programs'
// and the kernel's events by when it happened. The file is parsed here, not
// tcpdump's text: the text changes between versions and drops bytes.
package capture

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"

	"graceclose/scripts/events"
)

// Options say what to capture, where, and how to run tcpdump.
type Options struct {
	Iface   string   // the interface: LoopbackInterface(), or a veth inside a network namespace
	Port    int      // capture `tcp port Port` only
	Path    string   // the pcap file to write; name it *.pcap (Ubuntu's AppArmor profile lets tcpdump write those anywhere)
	Command []string // a prefix to run tcpdump under, e.g. {"ip", "netns", "exec", "graceclose-client"}; nil: none

	// Quiet is how long Stop waits for no new packet before it stops
	// tcpdump; 0 means DefaultQuiet.
	Quiet time.Duration
}

// Time limits. Each wait is bounded: the lab must end even when tcpdump or
// the network misbehaves.
const (
	// DefaultQuiet is longer than Linux's longest delayed ACK (200 ms),
	// so that the ACK of a FIN, which may trail the FIN, is in.
	DefaultQuiet = 250 * time.Millisecond
	// settleMax bounds the whole wait for quiet: a connection that keeps
	// sending (a retransmitting peer) must not hold Stop.
	settleMax = 2 * time.Second
	// startTimeout bounds the wait for tcpdump to say it is listening.
	startTimeout = 5 * time.Second
	// stopTimeout is how long tcpdump gets to write out and exit after
	// SIGINT before it is killed.
	stopTimeout = 2 * time.Second
	// pollEvery is how often Stop looks at the file's size.
	pollEvery = 10 * time.Millisecond
)

// Capture is a running tcpdump writing one experiment's packets.
type Capture struct {
	opts   Options
	clock  events.Clock // measured when tcpdump started
	cmd    *exec.Cmd
	stderr *stderrWatch

	exited  chan struct{} // closed once tcpdump has been waited for
	waitErr error         // how it ended, set before exited is closed
	killed  bool          // Stop had to SIGKILL it

	once sync.Once
	segs []events.Event
	err  error
}

// Start runs `tcpdump -i IFACE -nn -U --immediate-mode -w PATH
// --time-stamp-precision=nano 'tcp port N'` (under opts.Command, if set;
// as root on Linux with -Z root too, see credentialArgs) and returns once
// tcpdump says it is listening, so that no packet sent
// after Start returns is missed. Where nanosecond stamps are refused it runs
// again with tcpdump's default, microseconds. -U and --immediate-mode make
// tcpdump write each packet to the file as it comes, which Stop relies on to
// tell when the wire has gone quiet. If tcpdump fails or does not start
// listening within a few seconds, the error carries what it said.
//
// tcpdump runs in the lab's own network namespace unless opts.Command
// enters another: Start forks it from a goroutine of its own, so a setns
// made by the calling goroutine does not apply.
func Start(opts Options) (*Capture, error) {
	switch {
	case opts.Iface == "":
		return nil, errors.New("capture: no interface")
	case opts.Port < 1 || opts.Port > 65535:
		return nil, fmt.Errorf("capture: port %d is not a TCP port", opts.Port)
	case opts.Path == "":
		return nil, errors.New("capture: no file to write")
	}
	return start(opts, fmt.Sprintf("tcp port %d", opts.Port))
}

// start runs tcpdump with a filter, with nanosecond stamps if it can.
func start(opts Options, filter string) (*Capture, error) {
	c, err := launch(opts, filter, true)
	if err != nil && nanoRefused(err.Error()) {
		c, err = launch(opts, filter, false)
	}
	return c, err
}

// nanoRefused tells whether tcpdump refused nanosecond stamps: an interface
// that cannot give them ("Can't set nanosecond time stamp precision"), or a
// tcpdump older than the option.
func nanoRefused(msg string) bool {
	return strings.Contains(msg, "time stamp precision") || strings.Contains(msg, "time-stamp-precision")
}

func launch(opts Options, filter string, nano bool) (*Capture, error) {
	args := []string{"-i", opts.Iface, "-nn", "-U", "--immediate-mode", "-w", opts.Path}
	args = append(args, credentialArgs()...)
	if nano {
		args = append(args, "--time-stamp-precision=nano")
	}
	args = append(args, filter)
	name := "tcpdump"
	if len(opts.Command) > 0 {
		name = opts.Command[0]
		args = append(append(append([]string{}, opts.Command[1:]...), "tcpdump"), args...)
	}
	c := &Capture{opts: opts, stderr: newStderrWatch(), exited: make(chan struct{})}
	c.cmd = exec.Command(name, args...)
	c.cmd.Stderr = c.stderr
	c.cmd.SysProcAttr = procAttr()
	// If tcpdump leaves a child holding its stderr, Wait still returns.
	c.cmd.WaitDelay = time.Second
	c.clock = events.NewClock()
	if err := startProcess(c.cmd); err != nil {
		if errors.Is(err, exec.ErrNotFound) {
			return nil, fmt.Errorf("%s is not installed: %v", name, err)
		}
		return nil, fmt.Errorf("starting tcpdump: %v", err)
	}
	go func() {
		c.waitErr = c.cmd.Wait()
		close(c.exited)
	}()
	select {
	case <-c.stderr.listening:
		return c, nil
	case <-c.exited:
		return nil, fmt.Errorf("tcpdump could not capture on %s: %s", opts.Iface, c.said())
	case <-time.After(startTimeout):
		c.kill()
		return nil, fmt.Errorf("tcpdump did not start capturing on %s within %v: %s", opts.Iface, startTimeout, c.said())
	}
}

// startProcess forks from a new goroutine, which runs on a thread no
// goroutine has locked: Linux sends the parent-death signal (procAttr) when
// the forking thread ends, and only a locked thread ever ends.
func startProcess(cmd *exec.Cmd) error {
	done := make(chan error)
	go func() { done <- cmd.Start() }()
	return <-done
}

// said is what tcpdump wrote on stderr, or how it ended if it wrote nothing.
func (c *Capture) said() string {
	if text := c.stderr.String(); text != "" {
		return text
	}
	select {
	case <-c.exited:
		if c.waitErr != nil {
			return c.waitErr.Error()
		}
		return "it exited without a word"
	default:
		return "it said nothing"
	}
}

// Stop waits until no new packet has been written for opts.Quiet (at most
// a couple of seconds in all), stops tcpdump with SIGINT so that it writes
// out what it holds, kills it if it has not exited a moment later, and
// returns the segments in the file. Calling it again returns the same. No
// tcpdump is left running after it, whatever happened.
func (c *Capture) Stop() ([]events.Event, error) {
	c.once.Do(func() {
		c.settle()
		c.interrupt()
		c.segs, c.err = c.read()
	})
	return c.segs, c.err
}

// settle returns once the file has not grown for the quiet time, tcpdump
// has exited, or settleMax has passed.
func (c *Capture) settle() {
	quiet := c.opts.Quiet
	if quiet <= 0 {
		quiet = DefaultQuiet
	}
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	start := time.Now()
	size, grew := c.size(), start
	for time.Since(grew) < quiet && time.Since(start) < settleMax {
		select {
		case <-c.exited:
			return
		case <-tick.C:
		}
		if s := c.size(); s != size {
			size, grew = s, time.Now()
		}
	}
}

func (c *Capture) size() int64 {
	fi, err := os.Stat(c.opts.Path)
	if err != nil {
		return -1
	}
	return fi.Size()
}

// interrupt sends tcpdump SIGINT, and SIGKILL if it is still running after
// stopTimeout; it returns once tcpdump has been waited for.
func (c *Capture) interrupt() {
	select {
	case <-c.exited:
		return
	default:
	}
	_ = c.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-c.exited:
	case <-time.After(stopTimeout):
		c.kill()
	}
}

// kill ends tcpdump at once and waits for it.
func (c *Capture) kill() {
	c.killed = true
	_ = c.cmd.Process.Kill()
	<-c.exited
}

// read parses the file tcpdump wrote, and says how tcpdump ended if it did
// not end as asked.
func (c *Capture) read() ([]events.Event, error) {
	var ended error
	if c.killed {
		ended = fmt.Errorf("tcpdump did not exit within %v of SIGINT and was killed", stopTimeout)
	} else if c.waitErr != nil {
		ended = fmt.Errorf("tcpdump on %s ended: %v: %s", c.opts.Iface, c.waitErr, c.stderr.String())
	}
	f, err := os.Open(c.opts.Path)
	if err != nil {
		return nil, errors.Join(ended, err)
	}
	defer f.Close()
	segs, err := ReadPcap(f, c.clock)
	if err != nil {
		err = fmt.Errorf("%s: %w", c.opts.Path, err)
	}
	return segs, errors.Join(ended, err)
}
