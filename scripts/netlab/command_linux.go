package netlab

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strings"
	"time"
)

// commandTimeout bounds every command. ip, nft, tc and ss answer in
// milliseconds; one that hangs (the kernel still tearing a namespace down,
// a wedged netlink socket) fails with its command line instead of hanging
// the experiment.
const commandTimeout = 10 * time.Second

// run runs argv, with stdin on its standard input if not "", and returns
// its standard output. An error is a *CommandError.
func run(stdin string, argv ...string) (string, error) {
	line := commandLine(argv, stdin)
	if Log != nil {
		Log(line)
	}
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.WaitDelay = time.Second // a child holding its output open
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	err := cmd.Run()
	if ctx.Err() != nil {
		err = fmt.Errorf("no answer after %v", commandTimeout)
	}
	if err != nil {
		return stdout.String(), &CommandError{Command: line, Stderr: strings.TrimSpace(stderr.String()), Err: err}
	}
	return stdout.String(), nil
}

// nftIn runs an nft script in the namespace ns: ip netns exec NS nft -f -.
func nftIn(ns, script string) error {
	_, err := run(script, "ip", "netns", "exec", ns, "nft", "-f", "-")
	return err
}

// commandLine is argv as a learner would type it in a shell, with stdin as
// a here-document.
func commandLine(argv []string, stdin string) string {
	words := make([]string, len(argv))
	for i, a := range argv {
		words[i] = shellQuote(a)
	}
	line := strings.Join(words, " ")
	if stdin != "" {
		line += " <<'EOF'\n" + strings.TrimSuffix(stdin, "\n") + "\nEOF"
	}
	return line
}

// shellQuote quotes a word for a POSIX shell, only when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@%+,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
