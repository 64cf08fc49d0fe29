package lang

import "testing"

// TestWidth: a Chinese character and a full-width mark take two columns,
// anything else one.
func TestWidth(t *testing.T) {
	for _, c := range []struct {
		text string
		want int
	}{
		{"", 0},
		{"FIN_WAIT2", 9},
		{"客户端", 6},
		{"结论：close", 11},
		{"（状态 141）", 12},
		{"… 1.00 s", 8},
	} {
		if got := Width(c.text); got != c.want {
			t.Errorf("Width(%q): got %d; want %d", c.text, got, c.want)
		}
	}
	for _, c := range []struct{ text, want string }{
		{"tcp: FIN_WAIT1 -> FIN_WAIT2", "tcp: FIN_..."},
		{"服务器端确认了我们的 FIN", "服务器端..."},
		{"短", "短"},
	} {
		if got := Clip(c.text, 12, "..."); got != c.want {
			t.Errorf("Clip(%q, 12, \"...\"): got %q; want %q", c.text, got, c.want)
		}
	}
	if got := Pad("服务器端", 10); got != "服务器端  " {
		t.Errorf("Pad(\"服务器端\", 10): got %q; want %q", got, "服务器端  ")
	}
}
