package netlab

import (
	"errors"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The tests in this file need no root.

func TestCommandLine(t *testing.T) {
	for _, tc := range []struct {
		argv  []string
		stdin string
		want  string
	}{
		{[]string{"ip", "-n", "graceclose-7-0-client", "link", "set", "veth-client", "down"}, "",
			"ip -n graceclose-7-0-client link set veth-client down"},
		{[]string{"ip", "-n", "ns", "addr", "add", "10.251.0.1/30", "dev", "veth-client"}, "",
			"ip -n ns addr add 10.251.0.1/30 dev veth-client"},
		{[]string{"sh", "-c", "echo it's"}, "", `sh -c 'echo it'\''s'`},
		{[]string{"printf", ""}, "", "printf ''"},
		{[]string{"nft", "-f", "-"}, "table netdev graceclose {\n}\n", "nft -f - <<'EOF'\ntable netdev graceclose {\n}\nEOF"},
	} {
		if got := commandLine(tc.argv, tc.stdin); got != tc.want {
			t.Errorf("commandLine(%q, %q):\ngot  %s\nwant %s", tc.argv, tc.stdin, got, tc.want)
		}
	}
}

// TestRunError: a failed command's error names the command line, how it
// ended and what it said on standard error; it is a *CommandError.
func TestRunError(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	out, err := run("", "sh", "-c", "echo out; echo oops >&2; exit 3")
	var ce *CommandError
	if !errors.As(err, &ce) {
		t.Fatalf("run: %v; want a *CommandError", err)
	}
	const want = `sh -c 'echo out; echo oops >&2; exit 3': exit status 3: oops`
	if ce.Error() != want || out != "out\n" {
		t.Errorf("run: %q, %q; want %q, %q", out, ce.Error(), "out\n", want)
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 3 {
		t.Errorf("run: %v; want it to unwrap to exit status 3", err)
	}
	if _, err := run("", "/nonexistent/ip", "netns"); err == nil || !strings.HasPrefix(err.Error(), "/nonexistent/ip netns: ") {
		t.Errorf("run(a missing program): %v; want an error naming the command", err)
	}
	if _, err := run("", "sh", "-c", "cat; exit 0"); err != nil {
		t.Errorf("run(a command that succeeds): %v; want nil", err)
	}
}

// TestLog: Log sees each command as a learner would type it, before it runs.
// (Not parallel: Log is the package's.)
func TestLog(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	var got []string
	Log = func(command string) { got = append(got, command) }
	defer func() { Log = nil }()
	_, _ = run("", "sh", "-c", "exit 0")
	_, _ = run("nft script\n", "cat")
	want := []string{"sh -c 'exit 0'", "cat <<'EOF'\nnft script\nEOF"}
	if !slices.Equal(got, want) {
		t.Errorf("logged %q; want %q", got, want)
	}
}

func TestLinkNames(t *testing.T) {
	out := readTestdata(t, "ip-o-link.txt")
	if got, want := linkNames(out), []string{"lo", "veth-server"}; !slices.Equal(got, want) {
		t.Errorf("linkNames(ip -o link show) = %q; want %q", got, want)
	}
}

func TestSumCounts(t *testing.T) {
	for _, tc := range []struct {
		out  string
		tc   bool
		want int
	}{
		{readTestdata(t, "nft-list-chain.txt"), false, 65},
		{readTestdata(t, "nft-list-chain-first.txt"), false, 0},
		{readTestdata(t, "nft-list-chain.txt") + readTestdata(t, "nft-list-chain.txt"), false, 130},
		{readTestdata(t, "tc-s-qdisc.txt"), true, 0},
		{"qdisc netem 8001: root refcnt 2 limit 1000 loss 10%\n Sent 1554 bytes 21 pkt (dropped 3, overlimits 0 requeues 0)\n", true, 3},
	} {
		if got := sumCounts(tc.out, tc.tc); got != tc.want {
			t.Errorf("sumCounts(%q) = %d; want %d", tc.out, got, tc.want)
		}
	}
}

func TestOwnerPID(t *testing.T) {
	for ns, want := range map[string]int{
		"graceclose-4242-0-client": 4242,
		"graceclose-7-12-void":     7,
		"graceclose-x-0-client":    0,
		"graceclose-0-0-client":    0,
		"graceclose-":              0,
		"other-4242-0-client":      0,
	} {
		if got, ok := ownerPID(ns); got != want || ok != (want != 0) {
			t.Errorf("ownerPID(%q) = %d, %v; want %d, %v", ns, got, ok, want, want != 0)
		}
	}
}

// TestDropScript: the faults' nft scripts, as the documentation shows them.
func TestDropScript(t *testing.T) {
	for _, tc := range []struct {
		file               string
		chain, iface, what string
		first              bool
	}{
		{"drop-first-fin.nft", "drop-first-fin-1", "veth-server", "tcp flags & fin == fin", true},
		{"drop-rst.nft", "drop-rst-2", "veth-client", "tcp flags & rst == rst", false},
		{"drop-all.nft", "drop-all-3", "veth-server", "", false},
	} {
		if got, want := dropScript(tc.chain, tc.iface, tc.what, tc.first), readTestdata(t, tc.file); got != want {
			t.Errorf("dropScript for %s:\ngot\n%s\nwant\n%s", tc.file, got, want)
		}
	}
}

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestProbeSaysWhat: without root, or without one of the commands, probe
// says what is missing and how to get it. (Not parallel: it changes PATH.)
func TestProbeSaysWhat(t *testing.T) {
	want := "two hosts need root (network namespaces): run it with sudo"
	if os.Geteuid() == 0 {
		ip, err := exec.LookPath("ip")
		if err != nil {
			t.Skip("no ip command")
		}
		dir := t.TempDir()
		if err := os.Symlink(ip, dir+"/ip"); err != nil {
			t.Fatal(err)
		}
		t.Setenv("PATH", dir)
		want = "two hosts need the nft command: sudo apt-get install nftables"
	}
	if ok, why := probe(); ok || why != want {
		t.Errorf("probe() = %v, %q; want false, %q", ok, why, want)
	}
}
