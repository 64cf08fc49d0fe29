package common

import (
	"flag"
	"math"
	"slices"
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
	for _, text := range []string{"", "soon", "-1", "-1s", "NaN", "1e300", "5 s", "Inf", ".", "s", "1x"} {
		var s Seconds
		if err := s.Set(text); err == nil {
			t.Errorf("Set(%q) = %v; want an error", text, s.Duration())
		}
	}
}

// TestSecondsLimit: the longest pause is time.Duration's, to the
// nanosecond, written either way; one nanosecond more is too long, and says
// what the limit is.
func TestSecondsLimit(t *testing.T) {
	for _, text := range []string{"9223372036.854775807", "2562047h47m16.854775807s", "9223372036854775807ns"} {
		var s Seconds
		if err := s.Set(text); err != nil || s.Duration() != math.MaxInt64 {
			t.Errorf("Set(%q) = %v, %v; want %v", text, s.Duration(), err, time.Duration(math.MaxInt64))
		}
	}
	const tooLong = "too long: at most 2562047h47m16.854775807s (9223372036.854775807 seconds)"
	for _, text := range []string{"9223372036.854775808", "9999999h", "2562047h47m16.854775808s", "1e300", "106752d", "300000000000"} {
		var s Seconds
		err := s.Set(text)
		if text == "106752d" {
			// Not a Go duration (no unit d): not called too long.
			if err == nil || err.Error() == tooLong {
				t.Errorf("Set(%q) = %v, %v; want it refused as no duration", text, s.Duration(), err)
			}
			continue
		}
		if err == nil || err.Error() != tooLong {
			t.Errorf("Set(%q) = %v, %v; want %q", text, s.Duration(), err, tooLong)
		}
	}
	for _, text := range []string{"-9999999h", "-1e300"} {
		var s Seconds
		if err := s.Set(text); err == nil || err.Error() != "must not be negative" {
			t.Errorf("Set(%q) = %v; want must not be negative", text, err)
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

// TestParseFlagsAnyOrder: flags after an argument count, as before it;
// after "--" all is arguments.
func TestParseFlagsAnyOrder(t *testing.T) {
	for _, tc := range []struct {
		args, want []string
		port       Port
	}{
		{[]string{"127.0.0.1"}, []string{"127.0.0.1"}, 43211},
		{[]string{"-port", "9", "127.0.0.1"}, []string{"127.0.0.1"}, 9},
		{[]string{"127.0.0.1", "-port", "9"}, []string{"127.0.0.1"}, 9},
		{[]string{"a", "-port", "9", "b"}, []string{"a", "b"}, 9},
		{[]string{"a", "--", "-port", "9"}, []string{"a", "-port", "9"}, 43211},
		{nil, nil, 43211},
	} {
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		port := Port(43211)
		fs.Var(&port, "port", "")
		got := ParseFlags(fs, tc.args, "usage", "about")
		if !slices.Equal(got, tc.want) || port != tc.port {
			t.Errorf("ParseFlags(%q) = %q, -port %d; want %q, -port %d", tc.args, got, port, tc.want, tc.port)
		}
	}
}
