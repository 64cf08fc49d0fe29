package proctest

import "testing"

// WantExit waits for p to end and checks how it ended.
func WantExit(t *testing.T, p *Proc, want Exit) {
	t.Helper()
	if got := p.Wait(); got != want {
		t.Errorf("%s: %s; want %s (stderr %q)", p.name, got, want, p.Stderr())
	}
}

// WantText checks an output against what it should be, byte for byte.
func WantText(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s:\ngot  %q\nwant %q", what, got, want)
	}
}
