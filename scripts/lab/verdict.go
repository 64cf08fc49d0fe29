package main

import (
	"fmt"
	"strings"

	"graceclose/scripts/engine"
)

// summarize says in one line how one of the lesson's experiments ended,
// read from what happened: how many replies the client printed, how each
// side ended.
func summarize(experiment string, res *engine.Result) string {
	client, server := res.Program("client"), res.Program("server")
	replies := 0
	if client != nil {
		replies = strings.Count(string(client.Stdout), "Hi, ")
	}
	switch experiment {
	case "shutdown":
		if server != nil && client != nil && string(server.Stderr) == "client closed \n" && string(client.Stderr) == "server terminated \n" {
			return fmt.Sprintf("client received %d of 2 replies; server saw EOF and both sides closed", replies)
		}
		return fmt.Sprintf("client received %d of 2 replies; server %s; client %s", replies, describeEnd(server), describeEnd(client))
	case "sigint":
		return fmt.Sprintf("server %s; client received %d of 2 replies and %s", describeEnd(server), replies, describeEnd(client))
	}
	return fmt.Sprintf("client received %d of 2 replies; server %s", replies, describeEnd(server))
}

// describeEnd says how a program ended, from its status and its last
// words: "killed by SIGPIPE (status 141)", `exited 1 after "error write:
// Broken pipe (32)"`, `printed "received 2 datagrams" and exited 0`.
func describeEnd(o *engine.Outcome) string {
	switch {
	case o == nil:
		return "did not start"
	case o.Status < 0 || !strings.HasPrefix(o.Ending, "exit "):
		return o.EndingWords()
	}
	status := strings.TrimPrefix(o.Ending, "exit ")
	if last := lastLine(o.Lines("stderr")); last != "" {
		return fmt.Sprintf("exited %s after %q", status, last)
	}
	if last := lastLine(o.Lines("stdout")); strings.HasPrefix(last, "received ") && strings.HasSuffix(last, " datagrams") {
		return fmt.Sprintf("printed %q and exited %s", last, status)
	}
	return "exited " + status
}
