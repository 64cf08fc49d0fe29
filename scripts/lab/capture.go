package main

import (
	"fmt"
	"os/exec"
	"path/filepath"

	"graceclose/scripts/capture"
	"graceclose/scripts/engine"
)

// canCapture finds out once whether packets can be captured here (root
// and tcpdump): then every experiment captures its own, kept as a .pcap
// beside the logs with --keep, for Wireshark.
func (j *job) canCapture() bool {
	if j.captureChecked {
		return j.captureWhy == ""
	}
	j.captureChecked = true
	if ok, why := capture.Available(capture.LoopbackInterface()); !ok {
		j.captureWhy = j.lang.Reword(why)
	}
	return j.captureWhy == ""
}

// captureFor returns the Lab's capture for the run named name: tcpdump on
// the loopback interface, into the run's folder of logs.
func (j *job) captureFor(name string) func(port int) (engine.Capture, error) {
	if !j.canCapture() {
		return nil
	}
	return func(port int) (engine.Capture, error) {
		dir, err := j.runDir(name)
		if err != nil {
			return nil, err
		}
		return capture.Start(capture.Options{Iface: capture.LoopbackInterface(), Port: port, Path: filepath.Join(dir, "capture.pcap")})
	}
}

// tcpdumpLine is the capture as a learner would run it.
func tcpdumpLine(port string) string {
	return fmt.Sprintf("sudo tcpdump -i %s -nn 'tcp port %s'", capture.LoopbackInterface(), port)
}

// installTcpdump installs tcpdump where it is missing, as root on Debian
// or Ubuntu (wire.sh's promise), and says so.
func (j *job) installTcpdump() {
	if _, err := exec.LookPath("tcpdump"); err == nil {
		return
	}
	if _, err := exec.LookPath("apt-get"); err != nil || !isRoot() {
		return
	}
	j.say("$ apt-get install tcpdump   (tcpdump is not installed)")
	for _, args := range [][]string{{"update", "-qq"}, {"install", "-y", "-qq", "--no-install-recommends", "tcpdump"}} {
		cmd := exec.CommandContext(j.ctx, "apt-get", args...)
		cmd.Env = append(cmd.Environ(), "DEBIAN_FRONTEND=noninteractive")
		_ = cmd.Run()
	}
	j.captureChecked = false
}
