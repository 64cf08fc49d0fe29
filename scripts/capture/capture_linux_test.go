package capture

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"graceclose/scripts/events"
)

// childEnv makes the test binary a lab that starts a capture and never
// stops it.
const childEnv = "GRACECLOSE_CAPTURE_CHILD"

// A lab killed without calling Stop (SIGKILL: no handler runs) leaves no
// tcpdump behind: the kernel sends tcpdump SIGINT (Pdeathsig), and tcpdump
// writes out a complete file before it exits.
func TestTcpdumpEndsWithTheLab(t *testing.T) {
	if path := os.Getenv(childEnv); path != "" {
		if _, err := Start(Options{Iface: LoopbackInterface(), Port: 9, Path: path}); err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		fmt.Println("listening")
		time.Sleep(time.Minute)
		os.Exit(1)
	}
	needCapture(t)
	path := filepath.Join(t.TempDir(), "run.pcap")
	lab := exec.Command(os.Args[0], "-test.run=^TestTcpdumpEndsWithTheLab$")
	lab.Env = append(os.Environ(), childEnv+"="+path)
	out, err := lab.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := lab.Start(); err != nil {
		t.Fatal(err)
	}
	defer lab.Process.Kill()
	line, _ := bufio.NewReader(out).ReadString('\n')
	if line != "listening\n" {
		t.Fatalf("the lab said %q; want listening", line)
	}
	if running := processesWith(t, path); len(running) == 0 {
		t.Fatal("no tcpdump running for the lab")
	}
	if err := lab.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = lab.Wait()
	deadline := time.Now().Add(5 * time.Second)
	for len(processesWith(t, path)) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("5s after the lab was killed: got %q; want no tcpdump left", processesWith(t, path))
		}
		time.Sleep(10 * time.Millisecond)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ReadPcap(bytes.NewReader(data), events.Clock{}); err != nil {
		t.Errorf("the file tcpdump left: %v; want a complete pcap file", err)
	}
}
