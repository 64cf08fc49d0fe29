package main

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"graceclose/scripts/capture"
)

// TestPageInBrowser writes the close experiment's page (--html) and opens
// it in a real browser, headless Chromium: the page must render to a
// picture that is not blank, and its document must hold the run's arrows
// (FIN, RST, the reply) where packets were captured, and the verdict.
// Without Chromium (CI installs it) it is skipped, with the reason.
func TestPageInBrowser(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("chromium is not installed (apt-get install chromium): the page is not checked in a browser")
	}
	t.Parallel()
	dir := t.TempDir()
	page := filepath.Join(dir, "close.html")
	status, out, errs := runJobWith(t, withCapture, "close.sh", "--html", page)
	if status != exitOK {
		t.Fatalf("close.sh --html: exit status %d\n%s%s", status, out, errs)
	}
	if !hasLine(out, "the page: "+page+" (open it in a browser)") {
		t.Errorf("close.sh --html: it does not say where the page is:\n%s", out)
	}
	// The document and the picture, from two browsers at once (each with
	// a profile of its own): one after the other took twice as long.
	browser := func(profile string, args ...string) ([]byte, error) {
		args = append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
			"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
			"--user-data-dir=" + filepath.Join(dir, profile)}, args...)
		cmd := exec.Command(chromium, append(args, "file://"+page)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		got, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("chromium %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
		}
		return got, nil
	}
	shot := filepath.Join(dir, "close.png")
	shotDone := make(chan error, 1)
	go func() {
		_, err := browser("profile-shot", "--window-size=1300,1800", "--screenshot="+shot)
		shotDone <- err
	}()
	domBytes, err := browser("profile-dom", "--dump-dom")
	if err != nil {
		t.Fatal(err)
	}
	dom := string(domBytes)
	wants := []string{"verdict:", "close: client received 0 of 2 replies; server killed by SIGPIPE (status 141)", "<svg"}
	if ok, _ := capture.Available(capture.LoopbackInterface()); ok {
		wants = append(wants, ">FIN<", ">RST<", `PSH 9 "Hi, data1"`, "TCP_TIMEWAIT_SOCKET")
	} else {
		wants = append(wants, "no packets captured")
	}
	for _, want := range wants {
		if !strings.Contains(dom, want) {
			t.Errorf("the page's document as Chromium read it has no %q", want)
		}
	}
	if err := <-shotDone; err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("the screenshot: %v", err)
	}
	if colors := distinctColors(img); colors < 4 {
		t.Errorf("the page rendered to a picture of %d colors: blank", colors)
	}
}

// distinctColors counts the colors of a picture, up to a few.
func distinctColors(img image.Image) int {
	seen := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			r, g, bl, a := img.At(x, y).RGBA()
			seen[[4]uint32{r, g, bl, a}] = true
			if len(seen) > 16 {
				return len(seen)
			}
		}
	}
	return len(seen)
}
