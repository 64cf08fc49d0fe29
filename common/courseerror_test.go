package common

import (
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// The lesson's messages depend on these strings being glibc's.
func TestStrerrorCourseStrings(t *testing.T) {
	for errno, want := range map[unix.Errno]string{
		unix.ECONNREFUSED: "Connection refused",
		unix.EADDRINUSE:   "Address already in use",
		unix.EPIPE:        "Broken pipe",
		unix.ECONNRESET:   "Connection reset by peer",
	} {
		if got := Strerror(errno); got != want {
			t.Errorf("Strerror(%d) = %q; want %q", int(errno), got, want)
		}
	}
}

// TestStrerrorMatchesC compares every errno with the C library's strerror,
// as perl's $! reports it.
func TestStrerrorMatchesC(t *testing.T) {
	perl, err := exec.LookPath("perl")
	if err != nil {
		t.Skip("perl (a window on the C library's strerror) is not installed")
	}
	out, err := exec.Command(perl, "-e", `for (1..133) { $! = $_; print "$_\t$!\n" }`).Output()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		num, text, _ := strings.Cut(line, "\t")
		n, _ := strconv.Atoi(num)
		errno := unix.Errno(n)
		if strings.HasPrefix(errno.Error(), "errno ") || strings.HasPrefix(text, "Unknown error") {
			continue // numbers one side does not know
		}
		checked++
		if got := Strerror(errno); got != text {
			t.Errorf("Strerror(%d) = %q; the C library says %q", n, got, text)
		}
	}
	if checked < 100 {
		t.Errorf("compared only %d errnos with the C library", checked)
	}
}
