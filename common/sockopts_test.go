package common

import (
	"strings"
	"testing"
)

// TestConnOptionsRounding: -keepalive counts whole seconds and
// -user-timeout whole milliseconds, both rounded up, at least 1; past
// their limits they are refused as too long.
func TestConnOptionsRounding(t *testing.T) {
	for text, want := range map[string]int{"1ns": 1, "300ms": 1, "1s": 1, "1.001s": 2, "1500ms": 2, "32767s": 32767} {
		var k Keepalive
		if err := k.Set(text); err != nil || k.Seconds() != want {
			t.Errorf("-keepalive %s: %d s, %v; want %d s", text, k.Seconds(), err, want)
		}
	}
	for text, want := range map[string]int{"1ns": 1, "1ms": 1, "1500us": 2, "2s": 2000, "2147483647ms": 2147483647} {
		var u UserTimeout
		if err := u.Set(text); err != nil || u.Milliseconds() != want {
			t.Errorf("-user-timeout %s: %d ms, %v; want %d ms", text, u.Milliseconds(), err, want)
		}
	}
	var k Keepalive
	if err := k.Set("32767.5s"); err == nil || err.Error() != "too long: at most 9h6m7s (32767 s, Linux's limit)" {
		t.Errorf("-keepalive 32767.5s: %v; want too long", err)
	}
	var u UserTimeout
	if err := u.Set("2147483648ms"); err == nil || !strings.HasPrefix(err.Error(), "too long: at most ") {
		t.Errorf("-user-timeout 2147483648ms: %v; want too long", err)
	}
}
