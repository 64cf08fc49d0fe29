package common

import (
	"testing"
	"time"
)

func TestSecondsSet(t *testing.T) {
	for text, want := range map[string]time.Duration{
		"5s": 5 * time.Second, "300ms": 300 * time.Millisecond, "5": 5 * time.Second,
		"0.25": 250 * time.Millisecond, "0": 0, "1h": time.Hour,
	} {
		var s Seconds
		if err := s.Set(text); err != nil || s.Duration() != want {
			t.Errorf("Set(%q) = %v, %v; want %v", text, s.Duration(), err, want)
		}
	}
	for _, text := range []string{"", "soon", "-1", "-1s", "NaN", "1e300", "5 s"} {
		var s Seconds
		if err := s.Set(text); err == nil {
			t.Errorf("Set(%q) = %v; want an error", text, s.Duration())
		}
	}
}

func TestPortSet(t *testing.T) {
	for text, want := range map[string]Port{"1": 1, "43211": 43211, "65535": 65535} {
		var p Port
		if err := p.Set(text); err != nil || p != want {
			t.Errorf("Set(%q) = %v, %v; want %v", text, p, err, want)
		}
	}
	for _, text := range []string{"0", "65536", "-1", "http", ""} {
		var p Port
		if err := p.Set(text); err == nil {
			t.Errorf("Set(%q) = %v; want an error", text, p)
		}
	}
}
