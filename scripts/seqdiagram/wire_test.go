package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestWireLive runs scripts/wire.sh close --fast, a real capture of the
// close experiment, where capturing is possible (root, with tcpdump), and
// checks its diagram: the client's FIN, the server's data, the client's RST,
// nothing after. Elsewhere it is skipped, saying why.
func TestWireLive(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("capturing packets needs root; run the tests as root to draw a live diagram")
	}
	if _, err := exec.LookPath("tcpdump"); err != nil {
		t.Skip("tcpdump is not installed: no live capture")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	tmp := t.TempDir()
	cmd := exec.CommandContext(ctx, "bash", "../wire.sh", "close", "--fast")
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	pgid := cmd.Process.Pid
	defer func() {
		// wire.sh stops tcpdump and the programs itself; anything left
		// of its process group is a bug.
		deadline := time.Now().Add(2 * time.Second)
		for syscall.Kill(-pgid, 0) == nil {
			if time.Now().After(deadline) {
				_ = syscall.Kill(-pgid, syscall.SIGKILL)
				t.Errorf("wire.sh left processes running")
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		if entries, _ := os.ReadDir(tmp); len(entries) > 0 {
			t.Errorf("wire.sh left %d files in TMPDIR, the first %s", len(entries), entries[0].Name())
		}
	}()
	text := out.String()
	if ctx.Err() != nil {
		t.Fatalf("wire.sh close --fast: still running after 3m\n%s", text)
	}
	if _, why, found := strings.Cut(text, "no diagrams: "); found {
		t.Skipf("wire.sh cannot capture here: %s", strings.SplitN(why, "\n", 2)[0])
	}
	if err != nil {
		t.Fatalf("wire.sh close --fast: %v\n%s", err, text)
	}
	rest := text
	for _, want := range []string{
		`\|-+ FIN -+>\|`,               // the client's FIN
		`\|<-+ PSH 9 "Hi, data1" -+\|`, // the server's first reply
		`\|-+ RST -+>\|`,               // answered by the client's RST
		`\[killed by SIGPIPE \(status 141\)\]`,
		`wire: as the lesson's close diagram`,
	} {
		loc := regexp.MustCompile(want).FindStringIndex(rest)
		if loc == nil {
			t.Fatalf("no %s after the lines before it in:\n%s", want, text)
		}
		if want == `\|-+ RST -+>\|` {
			// Nothing on the wire after the RST.
			if arrow := regexp.MustCompile(`-+>\||\|<-+`).FindString(rest[loc[1]:]); arrow != "" {
				t.Errorf("an arrow after the RST (%s):\n%s", arrow, text)
			}
		}
		rest = rest[loc[1]:]
	}
}
