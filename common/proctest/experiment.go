package proctest

import "testing"

// Experiment is one run of the lesson's experiment: graceserver started with
// ServerArgs, graceclient connected to it, and the lesson's lines typed into
// the client as a person would: "data1", then, once the server has read it,
// "data2", then Closing ("close" or "shutdown") once data2 is sent, all
// before the server's first reply.
type Experiment struct {
	Host       string   // the loopback address both use: "127.0.0.1" or "::1"
	Closing    string   // "close" or "shutdown"
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
	server, port := StartServerCommand(t, command, host, append([]string{"-delay", DelayArg()}, e.ServerArgs...)...)
	client = Start(t, Client(t), append(append([]string{"-port", PortArg(port), "-sleep", "50ms"}, e.ClientArgs...), host)...)

	client.Type("data1\n")
	server.WaitStdout("received 5 bytes: data1\n", 1)
	during := make(chan struct{})
	go func() {
		defer close(during)
		if e.During != nil {
			e.During(client, server)
		}
	}()
	client.Type("data2\n")
	client.WaitStdout("send bytes: 5 \n", 2)
	client.Type(e.Closing + "\n")
	<-during
	client.Wait()
	server.Wait()
	return client, server
}
