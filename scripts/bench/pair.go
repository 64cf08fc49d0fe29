package bench

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// Host is the address every measurement runs on.
const Host = "127.0.0.1"

// Pair is a client and a server measured together.
type Pair struct {
	Name           string // what the report calls it: "this", "other"
	Client, Server string // the programs' paths
	// PortEnv is how the programs get the port: "" as flags (the server
	// run as "SERVER -addr 127.0.0.1 -port N -delay 0", the client as
	// "CLIENT -port N 127.0.0.1"); else the name of the environment
	// variable that holds it (the server then gets no arguments, the
	// client only the address, and the server must answer at once by
	// itself, as the lesson's C server built for this does with NODELAY).
	PortEnv string
}

// serverCommand is the command that runs the pair's server at port.
func (p Pair) serverCommand(port int) *exec.Cmd {
	if p.PortEnv != "" {
		return p.command(port, p.Server)
	}
	return p.command(port, p.Server, "-addr", Host, "-port", strconv.Itoa(port), "-delay", "0")
}

// clientCommand is the command that runs the pair's client, to port.
func (p Pair) clientCommand(port int) *exec.Cmd {
	if p.PortEnv != "" {
		return p.command(port, p.Client, Host)
	}
	return p.command(port, p.Client, "-port", strconv.Itoa(port), Host)
}

func (p Pair) command(port int, path string, args ...string) *exec.Cmd {
	cmd := exec.Command(path, args...)
	if p.PortEnv != "" {
		cmd.Env = append(os.Environ(), p.PortEnv+"="+strconv.Itoa(port))
	}
	return cmd
}

// Shown is the command that runs the pair's "server" or "client" as a
// person would type it, the port as N, a path under root made relative.
func (p Pair) Shown(which, root string) string {
	cmd := p.serverCommand(0)
	if which == "client" {
		cmd = p.clientCommand(0)
	}
	words := append([]string(nil), cmd.Args...)
	if rel, err := filepath.Rel(root, words[0]); err == nil && root != "" && !strings.HasPrefix(rel, "..") {
		words[0] = rel
	}
	for i, w := range words {
		if w == "0" && i > 0 && words[i-1] == "-port" {
			words[i] = "N"
		}
	}
	shown := strings.Join(words, " ")
	if p.PortEnv != "" {
		shown = p.PortEnv + "=N " + shown
	}
	return shown
}
