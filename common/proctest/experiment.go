package proctest

import (
	"path/filepath"
	"testing"

	"graceclose/scripts/scenario"
)

// Experiment is one run of the lesson's experiment, as its scenario
// (scripts/scenarios/close.txt or shutdown.txt) types it: graceserver
// started with ServerArgs, graceclient connected to it, and the lines typed
// into the client as a person would, each once the lines the scenario writes
// above it have been printed: "data1", then, once the server has read it,
// "data2", then Closing ("close" or "shutdown") once data2 is sent, all
// before the server's first reply.
type Experiment struct {
	Host       string   // the loopback address both use: "127.0.0.1" or "::1"
	Closing    string   // "close" or "shutdown": the scenario
	ServerArgs []string // e.g. "-sigpipe", "ignore"
	ClientArgs []string // e.g. "-trace"; they come before the address
	// ServerCommand, if set, runs the server: a wrapper and its arguments,
	// followed by the server's path (see Server).
	ServerCommand []string
	// During, if set, runs while the experiment is under way, from the
	// server's first line on; the experiment waits for it before ending.
	During func(client, server *Proc)
}

// Run runs the experiment and returns both programs, ended.
func (e Experiment) Run(t testing.TB) (client, server *Proc) {
	t.Helper()
	host := e.Host
	if host == "" {
		host = "127.0.0.1"
	}
	command := e.ServerCommand
	if command == nil {
		command = []string{Server(t)}
	}
	sc := lessonScenario(t, e.Closing)
	server, port := StartServerCommand(t, command, host, append([]string{"-delay", DelayArg()}, e.ServerArgs...)...)
	client = Start(t, Client(t), append(append([]string{"-port", PortArg(port), "-sleep", "50ms"}, e.ClientArgs...), host)...)
	procs := map[string]*Proc{"client": client, "server": server}

	during := make(chan struct{})
	started := false
	startDuring := func() {
		started = true
		go func() {
			defer close(during)
			if e.During != nil {
				e.During(client, server)
			}
		}()
	}
	seen := map[string]int{} // how many times each line is expected so far
	var pending []scenario.Step
	for _, st := range sc.Steps {
		switch st.Op {
		case scenario.Print:
			pending = append(pending, st)
		case scenario.Type:
			for _, p := range pending {
				key := p.Who + " " + p.Stream + " " + p.Text
				seen[key]++
				if p.Stream == "stderr" {
					procs[p.Who].WaitStderr(p.Text + "\n")
				} else {
					procs[p.Who].WaitStdout(p.Text+"\n", seen[key])
				}
				if p.Who == "server" && !started {
					startDuring()
				}
			}
			pending = nil
			procs[st.Who].Type(st.Text + "\n")
		}
	}
	if !started {
		startDuring()
	}
	<-during
	client.Wait()
	server.Wait()
	return client, server
}

// lessonScenario loads scripts/scenarios/NAME.txt from the module.
func lessonScenario(t testing.TB, name string) *scenario.Scenario {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Load(filepath.Join(root, "scripts", "scenarios", name+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}
