package main

import (
	"strings"

	"graceclose/scripts/engine"
	"graceclose/scripts/explain"
	"graceclose/scripts/lang"
)

// summarize says in one line how one of the lesson's experiments ended,
// read from what happened: how many replies the client printed, how each
// side ended.
func summarize(p *lang.Printer, experiment string, res *engine.Result) string {
	client, server := res.Program("client"), res.Program("server")
	replies := 0
	if client != nil {
		replies = strings.Count(string(client.Stdout), "Hi, ")
	}
	switch experiment {
	case "shutdown":
		if server != nil && client != nil && string(server.Stderr) == "client closed \n" && string(client.Stderr) == "server terminated \n" {
			return p.T("client received %d of 2 replies; server saw EOF and both sides closed", replies)
		}
		return p.T("client received %d of 2 replies; server %s; client %s", replies, describeEnd(p, server), describeEnd(p, client))
	case "sigint":
		return p.T("server %s; client received %d of 2 replies and %s", describeEnd(p, server), replies, describeEnd(p, client))
	}
	return p.T("client received %d of 2 replies; server %s", replies, describeEnd(p, server))
}

// describeEnd says how a program ended, from its status and its last
// words: "killed by SIGPIPE (status 141)", `exited 1 after "error write:
// Broken pipe (32)"`, `printed "received 2 datagrams" and exited 0`.
func describeEnd(p *lang.Printer, o *engine.Outcome) string {
	switch {
	case o == nil:
		return p.Words("did not start")
	case o.Status < 0 || !strings.HasPrefix(o.Ending, "exit "):
		return explain.Ending(p, o.Ending, o.Status)
	}
	status := strings.TrimPrefix(o.Ending, "exit ")
	if last := lastLine(o.Lines("stderr")); last != "" {
		return p.T("exited %s after %q", status, last)
	}
	if last := lastLine(o.Lines("stdout")); strings.HasPrefix(last, "received ") && strings.HasSuffix(last, " datagrams") {
		return p.T("printed %q and exited %s", last, status)
	}
	return p.T("exited %s", status)
}
