// Command seqdiagram draws one TCP connection of the lesson's experiments
// as an ASCII sequence diagram, from a packet capture and the programs'
// logs: the client's lifeline on the left, the server's on the right, one
// arrow per segment in time order (`SYN`, `ACK`, `PSH 5 "data1"`, `FIN`,
// `RST`), and beside each lifeline, at their times, what was typed, what the
// program printed, and its -trace lines with the socket's TCP state.
// scripts/wire.sh runs an experiment and calls it.
//
// Usage:
//
//	seqdiagram -capture FILE [-port N] [-title TEXT] [-expect close|shutdown] [LOG...]
//
// The capture is the text tcpdump writes with -nn -tt -l -X (-X for the
// payloads; without it the arrows give lengths only):
//
//	tcpdump -i lo -nn -tt -l -X 'tcp port 43211' > capture.txt
//
// The logs are scripts/lib.sh's, a line each "TIME<tab>TAG<tab>TEXT"; a
// tag starting with "client." or "server." says whose line it is, others
// are left out. With -expect, it then checks the arrows against the
// lesson's diagram for that experiment, says so in one line, and exits 1
// when they differ.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	capture := flag.String("capture", "", "tcpdump's output, -nn -tt -l -X (required)")
	port := flag.Int("port", 0, "the server's port (default: the port the first SYN goes to)")
	title := flag.String("title", "", "a title above the diagram")
	expect := flag.String("expect", "", "check the arrows against the lesson's diagram: close or shutdown")
	flag.Parse()
	if *capture == "" || (*expect != "" && *expect != "close" && *expect != "shutdown") {
		fmt.Fprintln(os.Stderr, "usage: seqdiagram -capture FILE [-port N] [-title TEXT] [-expect close|shutdown] [LOG...]")
		os.Exit(2)
	}
	d, err := load(*capture, *port, flag.Args())
	if err != nil {
		fail(err)
	}
	d.Title = *title
	if err := d.Render(os.Stdout); err != nil {
		fail(err)
	}
	if *expect != "" {
		if err := d.Check(*expect); err != nil {
			fmt.Printf("wire: differs from the lesson's %s diagram: %v\n", *expect, err)
			os.Exit(1)
		}
		fmt.Printf("wire: as the lesson's %s diagram: %s\n", *expect, lessonSays[*expect])
	}
}

// load reads the capture and the logs and picks the connection.
func load(capture string, port int, logPaths []string) (*Diagram, error) {
	f, err := os.Open(capture)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	segs, err := ParseCapture(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", capture, err)
	}
	var logs [][]LogLine
	for _, path := range logPaths {
		lines, err := readLog(path)
		if err != nil {
			return nil, err
		}
		logs = append(logs, lines)
	}
	return NewDiagram(segs, port, sideLines(logs, "client"), sideLines(logs, "server"))
}

func readLog(path string) ([]LogLine, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	lines, err := ParseLog(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return lines, nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "seqdiagram:", err)
	os.Exit(1)
}
